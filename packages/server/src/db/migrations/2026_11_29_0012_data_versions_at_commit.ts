/**
 * Data versions at commit (issue 7, PostgreSQL only). Migration 0010's statement triggers
 * renewed `organizations.data_version` right after each write, so the writer held that one row's
 * lock from its first write to its commit — through every later statement and every round trip
 * to a busy server — and all writers of an organisation queued behind each other (saves ran at
 * 2.4× SQLite's time). Here the same stamp is renewed by constraint triggers declared
 * DEFERRABLE INITIALLY DEFERRED: they fire at commit, after the transaction's last statement,
 * so the row is locked only while the commit itself completes.
 *
 * Why no cache can go stale (the analysis cache reads the stamp, then the inputs; see
 * services/analysis-cache.ts and docs/ARCHITECTURE.md): the deferred trigger still runs inside
 * the writing transaction, before it commits, so the new stamp and the data become visible
 * together, atomically, exactly as before — only later inside the transaction. A reader that
 * sees the old stamp either sees none of the write's data or (if the write commits between its
 * two reads) newer data under the old stamp, which the next read replaces. One renewal per
 * transaction and organisation suffices (a transaction-local setting marks it done): any value
 * unseen before makes every earlier entry unusable, and every write of the transaction commits
 * with it. A sequence or any other non-transactional stamp would not do: it moves before the
 * data commits, and a reader could cache the old data under the new stamp.
 *
 * SQLite keeps 0010's row triggers: it has one writer at a time anyway. A table that feeds the
 * analysis and is added later runs `dataVersionTriggerStatements` from THIS migration.
 * Frozen once shipped, like every migration.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema types */
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.ts';
import { dataVersionTriggerStatements as rowTriggerStatements } from './2026_11_29_0010_data_versions.ts';

/**
 * The triggers that give the organisation of every row `table` changes a new data version:
 * SQLite's row triggers from 0010, PostgreSQL's deferred constraint triggers from here.
 */
export function dataVersionTriggerStatements(dialect: SqlDialect, table: string): string[] {
  if (dialect === 'sqlite') return rowTriggerStatements(dialect, table);
  return [
    `create constraint trigger ${table}_data_version_at_commit
     after insert or update or delete on ${table}
     deferrable initially deferred
     for each row execute function duban_bump_data_version_at_commit()`,
  ];
}

/** Also run by a restore on a schema whose functions survived its tables: hence "or replace". */
export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql
    .raw(
      `create or replace function duban_bump_data_version_at_commit() returns trigger
       language plpgsql as $$
       declare
         orgs bigint[];
         org bigint;
       begin
         if tg_op = 'INSERT' then orgs := array[new.org_id];
         elsif tg_op = 'DELETE' then orgs := array[old.org_id];
         else orgs := array[old.org_id, new.org_id];
         end if;
         foreach org in array orgs loop
           -- Once per transaction and organisation: a bulk import queues one event per row.
           if current_setting('duban.data_version_renewed_' || org, true)
                is distinct from '1' then
             update organizations set data_version = md5(random()::text || clock_timestamp()::text)
               where id = org;
             perform set_config('duban.data_version_renewed_' || org, '1', true);
           end if;
         end loop;
         return null;
       end $$`,
    )
    .execute(db);
  // Every table 0010 (or a migration since, through its helper) gave the immediate triggers.
  const stamped = await sql<{ table: string; trigger: string }>`
    select c.relname as table, t.tgname as trigger
      from pg_trigger t
      join pg_class c on c.oid = t.tgrelid
     where t.tgfoid = 'duban_bump_data_version'::regproc
     order by c.relname, t.tgname`.execute(db);
  for (const row of stamped.rows) {
    await sql.raw(`drop trigger ${row.trigger} on ${row.table}`).execute(db);
  }
  for (const table of new Set(stamped.rows.map((row) => row.table))) {
    for (const statement of dataVersionTriggerStatements(dialect, table)) {
      await sql.raw(statement).execute(db);
    }
  }
  await sql.raw('drop function if exists duban_bump_data_version()').execute(db);
}
