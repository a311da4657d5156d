/**
 * The round's remaining steps (issue 4): extension requests (延期), leader instructions (批示)
 * with each unit's acknowledgement, and a durable record of every return reason (the entry's
 * own `return_reason` is cleared when it is submitted again). Instruction texts and return
 * reasons are searchable like progress (issue 6): FTS5 trigram on SQLite, pg_trgm on
 * PostgreSQL, as in migration 0005. Frozen once shipped; written against `Kysely<any>`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema types */
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.ts';

function idColumn(dialect: SqlDialect) {
  return (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres'
      ? col.generatedByDefaultAsIdentity().primaryKey()
      : col.autoIncrement().primaryKey();
}

/** Table, its indexed text column, and the FTS table that indexes it. */
const INDEXED = [
  { table: 'instructions', column: 'text', fts: 'instructions_fts' },
  { table: 'entry_returns', column: 'reason', fts: 'entry_returns_fts' },
] as const;

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('extension_requests')
    .addColumn('id', 'integer', idColumn(dialect))
    .addColumn('org_id', 'integer', (col) => col.notNull().references('organizations.id'))
    .addColumn('task_id', 'integer', (col) => col.notNull().references('tasks.id'))
    .addColumn('period_id', 'integer', (col) => col.notNull().references('periods.id'))
    .addColumn('unit_id', 'integer', (col) => col.notNull().references('units.id'))
    .addColumn('requested_date', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) =>
      col.notNull().check(sql`state in ('pending', 'granted', 'refused')`),
    )
    .addColumn('requested_by', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('decided_by', 'integer', (col) => col.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('granted_date', 'text')
    .addColumn('decision_reason', 'text')
    .execute();
  // One pending request per task, period and unit; decided ones stay as history.
  await db.schema
    .createIndex('extension_requests_pending_unique')
    .on('extension_requests')
    .columns(['task_id', 'period_id', 'unit_id'])
    .unique()
    .where(sql.ref('state'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('extension_requests_period_index')
    .on('extension_requests')
    .columns(['period_id', 'state'])
    .execute();

  await db.schema
    .createTable('instructions')
    .addColumn('id', 'integer', idColumn(dialect))
    .addColumn('org_id', 'integer', (col) => col.notNull().references('organizations.id'))
    .addColumn('task_id', 'integer', (col) => col.notNull().references('tasks.id'))
    .addColumn('period_id', 'integer', (col) => col.notNull().references('periods.id'))
    .addColumn('author_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('instructions_period_index')
    .on('instructions')
    .columns(['period_id', 'task_id'])
    .execute();
  await db.schema
    .createTable('instruction_acks')
    .addColumn('id', 'integer', idColumn(dialect))
    .addColumn('org_id', 'integer', (col) => col.notNull().references('organizations.id'))
    .addColumn('instruction_id', 'integer', (col) => col.notNull().references('instructions.id'))
    .addColumn('unit_id', 'integer', (col) => col.notNull().references('units.id'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('acked_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('instruction_acks_unit_unique', ['instruction_id', 'unit_id'])
    .execute();

  await db.schema
    .createTable('entry_returns')
    .addColumn('id', 'integer', idColumn(dialect))
    .addColumn('org_id', 'integer', (col) => col.notNull().references('organizations.id'))
    .addColumn('entry_id', 'integer', (col) => col.notNull().references('progress_entries.id'))
    .addColumn('task_id', 'integer', (col) => col.notNull().references('tasks.id'))
    .addColumn('period_id', 'integer', (col) => col.notNull().references('periods.id'))
    .addColumn('unit_id', 'integer', (col) => col.references('units.id'))
    .addColumn('action', 'text', (col) => col.notNull().check(sql`action in ('return', 'reopen')`))
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('actor_id', 'integer', (col) => col.references('users.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('entry_returns_period_index')
    .on('entry_returns')
    .columns(['period_id', 'task_id'])
    .execute();
  await backfillReturns(db);

  if (dialect === 'postgres') {
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

/** Returns and reopenings made before this migration are in the audit log only: copy them. */
export async function backfillReturns(db: Kysely<any>): Promise<void> {
  const rows: {
    org_id: number | null;
    actor_id: number | null;
    action: string;
    entity_id: string | null;
    detail: string;
    at: string;
  }[] = await db
    .selectFrom('audit_log')
    .select(['org_id', 'actor_id', 'action', 'entity_id', 'detail', 'at'])
    .where('action', 'in', ['round.return', 'round.reopen'])
    .where('entity', '=', 'progress_entry')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const entryId = Number(row.entity_id);
    if (!Number.isSafeInteger(entryId)) continue;
    const detail = JSON.parse(row.detail) as { reason?: unknown };
    const entry:
      | { id: number; org_id: number; task_id: number; period_id: number; unit_id: number | null }
      | undefined = await db
      .selectFrom('progress_entries')
      .select(['id', 'org_id', 'task_id', 'period_id', 'unit_id'])
      .where('id', '=', entryId)
      .executeTakeFirst();
    if (entry === undefined || typeof detail.reason !== 'string') continue;
    await db
      .insertInto('entry_returns')
      .values({
        org_id: entry.org_id,
        entry_id: entry.id,
        task_id: entry.task_id,
        period_id: entry.period_id,
        unit_id: entry.unit_id,
        action: row.action === 'round.return' ? 'return' : 'reopen',
        reason: detail.reason,
        actor_id: row.actor_id,
        created_at: row.at,
      })
      .execute();
  }
}
