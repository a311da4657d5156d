/**
 * Chinese full-text search (issue 6). SQLite: FTS5 trigram indexes over task text, progress and
 * unit names, external-content tables kept in sync by triggers (three or more characters go
 * through MATCH; shorter terms through LIKE, which trigram cannot answer). PostgreSQL: pg_trgm
 * GIN indexes on `lower(column)`, which serve the repo's `lower(column) like lower(?)` as it
 * is (needs a UTF-8 LC_CTYPE; see STACK.md). Frozen once shipped; written against
 * `Kysely<any>` (see the initial migration for why).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema types */
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.ts';

/** Table, its indexed text column, and the FTS table that indexes it. */
const INDEXED = [
  { table: 'tasks', column: 'text', fts: 'tasks_fts' },
  { table: 'progress_entries', column: 'text', fts: 'progress_entries_fts' },
  { table: 'units', column: 'name', fts: 'units_fts' },
] as const;

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`create extension if not exists pg_trgm`.execute(db);
    for (const { table, column } of INDEXED) {
      await sql`create index ${sql.id(`${table}_${column}_trgm`)} on ${sql.table(table)}
        using gin (lower(${sql.ref(column)}) gin_trgm_ops)`.execute(db);
    }
    return;
  }
  for (const { table, column, fts } of INDEXED) {
    const t = sql.table(table);
    const f = sql.table(fts);
    const c = sql.ref(column);
    await sql`create virtual table ${f} using fts5(${c}, content=${sql.lit(table)}, content_rowid='id', tokenize='trigram')`.execute(
      db,
    );
    await sql`insert into ${f}(${f}) values ('rebuild')`.execute(db);
    await sql`create trigger ${sql.id(`${fts}_insert`)} after insert on ${t} begin
      insert into ${f}(rowid, ${c}) values (new.id, new.${c});
    end`.execute(db);
    await sql`create trigger ${sql.id(`${fts}_delete`)} after delete on ${t} begin
      insert into ${f}(${f}, rowid, ${c}) values ('delete', old.id, old.${c});
    end`.execute(db);
    await sql`create trigger ${sql.id(`${fts}_update`)} after update of ${c} on ${t} begin
      insert into ${f}(${f}, rowid, ${c}) values ('delete', old.id, old.${c});
      insert into ${f}(rowid, ${c}) values (new.id, new.${c});
    end`.execute(db);
  }
}
