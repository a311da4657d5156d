import {
  ledgerViewSchema,
  type ledgerQuerySchema,
  type LedgerWarning,
  type LedgerView,
  type PeriodDto,
  type PlanDto,
  type TaskDetail,
  type TaskRow,
  type UnitRef,
  type WarningDto,
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
import { cachedAnalysis } from './analysis-cache.ts';
import { CompressibleBody } from './compressible-body.ts';
import { analysePeriod, countLights, summariseTasks } from './figures.service.ts';
import { searchTaskHits } from '../repos/search.repo.ts';
import {
  countPlanTasks,
  findTask,
  listFilteredTaskIds,
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
  // Search hits depend on stamped tables only: cached per data version like the analysis.
  const hits =
    q === undefined
      ? undefined
      : new Map(
          (
            await cachedAnalysis(
              db,
              orgId,
              `search:${plan.id}:${q}`,
              () => searchTaskHits(db, { orgId, planId: plan.id, q, dialect: database.dialect }),
              (found) => 1 + Math.ceil(found.length / 20),
            )
          ).map((hit) => [hit.taskId, hit.kinds]),
        );
  const taskIds = hits === undefined ? undefined : [...hits.keys()];
  const filter = {
    orgId,
    planId: plan.id,
    sectionOrdinal: query.section,
    unitId: query.unit,
    unitRole: query.unitRole,
    taskIds,
  };
  const matching = await listFilteredTaskIds(db, filter);
  // Issue 5: status and figures from core (cached per data version, issue 7), then the light
  // filter and the counts per light, then the page (issue 7): rows are loaded for it alone.
  const summaries = summariseTasks(await analysePeriod(db, plan, periods, period));
  const lightOf = (id: number) => summaries.get(id)?.status.light ?? 'grey';
  const lights = countLights(matching.map(lightOf));
  const lit =
    query.light === undefined ? matching : matching.filter((id) => lightOf(id) === query.light);
  const pageIds =
    query.limit === undefined
      ? lit.slice(query.offset)
      : lit.slice(query.offset, query.offset + query.limit);
  const page = await listFilteredTasks(db, { ...filter, taskIds: pageIds });
  const ids = page.map((task) => task.id);
  const units = await listTaskUnits(db, ids);
  const progress = await listConsolidatedProgress(db, period.id, ids);
  const quarters =
    query.progress === 'all' ? await listProgressByPeriod(db, periods, ids) : undefined;
  const rows = page.map((task): TaskRow => {
    const row = toTaskRow(task, units.get(task.id) ?? [], progress.get(task.id)?.text);
    const summary = summaries.get(task.id);
    return {
      ...row,
      ...summary,
      ...(hits === undefined ? {} : { matchedIn: hits.get(task.id) ?? [] }),
      ...(quarters === undefined
        ? {}
        : {
            quarters: quarters.map(({ label, byTask }) => ({
              period: label,
              progress: byTask.get(task.id)?.text ?? null,
            })),
          }),
    };
  });
  const sections = await listSections(db, plan.id);
  return {
    plan: toPlanDto(plan, periods, viewer),
    period: toPeriodDto(period),
    sections: sections.map(({ ordinal, title }) => ({ ordinal, title })),
    units: await listPlanUnits(db, orgId, plan.id),
    tasks: rows,
    total: await countPlanTasks(db, plan.id),
    lights,
    matched: lit.length,
  };
}

/**
 * GET /api/ledger (issue 7): the view's JSON as UTF-8 bytes, encoded by the contract's
 * schema, cached per data version and query. A repeated read costs a data-version read and the
 * bytes it sends: bytes, not a string, because writing a 400 KB string of Chinese text to the
 * socket encodes it again on every request (the largest cost of a cached page in the profile).
 * The compressed forms of the bytes join them in the same entry when first asked for.
 */
export function getCachedLedgerView(
  database: Database,
  viewer: Viewer,
  query: LedgerQuery,
): Promise<CompressibleBody> {
  return cachedAnalysis(
    database.db,
    viewer.orgId,
    `ledger-view:${viewer.orgName}:${JSON.stringify(query)}`,
    async (grew) => {
      const view = await getLedgerView(database, viewer, query);
      return new CompressibleBody(Buffer.from(JSON.stringify(ledgerViewSchema.encode(view))), grew);
    },
    (body) => 1 + Math.ceil(body.byteLength / 6000),
  );
}

/** Each period's consolidated progress of these tasks, in the plan's order. */
async function listProgressByPeriod(
  db: Database['db'],
  periods: readonly PeriodRecord[],
  taskIds: readonly number[],
): Promise<{ label: string; byTask: Awaited<ReturnType<typeof listConsolidatedProgress>> }[]> {
  const result = [];
  for (const period of periods) {
    result.push({
      label: period.label,
      byTask: await listConsolidatedProgress(db, period.id, taskIds),
    });
  }
  return result;
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
