import type {
  ledgerQuerySchema,
  LedgerWarning,
  LedgerView,
  PeriodDto,
  PlanDto,
  TaskDetail,
  TaskRow,
  UnitRef,
  WarningDto,
} from '@duban/core';
import type { z } from 'zod';
import type { Database } from '../db/dialect.ts';
import { AppError } from '../errors.ts';
import {
  findPlanById,
  listPeriods,
  listPlans,
  type PeriodRecord,
  type PlanRecord,
} from '../repos/plans.repo.ts';
import { listConsolidatedProgress, listProgressHistory } from '../repos/progress.repo.ts';
import { attachFigures } from './figures.service.ts';
import { searchTaskIds } from '../repos/search.repo.ts';
import {
  countPlanTasks,
  findTask,
  listFilteredTasks,
  listSections,
  listTaskUnits,
  type TaskRecord,
  type TaskUnitRecord,
} from '../repos/tasks.repo.ts';
import { listPlanUnits, listUnits } from '../repos/units.repo.ts';
import type { UserRecord } from '../repos/users.repo.ts';

/** The caller's organisation; every read is scoped to it. */
type Viewer = Pick<UserRecord, 'orgId' | 'orgName'>;

export type LedgerQuery = z.output<typeof ledgerQuerySchema>;

function toPeriodDto(period: PeriodRecord): PeriodDto {
  return { id: period.id, label: period.label, year: period.year, quarter: period.quarter };
}

function toPlanDto(plan: PlanRecord, periods: PeriodRecord[], viewer: Viewer): PlanDto {
  return {
    id: plan.id,
    title: plan.title,
    organization: viewer.orgName,
    year: plan.year,
    periods: periods.filter((period) => period.planId === plan.id).map(toPeriodDto),
  };
}

/** The organisation's plans, the latest year first, each with its periods in order. */
export async function listPlanDtos(database: Database, viewer: Viewer): Promise<PlanDto[]> {
  const plans = await listPlans(database.db, viewer.orgId);
  const periods = await listPeriods(
    database.db,
    viewer.orgId,
    plans.map((plan) => plan.id),
  );
  return plans.map((plan) => toPlanDto(plan, periods, viewer));
}

export function listUnitDtos(database: Database, viewer: Viewer): Promise<UnitRef[]> {
  return listUnits(database.db, viewer.orgId);
}

function pickPeriod(periods: PeriodRecord[], label: string | undefined): PeriodRecord {
  const period = label === undefined ? periods.at(-1) : periods.find((p) => p.label === label);
  if (period === undefined) {
    throw new AppError(
      'not-found',
      label === undefined ? '该年度计划还没有任何期次' : `该年度计划没有 ${label} 期`,
    );
  }
  return period;
}

/** Only the contract's fields go out (not the source reference). */
function toWarningDtos(warnings: LedgerWarning[]): WarningDto[] {
  return warnings.map(({ code, message, field }) =>
    field === undefined ? { code, message } : { code, message, field },
  );
}

function toTaskRow(
  task: TaskRecord & { sectionOrdinal: string },
  units: TaskUnitRecord[],
  progress: string | undefined,
): TaskRow {
  const lead = units.filter((unit) => unit.role === 'lead');
  const co = units.filter((unit) => unit.role === 'co');
  const ref = (unit: TaskUnitRecord): UnitRef => ({ id: unit.unitId, name: unit.name });
  return {
    id: task.id,
    no: task.no,
    section: task.sectionOrdinal,
    text: task.text,
    lead: lead.map(ref),
    co: co.map(ref),
    progress: progress ?? null,
    inferred: { lead: lead.some((unit) => unit.inferred), co: co.some((unit) => unit.inferred) },
    warnings: toWarningDtos(task.warnings),
  };
}

/**
 * The ledger of one period of one plan (by default the latest plan and its latest period),
 * filtered by section, unit (as lead, co-unit or either) and a search term.
 */
export async function getLedgerView(
  database: Database,
  viewer: Viewer,
  query: LedgerQuery,
): Promise<LedgerView> {
  const { db } = database;
  const { orgId } = viewer;
  const plan =
    query.plan === undefined
      ? (await listPlans(db, orgId))[0]
      : await findPlanById(db, orgId, query.plan);
  if (plan === undefined) {
    throw new AppError(
      'not-found',
      query.plan === undefined ? '还没有任何台账，请先导入' : '没有这个年度计划',
    );
  }
  const periods = await listPeriods(db, orgId, [plan.id]);
  const period = pickPeriod(periods, query.period);
  const q = query.q === undefined || query.q === '' ? undefined : query.q;
  const taskIds =
    q === undefined
      ? undefined
      : await searchTaskIds(db, { orgId, planId: plan.id, q, dialect: database.dialect });
  const tasks = await listFilteredTasks(db, {
    orgId,
    planId: plan.id,
    sectionOrdinal: query.section,
    unitId: query.unit,
    unitRole: query.unitRole,
    taskIds,
  });
  const ids = tasks.map((task) => task.id);
  const units = await listTaskUnits(db, ids);
  const progress = await listConsolidatedProgress(db, period.id, ids);
  const sections = await listSections(db, plan.id);
  // Issue 5: status and figures from core, then the light filter and the counts per light.
  const figured = await attachFigures(
    db,
    plan,
    periods,
    period,
    tasks.map((task) => toTaskRow(task, units.get(task.id) ?? [], progress.get(task.id)?.text)),
    query.light,
  );
  return {
    plan: toPlanDto(plan, periods, viewer),
    period: toPeriodDto(period),
    sections: sections.map(({ ordinal, title }) => ({ ordinal, title })),
    units: await listPlanUnits(db, orgId, plan.id),
    tasks: figured.tasks,
    total: await countPlanTasks(db, plan.id),
    lights: figured.lights,
  };
}

/**
 * One task with everything stored about it: its row for a period (by default the plan's
 * latest), the extra columns, and every version of its progress across periods.
 */
export async function getTaskDetail(
  database: Database,
  viewer: Viewer,
  id: number,
  periodLabel: string | undefined,
): Promise<TaskDetail> {
  const { db } = database;
  const task = await findTask(db, viewer.orgId, id);
  if (task === undefined) throw new AppError('not-found', '没有这项任务');
  const plan = await findPlanById(db, viewer.orgId, task.planId);
  if (plan === undefined) throw new Error(`task ${id} has no plan ${task.planId}`);
  const periods = await listPeriods(db, viewer.orgId, [plan.id]);
  const period = pickPeriod(periods, periodLabel);
  const units = await listTaskUnits(db, [task.id]);
  const progress = await listConsolidatedProgress(db, period.id, [task.id]);
  const history = await listProgressHistory(db, task.id);
  return {
    ...toTaskRow(task, units.get(task.id) ?? [], progress.get(task.id)?.text),
    plan: toPlanDto(plan, periods, viewer),
    sectionTitle: task.sectionTitle,
    extra: task.extra ?? {},
    history: history.map((entry) => ({
      period: entry.periodLabel,
      text: entry.text,
      version: entry.version,
      updatedAt: entry.createdAt,
      author: entry.author,
    })),
  };
}
