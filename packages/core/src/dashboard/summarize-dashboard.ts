/**
 * The leaders' dashboard (仪表盘) as data: counts by light for the period, by section and by
 * lead unit, the trend over the plan's periods, the tasks behind and the open findings. Built
 * from analysed ledgers, with the report's own counting, so the dashboard and the report agree.
 */
import type { Finding, Ledger, Light } from '../ledger/types.ts';
import { buildReportModel } from '../report/build-report-model.ts';
import type { BehindTask, LightCounts } from '../report/report-model.ts';
import { countLights } from '../report/summarize-tasks.ts';

export interface DashboardKpis {
  total: number;
  done: number;
  /** Green: on track. */
  onTrack: number;
  /** Yellow and red. */
  behind: number;
  /** Tasks whose progress for the period is empty. */
  notReported: number;
}

export interface DashboardSummary {
  title: string;
  organization: string;
  period: Ledger['period'];
  kpis: DashboardKpis;
  lights: LightCounts;
  bySection: { ordinal: string; title: string; counts: LightCounts }[];
  /** Lead units with most tasks behind first, then most tasks (as the report orders them). */
  byLead: { unit: string; counts: LightCounts }[];
  /** One point per period, oldest first, ending with this one. */
  trend: { period: string; counts: LightCounts; notReported: number }[];
  /** Red before yellow, then the widest gap first. */
  behind: BehindTask[];
  findings: Finding[];
}

const BEHIND_ORDER: Record<Light, number> = { red: 0, yellow: 1, green: 2, done: 3, grey: 4 };

function countNotReported(ledger: Ledger): number {
  return ledger.tasks.filter((task) => task.progress.trim() === '').length;
}

/**
 * Summarises a period for the dashboard. `previousLedgers` are the plan's earlier periods,
 * analysed the same way, in any order (they are sorted by year and quarter).
 */
export function summarizeDashboard(
  ledger: Ledger,
  previousLedgers: readonly Ledger[] = [],
): DashboardSummary {
  const model = buildReportModel(ledger, { summary: true });
  const summary = model.summary;
  const lights = model.counts;
  const ordered = [...previousLedgers, ledger].sort(
    (a, b) => a.period.year - b.period.year || a.period.quarter - b.period.quarter,
  );
  const behind = [...model.behind].sort(
    (a, b) =>
      BEHIND_ORDER[a.light] - BEHIND_ORDER[b.light] ||
      (b.gap ?? Number.NEGATIVE_INFINITY) - (a.gap ?? Number.NEGATIVE_INFINITY),
  );
  return {
    title: ledger.title,
    organization: ledger.organization,
    period: ledger.period,
    kpis: {
      total: lights.total,
      done: lights.done,
      onTrack: lights.green,
      behind: lights.yellow + lights.red,
      notReported: countNotReported(ledger),
    },
    lights,
    bySection: summary?.bySection ?? [],
    byLead: summary?.byLead ?? [],
    trend: ordered.map((item) => ({
      period: item.period.label,
      counts: countLights(item.tasks),
      notReported: countNotReported(item),
    })),
    behind,
    findings: ledger.findings,
  };
}
