/**
 * Data versions (issue 7): `organizations.data_version`, set to a new random stamp by triggers
 * in the same transaction as every insert, update or delete of a table that feeds the analysis
 * (figures, lights, findings, exports). The analysis cache (services/analysis-cache.ts) reads it
 * per request, so a write through any instance sharing the database — or a writer added later
 * that knows nothing of the cache — is seen by the next read. A random stamp rather than a
 * counter: a restore (which rebuilds every table and is not in the backup's data) can never
 * bring back a stamp an instance still holds. Frozen once shipped, like every migration.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema types */
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.ts';

/**
 * Every table whose rows feed `analysePeriod`, `exportLedger` or the search. Each carries `org_id`.
 * A table added by a later migration adds itself with `dataVersionTriggerStatements`.
 */
export const STAMPED_TABLES: readonly string[] = [
  'units',
  'unit_aliases',
  'plans',
  'periods',
  'sections',
  'tasks',
  'task_units',
  'progress_entries',
  'task_figures',
  'task_assessments',
  'finding_dismissals',
  'plan_light_rules',
  // Migration 0009 (issue 5): milestones move expected progress, hence the lights.
  'task_milestones',
  'import_batches',
  // Searched (repos/search.repo.ts), and search hits are cached too (migration 0007).
  'instructions',
  'entry_returns',
];

/**
 * The triggers that give the organisation a new data version on any change of `table`. SQLite
 * has row triggers only (an in-place update of one row each time); PostgreSQL uses statement
 * triggers over transition tables, so a bulk insert stamps once, not once per row.
 */
export function dataVersionTriggerStatements(dialect: SqlDialect, table: string): string[] {
  if (dialect === 'sqlite') {
    return (['insert', 'update', 'delete'] as const).map(
      (event) =>
        `create trigger ${table}_data_version_${event} after ${event} on ${table}
         begin update organizations set data_version = lower(hex(randomblob(8)))
           where id = ${event === 'delete' ? 'old' : 'new'}.org_id; end`,
    );
  }
  return (['insert', 'update', 'delete'] as const).map(
    (event) =>
      `create trigger ${table}_data_version_${event} after ${event} on ${table}
       referencing ${event === 'delete' ? 'old' : 'new'} table as changed
       for each statement execute function duban_bump_data_version()`,
  );
}

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await db.schema
    .alterTable('organizations')
    .addColumn('data_version', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
  if (dialect === 'postgres') {
    // Every trigger names its transition table `changed`, so one function serves all three.
    await sql
      .raw(
        `create or replace function duban_bump_data_version() returns trigger
         language plpgsql as $$
         begin
           update organizations set data_version = md5(random()::text || clock_timestamp()::text)
             where id in (select distinct org_id from changed);
           return null;
         end $$`,
      )
      .execute(db);
  }
  for (const table of STAMPED_TABLES) {
    for (const statement of dataVersionTriggerStatements(dialect, table)) {
      await sql.raw(statement).execute(db);
    }
  }
}
