/**
 * Operations (issue 7): leases, so that one of several server instances runs a job (the
 * scheduled backup); and an audit log that the database itself keeps append-only, for every
 * account and every code path, the office's included. Frozen once shipped, like every migration.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema types */
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.ts';

/**
 * The statements that make audit_log append-only. (A restore drops the whole table, which
 * fires no row trigger, and rebuilds it through this migration.)
 */
function auditGuardStatements(dialect: SqlDialect): string[] {
  if (dialect === 'sqlite') {
    return [
      `create trigger audit_log_no_update before update on audit_log
       begin select raise(abort, 'audit_log is append-only'); end`,
      `create trigger audit_log_no_delete before delete on audit_log
       begin select raise(abort, 'audit_log is append-only'); end`,
    ];
  }
  return [
    `create or replace function duban_audit_log_append_only() returns trigger
     language plpgsql as $$
     begin
       raise exception 'audit_log is append-only' using errcode = 'P0001';
     end $$`,
    `create trigger audit_log_append_only before update or delete on audit_log
     for each row execute function duban_audit_log_append_only()`,
    `create trigger audit_log_no_truncate before truncate on audit_log
     for each statement execute function duban_audit_log_append_only()`,
  ];
}

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('holder', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
  for (const statement of auditGuardStatements(dialect)) {
    await sql.raw(statement).execute(db);
  }
}
