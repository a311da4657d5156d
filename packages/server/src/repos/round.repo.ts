import type { ExpressionBuilder } from 'kysely';
import { prepareQuery } from '../db/prepared.ts';
import type { DatabaseSchema, Db, PeriodState, ProgressState, Timestamp } from '../db/schema.ts';
import { insertPeriod, periodColumns as basePeriodColumns, selectPeriods } from './plans.repo.ts';
import type { PeriodRecord } from './plans.repo.ts';

/** A period as the round reads it: the plan's period with its due date and state. */
export interface RoundPeriodRecord extends PeriodRecord {
  dueDate: string | null;
  state: PeriodState;
}

/** A progress entry as the round reads it: text, version, state and who wrote it last. */
export interface EntryRecord {
  id: number;
  taskId: number;
  periodId: number;
  unitId: number | null;
  text: string;
  version: number;
  state: ProgressState;
  acceptedAt: Timestamp | null;
  returnReason: string | null;
  reopened: boolean;
  updatedAt: Timestamp;
  updatedBy: string | null;
}

const periodColumns = [...basePeriodColumns, 'due_date as dueDate', 'state'] as const;

export function findRoundPeriod(
  db: Db,
  orgId: number,
  label: string,
): Promise<RoundPeriodRecord | undefined> {
  return selectPeriods(db, orgId)
    .select(periodColumns)
    .where('label', '=', label)
    .executeTakeFirst();
}

/** The latest period the office opened as a round (it has a due date), if any. */
export function findLatestRoundPeriod(
  db: Db,
  orgId: number,
): Promise<RoundPeriodRecord | undefined> {
  return selectPeriods(db, orgId)
    .select(periodColumns)
    .where('due_date', 'is not', null)
    .orderBy('year', 'desc')
    .orderBy('quarter', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A period as a write to one of its entries finds it (see findPeriodForTask). */
export interface TaskPeriodRecord extends RoundPeriodRecord {
  /** The task, when it belongs to the period's plan; else null. */
  taskId: number | null;
  /** The period before it in the same plan, whose text the answer shows; null for the first. */
  previousId: number | null;
}

/**
 * The period `label` with what a write to task `taskId`'s entries needs besides: whether the
 * task is of the period's plan, and which period precedes it. One statement, not three: it
 * runs in every save (issue 7).
 */
const periodForTaskQuery = prepareQuery(
  (db, params: { orgId: number; label: string; taskId: number }) =>
    selectPeriods(db, params.orgId)
      .select(periodColumns)
      .select((eb) => [
        eb
          .selectFrom('tasks')
          .select('tasks.id')
          .where('tasks.id', '=', params.taskId)
          .whereRef('tasks.org_id', '=', 'periods.org_id')
          .whereRef('tasks.plan_id', '=', 'periods.plan_id')
          .as('taskId'),
        eb
          .selectFrom('periods as previous')
          .select('previous.id')
          .whereRef('previous.org_id', '=', 'periods.org_id')
          .whereRef('previous.plan_id', '=', 'periods.plan_id')
          .whereRef('previous.quarter', '<', 'periods.quarter')
          .orderBy('previous.quarter', 'desc')
          .limit(1)
          .as('previousId'),
      ])
      .where('label', '=', params.label),
);

export function findPeriodForTask(
  db: Db,
  orgId: number,
  label: string,
  taskId: number,
): Promise<TaskPeriodRecord | undefined> {
  return periodForTaskQuery.executeTakeFirst(db, { orgId, label, taskId });
}

/** The period before `period` in the same plan, if it exists. */
export function findPreviousPeriod(
  db: Db,
  orgId: number,
  period: RoundPeriodRecord,
): Promise<RoundPeriodRecord | undefined> {
  return selectPeriods(db, orgId)
    .select(periodColumns)
    .where('plan_id', '=', period.planId)
    .where('quarter', '<', period.quarter)
    .orderBy('quarter', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function insertRoundPeriod(
  db: Db,
  period: Omit<RoundPeriodRecord, 'id' | 'state'> & { orgId: number },
  now: Timestamp,
): Promise<number> {
  return insertPeriod(db, period, now);
}

/** Changes a period's state only from `from`; false when another request got there first. */
export async function updatePeriodState(
  db: Db,
  id: number,
  from: PeriodState,
  to: PeriodState,
): Promise<boolean> {
  const result = await db
    .updateTable('periods')
    .set({ state: to })
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** An EntryRecord's columns of `progress_entries` itself; `updatedBy` is the author's name. */
const entryColumns = [
  'progress_entries.id',
  'progress_entries.task_id as taskId',
  'progress_entries.period_id as periodId',
  'progress_entries.unit_id as unitId',
  'progress_entries.text',
  'progress_entries.version',
  'progress_entries.state',
  'progress_entries.accepted_at as acceptedAt',
  'progress_entries.return_reason as returnReason',
  'progress_entries.reopened',
  'progress_entries.updated_at as updatedAt',
] as const;

function selectEntries(db: Db) {
  return db
    .selectFrom('progress_entries')
    .leftJoin('users', 'users.id', 'progress_entries.updated_by')
    .select([...entryColumns, 'users.display_name as updatedBy']);
}

/**
 * What a write returns: the row as it now stands, exactly as selectEntries would read it (the
 * author's name by a subquery, as RETURNING cannot join), so the answer needs no re-read.
 */
function returningEntry(eb: ExpressionBuilder<DatabaseSchema, 'progress_entries'>) {
  return [
    ...entryColumns,
    eb
      .selectFrom('users')
      .select('users.display_name')
      .whereRef('users.id', '=', 'progress_entries.updated_by')
      .as('updatedBy'),
  ] as const;
}

type EntryRow = Omit<EntryRecord, 'reopened'> & { reopened: number };

function toEntry(row: EntryRow): EntryRecord {
  return { ...row, reopened: row.reopened === 1 };
}

/** Every entry (parts and consolidated) of these tasks in the period. */
export async function listEntries(
  db: Db,
  orgId: number,
  periodId: number,
  taskIds: readonly number[] | undefined,
): Promise<EntryRecord[]> {
  if (taskIds !== undefined && taskIds.length === 0) return [];
  let query = selectEntries(db)
    .where('progress_entries.org_id', '=', orgId)
    .where('progress_entries.period_id', '=', periodId);
  if (taskIds !== undefined) query = query.where('progress_entries.task_id', 'in', [...taskIds]);
  return (await query.execute()).map(toEntry);
}

/** What the round's lists filter on (issue 7): an entry's state, without its text. */
export type EntryStateRecord = Pick<
  EntryRecord,
  'taskId' | 'unitId' | 'state' | 'acceptedAt' | 'reopened'
>;

/** Every entry of the period, its state only: thousands of rows, none of them long. */
export async function listEntryStates(
  db: Db,
  orgId: number,
  periodId: number,
): Promise<EntryStateRecord[]> {
  const rows = await db
    .selectFrom('progress_entries')
    .select([
      'task_id as taskId',
      'unit_id as unitId',
      'state',
      'accepted_at as acceptedAt',
      'reopened',
    ])
    .where('org_id', '=', orgId)
    .where('period_id', '=', periodId)
    .execute();
  return rows.map((row) => ({ ...row, reopened: row.reopened === 1 }));
}

/** One part's entries (the consolidated text: unitId null) of a task in these periods. */
/** Prepared twice: the consolidated text (no unit) and a unit's part differ in SQL. */
const partEntriesQueries = {
  consolidated: prepareQuery(
    (db, params: { orgId: number; taskId: number; periodId: number; otherPeriodId: number }) =>
      selectEntries(db)
        .where('progress_entries.org_id', '=', params.orgId)
        .where('progress_entries.task_id', '=', params.taskId)
        .where('progress_entries.unit_id', 'is', null)
        .where('progress_entries.period_id', 'in', [params.periodId, params.otherPeriodId]),
  ),
  unit: prepareQuery(
    (
      db,
      params: {
        orgId: number;
        taskId: number;
        unitId: number;
        periodId: number;
        otherPeriodId: number;
      },
    ) =>
      selectEntries(db)
        .where('progress_entries.org_id', '=', params.orgId)
        .where('progress_entries.task_id', '=', params.taskId)
        .where('progress_entries.unit_id', '=', params.unitId)
        .where('progress_entries.period_id', 'in', [params.periodId, params.otherPeriodId]),
  ),
};

/**
 * One part's entries (the consolidated text: unitId null) of a task in a period and, if given,
 * one other period (prepared: every save and step reads them).
 */
export async function listPartEntries(
  db: Db,
  orgId: number,
  part: { taskId: number; unitId: number | null },
  periodId: number,
  otherPeriodId: number | null,
): Promise<EntryRecord[]> {
  const periods = { periodId, otherPeriodId: otherPeriodId ?? periodId };
  const rows =
    part.unitId === null
      ? await partEntriesQueries.consolidated.execute(db, {
          orgId,
          taskId: part.taskId,
          ...periods,
        })
      : await partEntriesQueries.unit.execute(db, {
          orgId,
          taskId: part.taskId,
          unitId: part.unitId,
          ...periods,
        });
  return rows.map(toEntry);
}

/**
 * Writes the next version of an entry only if it is still at `baseVersion`: the optimistic
 * lock. The entry as written, or undefined when someone saved in between.
 */
const updateTextQuery = prepareQuery(
  (
    db,
    params: {
      id: number;
      baseVersion: number;
      nextVersion: number;
      text: string;
      state: ProgressState;
      authorId: number;
      now: Timestamp;
    },
  ) =>
    db
      .updateTable('progress_entries')
      .set({
        text: params.text,
        version: params.nextVersion,
        state: params.state,
        updated_by: params.authorId,
        updated_at: params.now,
      })
      .where('id', '=', params.id)
      .where('version', '=', params.baseVersion)
      .returning(returningEntry),
);

export async function updateEntryText(
  db: Db,
  entry: { id: number; baseVersion: number; text: string; state: ProgressState; authorId: number },
  now: Timestamp,
): Promise<EntryRecord | undefined> {
  const row = await updateTextQuery.executeTakeFirst(db, {
    ...entry,
    nextVersion: entry.baseVersion + 1,
    now,
  });
  return row === undefined ? undefined : toEntry(row);
}

/** A part's first text in a period (version 1, a draft). */
interface NewEntry {
  orgId: number;
  taskId: number;
  periodId: number;
  unitId: number | null;
  text: string;
  authorId: number;
}

/** The history row of one saved version. */
interface NewVersion {
  orgId: number;
  entryId: number;
  version: number;
  text: string;
  authorId: number;
}

const insertEntryQuery = prepareQuery((db, params: NewEntry & { now: Timestamp }) =>
  db
    .insertInto('progress_entries')
    .values({
      org_id: params.orgId,
      task_id: params.taskId,
      period_id: params.periodId,
      unit_id: params.unitId,
      text: params.text,
      version: 1,
      state: 'draft',
      updated_by: params.authorId,
      updated_at: params.now,
    })
    .returning(returningEntry),
);

export async function insertEntry(db: Db, entry: NewEntry, now: Timestamp): Promise<EntryRecord> {
  const row = await insertEntryQuery.executeTakeFirst(db, { ...entry, now });
  if (row === undefined) throw new Error('the inserted entry was not returned');
  return toEntry(row);
}

/**
 * Moves an entry between round states, only from the state it was read in. The entry as
 * written, or undefined when its state changed in between.
 */
export async function updateEntryState(
  db: Db,
  entry: {
    id: number;
    fromState: ProgressState;
    fromAccepted: boolean;
    state: ProgressState;
    acceptedAt: Timestamp | null;
    returnReason: string | null;
    reopened: boolean;
  },
): Promise<EntryRecord | undefined> {
  const row = await db
    .updateTable('progress_entries')
    .set({
      state: entry.state,
      accepted_at: entry.acceptedAt,
      return_reason: entry.returnReason,
      reopened: entry.reopened ? 1 : 0,
    })
    .where('id', '=', entry.id)
    .where('state', '=', entry.fromState)
    .where('accepted_at', entry.fromAccepted ? 'is not' : 'is', null)
    .returning(returningEntry)
    .executeTakeFirst();
  return row === undefined ? undefined : toEntry(row);
}

const insertVersionQuery = prepareQuery((db, params: NewVersion & { now: Timestamp }) =>
  db.insertInto('progress_versions').values({
    org_id: params.orgId,
    entry_id: params.entryId,
    version: params.version,
    text: params.text,
    author_id: params.authorId,
    created_at: params.now,
  }),
);

export async function insertEntryVersion(
  db: Db,
  version: NewVersion,
  now: Timestamp,
): Promise<void> {
  await insertVersionQuery.execute(db, { ...version, now });
}

export interface VersionRecord {
  id: number;
  periodLabel: string;
  unitId: number | null;
  unitName: string | null;
  version: number;
  text: string;
  author: string | null;
  createdAt: Timestamp;
}

/** Every version of every entry of a task, across periods, oldest first. */
export function listTaskVersions(db: Db, orgId: number, taskId: number): Promise<VersionRecord[]> {
  return db
    .selectFrom('progress_versions')
    .innerJoin('progress_entries', 'progress_entries.id', 'progress_versions.entry_id')
    .innerJoin('periods', 'periods.id', 'progress_entries.period_id')
    .leftJoin('units', 'units.id', 'progress_entries.unit_id')
    .leftJoin('users', 'users.id', 'progress_versions.author_id')
    .select([
      'progress_versions.id',
      'periods.label as periodLabel',
      'progress_entries.unit_id as unitId',
      'units.name as unitName',
      'progress_versions.version',
      'progress_versions.text',
      'users.display_name as author',
      'progress_versions.created_at as createdAt',
    ])
    .where('progress_entries.org_id', '=', orgId)
    .where('progress_entries.task_id', '=', taskId)
    .orderBy('periods.year')
    .orderBy('periods.quarter')
    .orderBy('progress_entries.unit_id')
    .orderBy('progress_versions.version')
    .execute();
}
