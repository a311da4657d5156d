import {
  analyseLedger,
  computeExpectedProgress,
  LEDGER_FORMAT,
  type Ledger,
  type LedgerTask,
  type PeriodRef,
} from '@duban/core';
import type { Database } from '../db/dialect.ts';
import { AppError } from '../errors.ts';
import { findLatestImportWarnings } from '../repos/import-batches.repo.ts';
import { findPeriodByLabel, listPeriods, type PeriodRecord } from '../repos/plans.repo.ts';
import { listConsolidatedProgress } from '../repos/progress.repo.ts';
import { listPlanTasks, listSections, listTaskUnits } from '../repos/tasks.repo.ts';
import { cachedAnalysis } from './analysis-cache.ts';
import { getPlanRules, loadMilestones, loadPeopleFigures } from './figures.service.ts';
import { getOrganization } from './organization.service.ts';

export interface ExportLedgerOptions {
  /** The organisation's name; may be left out when the database holds only one. */
  organization?: string;
  /** `2023Q2` */
  period: string;
}

/**
 * The stored ledger of a period as `duban.ledger/1`: what was imported, with the current
 * progress. Figures, status and findings are not stored: core's analyseLedger recomputes them
 * from the stored text, with the previous period's progress for `stale-progress`. The
 * ledger-level warnings are those of the period's latest import. Cached while the
 * organisation's data version holds (services/analysis-cache.ts): do not mutate the result.
 */
export async function exportLedger(
  database: Database,
  options: ExportLedgerOptions,
): Promise<Ledger> {
  const { db } = database;
  const organization = await getOrganization(db, options.organization);
  const period = await findPeriodByLabel(db, organization.id, options.period);
  if (period === undefined) {
    throw new AppError('period-not-found', `${organization.name}没有 ${options.period} 期的台账`);
  }
  return cachedAnalysis(
    db,
    organization.id,
    `export:${period.id}:${organization.name}`,
    () => analyseStoredPeriod(database, organization, period),
    (ledger) => ledger.tasks.length,
  );
}

async function analyseStoredPeriod(
  database: Database,
  organization: { id: number; name: string },
  period: PeriodRecord,
): Promise<Ledger> {
  const { db } = database;
  // The label is stored only in this form (periods_org_label_unique and the import's check).
  const ref = { year: period.year, quarter: period.quarter, label: period.label } as PeriodRef;
  const sections = await listSections(db, period.planId);
  const ordinalById = new Map(sections.map((section) => [section.id, section.ordinal]));
  const tasks = await listPlanTasks(db, period.planId);
  const taskIds = tasks.map((task) => task.id);
  const units = await listTaskUnits(db, taskIds);
  const progress = await listConsolidatedProgress(db, period.id, taskIds);
  const expected = computeExpectedProgress(ref);
  const periods = await listPeriods(db, organization.id, [period.planId]);
  const before = periods[periods.findIndex((p) => p.id === period.id) - 1];
  const previousProgress =
    before === undefined ? undefined : await listConsolidatedProgress(db, before.id, taskIds);

  const ledgerTasks = tasks.map((task): LedgerTask => {
    const own = units.get(task.id) ?? [];
    const ledgerTask: LedgerTask = {
      no: task.no,
      section: ordinalById.get(task.sectionId) ?? '',
      text: task.text,
      lead: own.filter((unit) => unit.role === 'lead').map((unit) => unit.name),
      co: own.filter((unit) => unit.role === 'co').map((unit) => unit.name),
      progress: progress.get(task.id)?.text ?? '',
      targets: [],
      actuals: [],
      status: { completion: null, expected, light: 'grey' },
      warnings: task.warnings,
    };
    if (task.extra !== null) ledgerTask.extra = task.extra;
    return ledgerTask;
  });
  const warnings = await findLatestImportWarnings(db, period.id);
  const stored: Ledger = {
    format: LEDGER_FORMAT,
    title: period.title,
    organization: organization.name,
    period: ref,
    sections: sections.map((section) => ({ ordinal: section.ordinal, title: section.title })),
    tasks: ledgerTasks,
    findings: [],
    warnings: warnings ?? [],
  };
  const previous =
    previousProgress === undefined
      ? undefined
      : tasks.map((task) => ({ no: task.no, progress: previousProgress.get(task.id)?.text ?? '' }));
  // Issue 5: the plan's light rules and what people confirmed, as the screens show them.
  const { confirmed, assessed } = await loadPeopleFigures(db, tasks, period.id);
  return analyseLedger(stored, {
    previous,
    rules: await getPlanRules(db, period.planId),
    confirmed,
    assessments: assessed,
    milestones: await loadMilestones(db, tasks),
  });
}
