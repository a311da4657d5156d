import { SEARCH_HIT_KINDS, type SearchHitKind } from '@duban/core';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { SqlDialect } from '../db/dialect.ts';
import type { Db } from '../db/schema.ts';
import { containsCaseless, containsText, isCaseless } from './like.ts';

export interface TaskSearch {
  orgId: number;
  planId: number;
  q: string;
  /** Picks the index: FTS5 trigram on SQLite, pg_trgm (through LIKE) on PostgreSQL. */
  dialect?: SqlDialect;
  /** Where to look; every kind when undefined. */
  kinds?: readonly SearchHitKind[];
}

/** A task that matched, and where: its text, progress, units, 批示 or return reasons. */
export interface TaskHit {
  taskId: number;
  kinds: SearchHitKind[];
}

/** FTS5's trigram tokenizer answers only terms of three characters or more (STACK.md). */
const TRIGRAM_MIN_LENGTH = 3;

/** The term as one FTS5 phrase: inside double quotes, a double quote is written twice. */
function toFtsPhrase(q: string): string {
  return `"${q.replace(/"/g, '""')}"`;
}

/**
 * The tasks of the plan whose text, progress (any period, any unit), unit names, instructions
 * (批示) or return reasons contain `q`, each with the kinds of hit, in task id order. The one
 * place search is implemented. On SQLite a term of three or more characters goes through the
 * FTS5 trigram indexes (migrations 0005 and 0007); shorter terms (奇瑞), which trigram cannot
 * answer, scan with instr()/strpos() (LIKE when the term has letter case). On PostgreSQL `lower(column) like lower(?)` is served by the pg_trgm
 * GIN indexes on `lower(column)`. Both find exactly the substring matches.
 */
export async function searchTaskHits(db: Db, search: TaskSearch): Promise<TaskHit[]> {
  const useFts = search.dialect === 'sqlite' && Array.from(search.q).length >= TRIGRAM_MIN_LENGTH;
  const hits = new Map<number, SearchHitKind[]>();
  // One after another: a transaction is one connection.
  for (const kind of search.kinds ?? SEARCH_HIT_KINDS) {
    for (const id of await KIND_QUERIES[kind](db, search, useFts)) {
      hits.set(id, [...(hits.get(id) ?? []), kind]);
    }
  }
  return [...hits.entries()]
    .sort(([a], [b]) => a - b)
    .map(([taskId, kinds]) => ({ taskId, kinds }));
}

/** The ids of the matching tasks, in id order (what the ledger's filter needs). */
export async function searchTaskIds(db: Db, search: TaskSearch): Promise<number[]> {
  return (await searchTaskHits(db, search)).map((hit) => hit.taskId);
}

type KindQuery = (db: Db, search: TaskSearch, useFts: boolean) => Promise<number[]>;

/**
 * `column` contains the term, without FTS: a short caseless term (奇瑞) by plain position
 * (`instr`/`strpos`, a scan either way, but without lower() on every row); anything else by
 * `lower() like`, which pg_trgm's GIN indexes serve on PostgreSQL for 3+ characters.
 */
function contains(column: string, search: TaskSearch): Expression<SqlBool> {
  const short = Array.from(search.q).length < TRIGRAM_MIN_LENGTH;
  return search.dialect && short && isCaseless(search.q)
    ? containsCaseless(column, search.q, search.dialect)
    : containsText(column, search.q);
}

/** The plan's tasks (by id) for which `matches` holds. */
async function planTasksWhere(
  db: Db,
  search: TaskSearch,
  matches: (taskId: Expression<number>) => Expression<SqlBool>,
): Promise<number[]> {
  const rows = await db
    .selectFrom('tasks')
    .select('tasks.id')
    .where('tasks.org_id', '=', search.orgId)
    .where('tasks.plan_id', '=', search.planId)
    .where((eb) => matches(eb.ref('tasks.id')))
    .orderBy('tasks.id')
    .execute();
  return rows.map((row) => row.id);
}

/** A text column of a table that has `task_id`, matched through its FTS table or LIKE. */
function byTaskColumn(
  table: 'progress_entries' | 'instructions' | 'entry_returns',
  column: 'text' | 'reason',
  fts: string,
): KindQuery {
  return (db, search, useFts) =>
    planTasksWhere(db, search, (taskId) =>
      useFts
        ? sql<SqlBool>`${taskId} in (select x.task_id from ${sql.table(table)} x where x.id in (
            select rowid from ${sql.table(fts)} where ${sql.table(fts)} match ${toFtsPhrase(search.q)}))`
        : // Uncorrelated: one pass over the table (or one trigram bitmap scan), not a probe per task.
          sql<SqlBool>`${taskId} in (select x.task_id from ${sql.table(table)} x where ${contains(
            `x.${column}`,
            search,
          )})`,
    );
}

const KIND_QUERIES: Record<SearchHitKind, KindQuery> = {
  text: (db, search, useFts) =>
    planTasksWhere(db, search, (taskId) =>
      useFts
        ? sql<SqlBool>`${taskId} in (select rowid from tasks_fts where tasks_fts match ${toFtsPhrase(search.q)})`
        : contains('tasks.text', search),
    ),
  progress: byTaskColumn('progress_entries', 'text', 'progress_entries_fts'),
  unit: (db, search, useFts) =>
    planTasksWhere(db, search, (taskId) =>
      useFts
        ? sql<SqlBool>`${taskId} in (select tu.task_id from task_units tu where tu.unit_id in (
            select rowid from units_fts where units_fts match ${toFtsPhrase(search.q)}))`
        : sql<SqlBool>`exists (select 1 from task_units tu join units u on u.id = tu.unit_id
            where tu.task_id = ${taskId} and ${contains('u.name', search)})`,
    ),
  instruction: byTaskColumn('instructions', 'text', 'instructions_fts'),
  return_reason: byTaskColumn('entry_returns', 'reason', 'entry_returns_fts'),
};
