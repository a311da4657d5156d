import { sql } from 'kysely';
import type { SqlDialect } from '../db/dialect.ts';
import type { Db } from '../db/schema.ts';
import { containsText } from './like.ts';

export interface TaskSearch {
  orgId: number;
  planId: number;
  q: string;
  /** Picks the index: FTS5 trigram on SQLite, pg_trgm (through LIKE) on PostgreSQL. */
  dialect?: SqlDialect;
}

/** FTS5's trigram tokenizer answers only terms of three characters or more (STACK.md). */
const TRIGRAM_MIN_LENGTH = 3;

/** The term as one FTS5 phrase: inside double quotes, a double quote is written twice. */
function toFtsPhrase(q: string): string {
  return `"${q.replace(/"/g, '""')}"`;
}

/**
 * The tasks of the plan whose text, progress (any period, any unit) or unit names contain `q`.
 * The one place search is implemented. On SQLite a term of three or more characters goes
 * through the FTS5 trigram indexes (migration 0005); shorter terms (奇瑞) scan with LIKE,
 * which trigram cannot answer. On PostgreSQL `lower(column) like lower(?)` is served by the
 * pg_trgm GIN indexes on `lower(column)`. Both find exactly the substring matches.
 */
export async function searchTaskIds(db: Db, search: TaskSearch): Promise<number[]> {
  if (search.dialect === 'sqlite' && Array.from(search.q).length >= TRIGRAM_MIN_LENGTH) {
    return searchWithFts(db, search);
  }
  const rows = await db
    .selectFrom('tasks')
    .select('tasks.id')
    .where('tasks.org_id', '=', search.orgId)
    .where('tasks.plan_id', '=', search.planId)
    .where((eb) =>
      eb.or([
        containsText('tasks.text', search.q),
        eb.exists(
          eb
            .selectFrom('progress_entries')
            .select('progress_entries.id')
            .whereRef('progress_entries.task_id', '=', 'tasks.id')
            .where(containsText('progress_entries.text', search.q)),
        ),
        eb.exists(
          eb
            .selectFrom('task_units')
            .innerJoin('units', 'units.id', 'task_units.unit_id')
            .select('task_units.id')
            .whereRef('task_units.task_id', '=', 'tasks.id')
            .where(containsText('units.name', search.q)),
        ),
      ]),
    )
    .orderBy('tasks.id')
    .execute();
  return rows.map((row) => row.id);
}

async function searchWithFts(db: Db, search: TaskSearch): Promise<number[]> {
  const phrase = toFtsPhrase(search.q);
  const result = await sql<{ id: number }>`
    select t.id from tasks t
    where t.org_id = ${search.orgId} and t.plan_id = ${search.planId} and (
      t.id in (select rowid from tasks_fts where tasks_fts match ${phrase})
      or t.id in (
        select p.task_id from progress_entries p
        where p.rowid in (
          select rowid from progress_entries_fts where progress_entries_fts match ${phrase}))
      or t.id in (
        select tu.task_id from task_units tu
        where tu.unit_id in (select rowid from units_fts where units_fts match ${phrase}))
    )
    order by t.id`.execute(db);
  return result.rows.map((row) => row.id);
}
