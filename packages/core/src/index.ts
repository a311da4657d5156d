export * from './result/result.ts';
export * from './grid/grid.ts';
export * from './ledger/types.ts';
export * from './contracts/api.ts';
export * from './contracts/import-api.ts';
export * from './period/period.ts';
export * from './units/split-units.ts';
export * from './units/propose-units.ts';
export * from './findings/progress-findings.ts';
export * from './ledger/columns.ts';
export * from './ledger/row-patterns.ts';
export * from './ledger/title.ts';
export * from './ledger/ledger-schema.ts';
export * from './ledger/parse-ledger-grid.ts';
export * from './ledger/parse-ledger-json.ts';
export * from './ledger/match-plan.ts';
export * from './report/report-model.ts';
export * from './report/build-report-model.ts';
export {
  REPORT_LIGHT_FULL_LABELS,
  REPORT_LIGHT_LABELS,
  REPORT_LIGHT_ORDER,
} from './report/report-text.ts';
export { formatSectionHeading } from './report/summarize-tasks.ts';
export { parseChineseNumber } from './numbers/chinese-number.ts';
export { findQuantities, parseQuantity, type Quantity } from './numbers/quantities.ts';
export { isSameUnitKind, normalizeUnit } from './numbers/units.ts';
export { extractTargets } from './figures/targets.ts';
export * from './figures/confirmed-figures.ts';
export { extractActuals, extractProgressFigures, type ProgressFigures } from './figures/actuals.ts';
export { matchActuals } from './figures/match.ts';
export { compareMetrics } from './figures/metric.ts';
export { expectedProgress, type Milestones } from './status/expected-progress.ts';
export * from './status/milestones.ts';
export * from './status/light-rules.ts';
export {
  computeStatus,
  lightFor,
  type Assessment,
  type StatusDetail,
  type StatusInput,
  type TargetProgress,
} from './status/compute-status.ts';
export * from './status/escalate.ts';
export {
  findClaimsWithoutFigures,
  findConflictingFigures,
  findFigureFindings,
  findStaleProgress,
  findTargetsWithoutFigures,
} from './findings/figure-findings.ts';
export * from './ledger/analyse-ledger.ts';
export * from './round/round-state.ts';
export * from './round/round-list.ts';
export * from './round/diff-text.ts';
export * from './contracts/round-api.ts';
export * from './contracts/notifications-api.ts';
export * from './contracts/round-extras-api.ts';
export * from './round/timeliness.ts';
export * from './dashboard/summarize-dashboard.ts';
