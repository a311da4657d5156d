/**
 * Search by task (issue 6): an index on `task_id` of every table the search looks into per
 * task. progress_entries had only partial unique indexes on (task_id, period_id, …), which
 * SQLite cannot use for `x.task_id = tasks.id` alone: the search's EXISTS scanned every entry
 * once per task (10 000 tasks × 80 000 entries: minutes per query; EXPLAIN QUERY PLAN showed
 * `SCAN x`). With it the plan is `SEARCH x USING INDEX progress_entries_task_index`.
 * Frozen once shipped; written against `Kysely<any>` (see the initial migration for why).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema types */
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _dialect: SqlDialect): Promise<void> {
  for (const table of ['progress_entries', 'instructions', 'entry_returns']) {
    await db.schema.createIndex(`${table}_task_index`).on(table).column('task_id').execute();
  }
}
