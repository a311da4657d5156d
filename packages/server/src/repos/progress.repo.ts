import type { Db, ProgressState, Timestamp } from '../db/schema.ts';

export interface ProgressRecord {
  id: number;
  taskId: number;
  text: string;
  version: number;
}

export interface ProgressHistoryRecord {
  periodLabel: string;
  text: string;
  version: number;
  createdAt: Timestamp;
  author: string | null;
}

/** The consolidated progress (unit null) of these tasks in the period, by task id. */
export async function listConsolidatedProgress(
  db: Db,
  periodId: number,
  taskIds: readonly number[],
): Promise<Map<number, ProgressRecord>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('progress_entries')
    .select(['id', 'task_id as taskId', 'text', 'version'])
    .where('period_id', '=', periodId)
    .where('unit_id', 'is', null)
    .where('task_id', 'in', [...taskIds])
    .execute();
  return new Map(rows.map((row) => [row.taskId, row]));
}

/** Whether anything was reported or imported for the period yet. */
export async function hasPeriodProgress(db: Db, periodId: number): Promise<boolean> {
  const row = await db
    .selectFrom('progress_entries')
    .select('id')
    .where('period_id', '=', periodId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The ids of a plan's periods that have reported progress: published or closed, or holding a
 * consolidated text that was imported from a ledger or accepted by the office (the dashboard's
 * default period, services/dashboard.service.ts).
 */
export async function listReportedPeriodIds(
  db: Db,
  orgId: number,
  planId: number,
): Promise<Set<number>> {
  const rows = await db
    .selectFrom('periods')
    .select('periods.id')
    .where('periods.org_id', '=', orgId)
    .where('periods.plan_id', '=', planId)
    .where((eb) =>
      eb.or([
        eb('periods.state', 'in', ['published', 'closed']),
        eb.exists(
          eb
            .selectFrom('progress_entries')
            .select('progress_entries.id')
            .whereRef('progress_entries.period_id', '=', 'periods.id')
            .where('progress_entries.unit_id', 'is', null)
            .where((inner) =>
              inner.or([
                inner('progress_entries.state', '=', 'imported'),
                inner('progress_entries.accepted_at', 'is not', null),
              ]),
            ),
        ),
      ]),
    )
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Writes the first version of progress texts: the entries and their version rows. */
export async function insertProgress(
  db: Db,
  entries: readonly {
    orgId: number;
    taskId: number;
    periodId: number;
    unitId: number | null;
    text: string;
    state: ProgressState;
    authorId: number | null;
  }[],
  now: Timestamp,
): Promise<void> {
  // Rows per INSERT: well under both dialects' limits on bound parameters.
  for (let start = 0; start < entries.length; start += 400) {
    const rows = entries.slice(start, start + 400);
    const inserted = await db
      .insertInto('progress_entries')
      .values(
        rows.map((entry) => ({
          org_id: entry.orgId,
          task_id: entry.taskId,
          period_id: entry.periodId,
          unit_id: entry.unitId,
          text: entry.text,
          version: 1,
          state: entry.state,
          updated_by: entry.authorId,
          updated_at: now,
        })),
      )
      .returning(['id', 'task_id', 'unit_id'])
      .execute();
    // RETURNING order is not promised on SQLite: match rows by (task, unit), unique per period.
    const key = (taskId: number, unitId: number | null): string => `${taskId}:${unitId ?? ''}`;
    const byKey = new Map(rows.map((entry) => [key(entry.taskId, entry.unitId), entry]));
    const versions = inserted.map((row) => {
      const entry = byKey.get(key(row.task_id, row.unit_id));
      if (entry === undefined)
        throw new Error('insertProgress: RETURNING named a row not inserted');
      return {
        org_id: entry.orgId,
        entry_id: row.id,
        version: 1,
        text: entry.text,
        author_id: entry.authorId,
        created_at: now,
      };
    });
    if (versions.length > 0) await db.insertInto('progress_versions').values(versions).execute();
  }
}

/** Replaces a progress text with its next version, keeping the old one in the history. */
export async function updateProgress(
  db: Db,
  entry: {
    orgId: number;
    id: number;
    version: number;
    text: string;
    state: ProgressState;
    authorId: number | null;
  },
  now: Timestamp,
): Promise<void> {
  await db
    .updateTable('progress_entries')
    .set({
      text: entry.text,
      version: entry.version,
      state: entry.state,
      updated_by: entry.authorId,
      updated_at: now,
    })
    .where('id', '=', entry.id)
    .execute();
  await insertVersion(db, entry.orgId, entry.id, entry.version, entry.text, entry.authorId, now);
}

async function insertVersion(
  db: Db,
  orgId: number,
  entryId: number,
  version: number,
  text: string,
  authorId: number | null,
  now: Timestamp,
): Promise<void> {
  await db
    .insertInto('progress_versions')
    .values({
      org_id: orgId,
      entry_id: entryId,
      version,
      text,
      author_id: authorId,
      created_at: now,
    })
    .execute();
}

/** Every version of the task's consolidated progress, period by period, oldest first. */
export function listProgressHistory(db: Db, taskId: number): Promise<ProgressHistoryRecord[]> {
  return db
    .selectFrom('progress_versions')
    .innerJoin('progress_entries', 'progress_entries.id', 'progress_versions.entry_id')
    .innerJoin('periods', 'periods.id', 'progress_entries.period_id')
    .leftJoin('users', 'users.id', 'progress_versions.author_id')
    .select([
      'periods.label as periodLabel',
      'progress_versions.text',
      'progress_versions.version',
      'progress_versions.created_at as createdAt',
      'users.display_name as author',
    ])
    .where('progress_entries.task_id', '=', taskId)
    .where('progress_entries.unit_id', 'is', null)
    .orderBy('periods.year')
    .orderBy('periods.quarter')
    .orderBy('progress_versions.version')
    .execute();
}
