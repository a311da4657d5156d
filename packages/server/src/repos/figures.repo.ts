import type { Bound, ConfirmedFigure, LightRules } from '@duban/core';
import { lightRulesSchema } from '@duban/core';
import type { Db, TaskAssessmentsTable, TaskFiguresTable, Timestamp } from '../db/schema.ts';

export interface StoredFigure extends ConfirmedFigure {
  id: number;
  taskId: number;
  periodId: number | null;
}

/**
 * The figures people stored for these tasks that hold in the period: targets (no period) and
 * the period's actuals and forecasts, oldest first.
 */
export async function listStoredFigures(
  db: Db,
  taskIds: readonly number[],
  periodId: number,
): Promise<StoredFigure[]> {
  if (taskIds.length === 0) return [];
  const rows = await db
    .selectFrom('task_figures')
    .select([
      'id',
      'task_id as taskId',
      'period_id as periodId',
      'kind',
      'metric',
      'value',
      'unit',
      'bound',
      'source',
      'origin',
    ])
    .where('task_id', 'in', [...taskIds])
    .where((eb) => eb.or([eb('period_id', 'is', null), eb('period_id', '=', periodId)]))
    .orderBy('id')
    .execute();
  return rows.map(({ bound, ...row }) => ({
    ...row,
    ...(bound === null ? {} : { bound: bound satisfies Bound }),
  }));
}

/**
 * Stores a figure, replacing what people stored before for the same task, period, kind and
 * metric; returns the replaced figure, if any.
 */
export async function replaceStoredFigure(
  db: Db,
  figure: Omit<TaskFiguresTable, 'id'>,
): Promise<{ value: number; unit: string; bound: Bound | null } | undefined> {
  const same = db
    .selectFrom('task_figures')
    .select(['id', 'value', 'unit', 'bound'])
    .where('task_id', '=', figure.task_id)
    .where('kind', '=', figure.kind)
    .where('metric', '=', figure.metric)
    .where((eb) =>
      figure.period_id === null
        ? eb('period_id', 'is', null)
        : eb('period_id', '=', figure.period_id),
    );
  const before = await same.orderBy('id', 'desc').executeTakeFirst();
  if (before !== undefined) {
    await db
      .deleteFrom('task_figures')
      .where('task_id', '=', figure.task_id)
      .where('kind', '=', figure.kind)
      .where('metric', '=', figure.metric)
      .where((eb) =>
        figure.period_id === null
          ? eb('period_id', 'is', null)
          : eb('period_id', '=', figure.period_id),
      )
      .execute();
  }
  await db.insertInto('task_figures').values(figure).execute();
  return before === undefined
    ? undefined
    : { value: before.value, unit: before.unit, bound: before.bound };
}

export interface TargetChangeRecord {
  metric: string;
  before: string | null;
  after: string;
  reason: string | null;
  author: string;
  at: Timestamp;
}

export async function insertTargetChange(
  db: Db,
  change: {
    orgId: number;
    taskId: number;
    metric: string;
    before: string | null;
    after: string;
    reason: string | null;
    actorId: number;
    at: Timestamp;
  },
): Promise<void> {
  await db
    .insertInto('target_changes')
    .values({
      org_id: change.orgId,
      task_id: change.taskId,
      metric: change.metric,
      before: change.before,
      after: change.after,
      reason: change.reason,
      actor_id: change.actorId,
      at: change.at,
    })
    .execute();
}

export function listTargetChanges(db: Db, taskId: number): Promise<TargetChangeRecord[]> {
  return db
    .selectFrom('target_changes')
    .innerJoin('users', 'users.id', 'target_changes.actor_id')
    .select([
      'target_changes.metric',
      'target_changes.before',
      'target_changes.after',
      'target_changes.reason',
      'users.display_name as author',
      'target_changes.at',
    ])
    .where('target_changes.task_id', '=', taskId)
    .orderBy('target_changes.id')
    .execute();
}

export interface AssessmentRecord {
  taskId: number;
  assessor: TaskAssessmentsTable['assessor'];
  verdict: TaskAssessmentsTable['verdict'];
  canComplete: boolean | null;
  confidence: TaskAssessmentsTable['confidence'];
  author: string;
  at: Timestamp;
}

export async function listAssessments(
  db: Db,
  taskIds: readonly number[],
  periodId: number,
): Promise<AssessmentRecord[]> {
  if (taskIds.length === 0) return [];
  const rows = await db
    .selectFrom('task_assessments')
    .innerJoin('users', 'users.id', 'task_assessments.actor_id')
    .select([
      'task_assessments.task_id as taskId',
      'task_assessments.assessor',
      'task_assessments.verdict',
      'task_assessments.can_complete as canComplete',
      'task_assessments.confidence',
      'users.display_name as author',
      'task_assessments.at',
    ])
    .where('task_assessments.task_id', 'in', [...taskIds])
    .where('task_assessments.period_id', '=', periodId)
    .orderBy('task_assessments.id')
    .execute();
  return rows.map((row) => ({
    ...row,
    canComplete: row.canComplete === null ? null : row.canComplete === 1,
  }));
}

/** One assessment per task, period and assessor: a new one replaces the old. */
export async function saveAssessment(db: Db, row: Omit<TaskAssessmentsTable, 'id'>): Promise<void> {
  await db
    .deleteFrom('task_assessments')
    .where('task_id', '=', row.task_id)
    .where('period_id', '=', row.period_id)
    .where('assessor', '=', row.assessor)
    .execute();
  await db.insertInto('task_assessments').values(row).execute();
}

export interface DismissalRecord {
  kind: string;
  tasks: string;
  reason: string;
  author: string;
  at: Timestamp;
}

export function listDismissals(db: Db, periodId: number): Promise<DismissalRecord[]> {
  return db
    .selectFrom('finding_dismissals')
    .innerJoin('users', 'users.id', 'finding_dismissals.actor_id')
    .select([
      'finding_dismissals.kind',
      'finding_dismissals.tasks',
      'finding_dismissals.reason',
      'users.display_name as author',
      'finding_dismissals.at',
    ])
    .where('finding_dismissals.period_id', '=', periodId)
    .execute();
}

/** A second dismissal of the same finding replaces the first (its reason and who). */
export async function saveDismissal(
  db: Db,
  row: {
    orgId: number;
    periodId: number;
    kind: string;
    tasks: string;
    reason: string;
    actorId: number;
    at: Timestamp;
  },
): Promise<void> {
  await db
    .deleteFrom('finding_dismissals')
    .where('period_id', '=', row.periodId)
    .where('kind', '=', row.kind)
    .where('tasks', '=', row.tasks)
    .execute();
  await db
    .insertInto('finding_dismissals')
    .values({
      org_id: row.orgId,
      period_id: row.periodId,
      kind: row.kind,
      tasks: row.tasks,
      reason: row.reason,
      actor_id: row.actorId,
      at: row.at,
    })
    .execute();
}

/** The plan's stored light rules, validated again on read; undefined for the defaults. */
export async function findPlanLightRules(db: Db, planId: number): Promise<LightRules | undefined> {
  const row = await db
    .selectFrom('plan_light_rules')
    .select('rules')
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return lightRulesSchema.parse(JSON.parse(row.rules));
}

export async function savePlanLightRules(
  db: Db,
  row: { orgId: number; planId: number; rules: LightRules; actorId: number; at: Timestamp },
): Promise<void> {
  await db.deleteFrom('plan_light_rules').where('plan_id', '=', row.planId).execute();
  await db
    .insertInto('plan_light_rules')
    .values({
      org_id: row.orgId,
      plan_id: row.planId,
      rules: JSON.stringify(row.rules),
      actor_id: row.actorId,
      updated_at: row.at,
    })
    .execute();
}

/** Whether any period of the plan has been published: its targets are then on record. */
export async function hasPublishedPeriod(db: Db, planId: number): Promise<boolean> {
  const row = await db
    .selectFrom('periods')
    .select('id')
    .where('plan_id', '=', planId)
    .where('state', '=', 'published')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A figure people stored for the task, with the unit of the person who stored it. */
export async function findStoredFigure(
  db: Db,
  taskId: number,
  figureId: number,
): Promise<(StoredFigure & { creatorUnitId: number | null }) | undefined> {
  const row = await db
    .selectFrom('task_figures')
    .innerJoin('users', 'users.id', 'task_figures.created_by')
    .select([
      'task_figures.id',
      'task_figures.task_id as taskId',
      'task_figures.period_id as periodId',
      'task_figures.kind',
      'task_figures.metric',
      'task_figures.value',
      'task_figures.unit',
      'task_figures.bound',
      'task_figures.source',
      'task_figures.origin',
      'users.unit_id as creatorUnitId',
    ])
    .where('task_figures.id', '=', figureId)
    .where('task_figures.task_id', '=', taskId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const { bound, ...rest } = row;
  return { ...rest, ...(bound === null ? {} : { bound }) };
}

/** The unit of the person who stored each figure (null for the office's people). */
export async function listFigureCreatorUnits(
  db: Db,
  figureIds: readonly number[],
): Promise<Map<number, number | null>> {
  if (figureIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('task_figures')
    .innerJoin('users', 'users.id', 'task_figures.created_by')
    .select(['task_figures.id', 'users.unit_id as unitId'])
    .where('task_figures.id', 'in', [...figureIds])
    .execute();
  return new Map(rows.map((row) => [row.id, row.unitId]));
}

export async function deleteStoredFigure(db: Db, figureId: number): Promise<void> {
  await db.deleteFrom('task_figures').where('id', '=', figureId).execute();
}
