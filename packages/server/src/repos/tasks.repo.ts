import type { LedgerWarning } from '@duban/core';
import { prepareQuery } from '../db/prepared.ts';
import { toFlag, type Db, type Timestamp, type UnitRole } from '../db/schema.ts';
import { decodeExtra, decodeWarnings, encodeExtra } from './json-columns.ts';

export interface SectionRecord {
  id: number;
  ordinal: string;
  title: string;
  position: number;
}

export interface TaskRecord {
  id: number;
  planId: number;
  sectionId: number;
  no: string;
  position: number;
  text: string;
  /** The source's other columns by header; null when it had none. */
  extra: Record<string, string> | null;
  warnings: LedgerWarning[];
  version: number;
}

export interface TaskUnitRecord {
  taskId: number;
  unitId: number;
  name: string;
  role: UnitRole;
  position: number;
  inferred: boolean;
}

export interface TaskFields {
  sectionId: number;
  no: string;
  position: number;
  text: string;
  extra: Record<string, string> | null;
  warnings: LedgerWarning[];
}

export interface TaskUnitFields {
  unitId: number;
  role: UnitRole;
  position: number;
  inferred: boolean;
}

export interface TaskFilter {
  orgId: number;
  planId: number;
  sectionOrdinal?: string;
  unitId?: number;
  unitRole: UnitRole | 'any';
  /** Only these tasks (the result of a search); undefined means no restriction. */
  taskIds?: readonly number[];
  /** Only the task numbered so (序号, exact). */
  no?: string;
}

const taskColumns = [
  'tasks.id',
  'tasks.plan_id as planId',
  'tasks.section_id as sectionId',
  'tasks.no',
  'tasks.position',
  'tasks.text',
  'tasks.extra',
  'tasks.warnings',
  'tasks.version',
] as const;

/** A task row as selected with taskColumns, its JSON columns decoded. */
function decodeTask<T extends { extra: string | null; warnings: string }>(
  row: T,
): Omit<T, 'extra' | 'warnings'> & Pick<TaskRecord, 'extra' | 'warnings'> {
  return { ...row, extra: decodeExtra(row.extra), warnings: decodeWarnings(row.warnings) };
}

/** The plan's sections in their order in the ledger. */
export function listSections(db: Db, planId: number): Promise<SectionRecord[]> {
  return db
    .selectFrom('sections')
    .select(['id', 'ordinal', 'title', 'position'])
    .where('plan_id', '=', planId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function insertSection(
  db: Db,
  section: { orgId: number; planId: number; ordinal: string; title: string; position: number },
): Promise<number> {
  const row = await db
    .insertInto('sections')
    .values({
      org_id: section.orgId,
      plan_id: section.planId,
      ordinal: section.ordinal,
      title: section.title,
      position: section.position,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSection(
  db: Db,
  id: number,
  section: { title: string; position: number },
): Promise<void> {
  await db.updateTable('sections').set(section).where('id', '=', id).execute();
}

/** Every task of the plan in ledger order. */
export async function listPlanTasks(db: Db, planId: number): Promise<TaskRecord[]> {
  const rows = await db
    .selectFrom('tasks')
    .select(taskColumns)
    .where('tasks.plan_id', '=', planId)
    .orderBy('tasks.position')
    .orderBy('tasks.id')
    .execute();
  return rows.map(decodeTask);
}

export async function countPlanTasks(db: Db, planId: number): Promise<number> {
  const row = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('plan_id', '=', planId)
    .executeTakeFirstOrThrow();
  // PostgreSQL returns count(*) as a bigint string, SQLite as a number.
  return Number(row.count);
}

/** The plan's tasks that pass the filter (the caller picks the columns and the order). */
function filteredTasksQuery(db: Db, filter: TaskFilter) {
  const { taskIds, sectionOrdinal, unitId, unitRole } = filter;
  let query = db
    .selectFrom('tasks')
    .innerJoin('sections', 'sections.id', 'tasks.section_id')
    .where('tasks.org_id', '=', filter.orgId)
    .where('tasks.plan_id', '=', filter.planId);
  if (sectionOrdinal !== undefined) query = query.where('sections.ordinal', '=', sectionOrdinal);
  if (taskIds !== undefined) query = query.where('tasks.id', 'in', [...taskIds]);
  if (filter.no !== undefined) query = query.where('tasks.no', '=', filter.no);
  if (unitId !== undefined) {
    // An uncorrelated `in`: SQLite answers a correlated `exists` by scanning the unit's every
    // task_units row once per task (quadratic: seconds at 10 000 tasks, issue 7).
    query = query.where((eb) => {
      let units = eb
        .selectFrom('task_units')
        .select('task_units.task_id')
        .where('task_units.unit_id', '=', unitId);
      if (unitRole !== 'any') units = units.where('task_units.role', '=', unitRole);
      return eb('tasks.id', 'in', units);
    });
  }
  return query;
}

/** The tasks of the plan that pass the filter, in ledger order, with their section's ordinal. */
export async function listFilteredTasks(
  db: Db,
  filter: TaskFilter,
): Promise<(TaskRecord & { sectionOrdinal: string })[]> {
  if (filter.taskIds?.length === 0) return [];
  const rows = await filteredTasksQuery(db, filter)
    .select([...taskColumns, 'sections.ordinal as sectionOrdinal'])
    .orderBy('tasks.position')
    .orderBy('tasks.id')
    .execute();
  return rows.map(decodeTask);
}

/** Only the ids of listFilteredTasks, in the same order: cheap enough to page over (issue 7). */
export async function listFilteredTaskIds(db: Db, filter: TaskFilter): Promise<number[]> {
  if (filter.taskIds?.length === 0) return [];
  const rows = await filteredTasksQuery(db, filter)
    .select('tasks.id')
    .orderBy('tasks.position')
    .orderBy('tasks.id')
    .execute();
  return rows.map((row) => row.id);
}

/** One task of the organisation, with its section; undefined for another organisation's task. */
export async function findTask(
  db: Db,
  orgId: number,
  id: number,
): Promise<(TaskRecord & { sectionOrdinal: string; sectionTitle: string }) | undefined> {
  const row = await db
    .selectFrom('tasks')
    .innerJoin('sections', 'sections.id', 'tasks.section_id')
    .select([
      ...taskColumns,
      'sections.ordinal as sectionOrdinal',
      'sections.title as sectionTitle',
    ])
    .where('tasks.org_id', '=', orgId)
    .where('tasks.id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : decodeTask(row);
}

function selectTaskUnits(db: Db) {
  return (
    db
      .selectFrom('task_units')
      .innerJoin('units', 'units.id', 'task_units.unit_id')
      .select([
        'task_units.task_id as taskId',
        'task_units.unit_id as unitId',
        'units.name',
        'task_units.role',
        'task_units.position',
        'task_units.inferred',
      ])
      // 'lead' sorts after 'co': descending puts lead units first.
      .orderBy('task_units.task_id')
      .orderBy('task_units.role', 'desc')
      .orderBy('task_units.position')
  );
}

/** The units of these tasks by task id: each task's lead units, then its co-units, in order. */
export async function listTaskUnits(
  db: Db,
  taskIds: readonly number[],
): Promise<Map<number, TaskUnitRecord[]>> {
  if (taskIds.length === 0) return new Map();
  return groupTaskUnits(
    await selectTaskUnits(db)
      .where('task_units.task_id', 'in', [...taskIds])
      .execute(),
  );
}

const unitsOfTaskQuery = prepareQuery((db, params: { taskId: number }) =>
  selectTaskUnits(db).where('task_units.task_id', '=', params.taskId),
);

/** The units of one task, as listTaskUnits: prepared, as every save reads them (issue 7). */
export async function listUnitsOfTask(db: Db, taskId: number): Promise<TaskUnitRecord[]> {
  return groupTaskUnits(await unitsOfTaskQuery.execute(db, { taskId })).get(taskId) ?? [];
}

/** Who serves a task, without names or order: what the round's lists filter on. */
export type TaskUnitRole = Pick<TaskUnitRecord, 'taskId' | 'unitId' | 'role'>;

/**
 * The unit roles of every task of the plan by task id (issue 7): for a list over thousands of
 * tasks, one statement without bound ids, names or sorting (those tripled its time).
 */
export async function listPlanTaskUnitRoles(
  db: Db,
  planId: number,
): Promise<Map<number, TaskUnitRole[]>> {
  const rows = await db
    .selectFrom('task_units')
    .select(['task_id as taskId', 'unit_id as unitId', 'role'])
    .where('task_id', 'in', (eb) =>
      eb.selectFrom('tasks').select('tasks.id').where('tasks.plan_id', '=', planId),
    )
    .execute();
  const byTask = new Map<number, TaskUnitRole[]>();
  for (const row of rows) {
    const list = byTask.get(row.taskId);
    if (list === undefined) byTask.set(row.taskId, [row]);
    else list.push(row);
  }
  return byTask;
}

function groupTaskUnits(
  rows: readonly (Omit<TaskUnitRecord, 'inferred'> & { inferred: number })[],
): Map<number, TaskUnitRecord[]> {
  const byTask = new Map<number, TaskUnitRecord[]>();
  for (const row of rows) {
    const unit = { ...row, inferred: row.inferred === 1 };
    const list = byTask.get(row.taskId);
    if (list === undefined) byTask.set(row.taskId, [unit]);
    else list.push(unit);
  }
  return byTask;
}

/** Rows per INSERT: well under SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 400;

function chunk<T>(rows: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) chunks.push(rows.slice(i, i + CHUNK));
  return chunks;
}

/** Inserts tasks of one plan; returns their ids by number (unique within a plan). */
export async function insertTasks(
  db: Db,
  orgId: number,
  planId: number,
  tasks: readonly TaskFields[],
  now: Timestamp,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const rows of chunk(tasks)) {
    const inserted = await db
      .insertInto('tasks')
      .values(
        rows.map((task) => ({
          org_id: orgId,
          plan_id: planId,
          section_id: task.sectionId,
          no: task.no,
          position: task.position,
          text: task.text,
          extra: encodeExtra(task.extra),
          warnings: JSON.stringify(task.warnings),
          version: 1,
          created_at: now,
          updated_at: now,
        })),
      )
      // SQLite does not promise RETURNING rows in VALUES order: match them by number.
      .returning(['id', 'no'])
      .execute();
    for (const row of inserted) ids.set(row.no, row.id);
  }
  return ids;
}

/** Renumbers a task without a new version: a step of an import that renumbers tasks. */
export async function updateTaskNo(db: Db, id: number, no: string): Promise<void> {
  await db.updateTable('tasks').set({ no }).where('id', '=', id).execute();
}

export async function updateTask(
  db: Db,
  id: number,
  task: TaskFields & { version: number },
  now: Timestamp,
): Promise<void> {
  await db
    .updateTable('tasks')
    .set({
      section_id: task.sectionId,
      no: task.no,
      position: task.position,
      text: task.text,
      extra: encodeExtra(task.extra),
      warnings: JSON.stringify(task.warnings),
      version: task.version,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** Removes the units of these tasks (before their new units are inserted). */
export async function deleteTaskUnits(db: Db, taskIds: readonly number[]): Promise<void> {
  for (const ids of chunk(taskIds)) {
    await db.deleteFrom('task_units').where('task_id', 'in', ids).execute();
  }
}

export async function insertTaskUnits(
  db: Db,
  orgId: number,
  units: readonly (TaskUnitFields & { taskId: number })[],
): Promise<void> {
  for (const rows of chunk(units)) {
    await db
      .insertInto('task_units')
      .values(
        rows.map((unit) => ({
          org_id: orgId,
          task_id: unit.taskId,
          unit_id: unit.unitId,
          role: unit.role,
          position: unit.position,
          inferred: toFlag(unit.inferred),
        })),
      )
      .execute();
  }
}
