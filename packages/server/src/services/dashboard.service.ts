/**
 * The leaders' dashboard: the period's stored ledger and the plan's earlier periods, analysed
 * by core (`analyseLedger` through `exportLedger`) and summarised by core's
 * `summarizeDashboard`. No SQL aggregates: the dashboard counts exactly what the report counts.
 */
import {
  summarizeDashboard,
  type Dashboard,
  type dashboardQuerySchema,
  type Ledger,
} from '@duban/core';
import type { z } from 'zod';
import type { Database } from '../db/dialect.ts';
import { AppError } from '../errors.ts';
import { findPlanById, listPeriods, listPlans } from '../repos/plans.repo.ts';
import { listReportedPeriodIds } from '../repos/progress.repo.ts';
import { listPlanTasks } from '../repos/tasks.repo.ts';
import { listUnits } from '../repos/units.repo.ts';
import type { UserRecord } from '../repos/users.repo.ts';
import { exportLedger } from './export.service.ts';

type Viewer = Pick<UserRecord, 'orgId' | 'orgName'>;

async function findDefaultPeriodIndex(
  database: Database,
  viewer: Viewer,
  planId: number,
  periods: readonly { id: number }[],
): Promise<number> {
  const reported = await listReportedPeriodIds(database.db, viewer.orgId, planId);
  const latest = periods.findLastIndex((period) => reported.has(period.id));
  return latest === -1 ? periods.length - 1 : latest;
}

/**
 * The dashboard of one period. By default the latest plan's latest period that has reported
 * progress (`listReportedPeriodIds`: published or closed, or with a text imported from a ledger
 * or accepted by the office) — a round just opened is all grey, which tells a leader nothing;
 * its submitted but unaccepted texts are the units' word, not yet the office's. With no
 * reported period at all, the latest one. The round itself stays one pick away in `periods`.
 */
export async function getDashboard(
  database: Database,
  viewer: Viewer,
  query: z.output<typeof dashboardQuerySchema>,
): Promise<Dashboard> {
  const { db } = database;
  const plan =
    query.plan === undefined
      ? (await listPlans(db, viewer.orgId))[0]
      : await findPlanById(db, viewer.orgId, query.plan);
  if (plan === undefined) {
    throw new AppError(
      'not-found',
      query.plan === undefined ? '还没有任何台账，请先导入' : '没有这个年度计划',
    );
  }
  const periods = await listPeriods(db, viewer.orgId, [plan.id]);
  const index =
    query.period === undefined
      ? await findDefaultPeriodIndex(database, viewer, plan.id, periods)
      : periods.findIndex((period) => period.label === query.period);
  const period = periods[index];
  if (period === undefined) {
    throw new AppError('period-not-found', `该年度计划没有 ${query.period ?? ''} 期`);
  }
  const load = (label: string): Promise<Ledger> =>
    exportLedger(database, { organization: viewer.orgName, period: label });
  const ledger = await load(period.label);
  const previous: Ledger[] = [];
  for (const earlier of periods.slice(0, index)) previous.push(await load(earlier.label));
  const summary = summarizeDashboard(ledger, previous);

  const taskIds = new Map((await listPlanTasks(db, plan.id)).map((task) => [task.no, task.id]));
  const unitIds = new Map((await listUnits(db, viewer.orgId)).map((unit) => [unit.name, unit.id]));
  const toPeriodDto = (p: (typeof periods)[number]) => ({
    id: p.id,
    label: p.label,
    year: p.year,
    quarter: p.quarter,
  });
  return {
    plan: { id: plan.id, title: plan.title },
    period: toPeriodDto(period),
    periods: periods.map(toPeriodDto),
    organization: viewer.orgName,
    kpis: summary.kpis,
    lights: summary.lights,
    bySection: summary.bySection,
    byLead: summary.byLead.map((lead) => ({ ...lead, unitId: unitIds.get(lead.unit) ?? null })),
    trend: summary.trend,
    behind: summary.behind.map((task) => ({
      taskId: taskIds.get(task.no) ?? null,
      no: task.no,
      section: task.section,
      text: task.text,
      lead: task.lead,
      light: task.light,
      completion: task.completion,
      expected: task.expected,
      gapText: task.gapText,
    })),
    findings: summary.findings.map(({ kind, tasks, message }) => ({ kind, tasks, message })),
  };
}
