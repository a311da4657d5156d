/**
 * Notifications (issue 4): who has read which reminder, users' e-mail addresses, an outbox of
 * e-mails (every e-mail a reminder should send is a row, written in the reminder's transaction,
 * so a failed or interrupted send is recorded, never lost), and the automatic reminders already
 * sent (one per unit, period and kind). Frozen once shipped; written against `Kysely<any>`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema types */
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.ts';

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  const id = (col: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres'
      ? col.generatedByDefaultAsIdentity().primaryKey()
      : col.autoIncrement().primaryKey();

  await db.schema.alterTable('users').addColumn('email', 'text').execute();

  await db.schema
    .createTable('notification_reads')
    .addColumn('notification_id', 'integer', (col) => col.notNull().references('notifications.id'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('read_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('notification_reads_pk', ['notification_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('notification_deliveries')
    .addColumn('id', 'integer', id)
    .addColumn('org_id', 'integer', (col) => col.notNull().references('organizations.id'))
    .addColumn('notification_id', 'integer', (col) => col.notNull().references('notifications.id'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('address', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('pending', 'sending', 'sent', 'failed', 'skipped')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('next_attempt_at', 'text', (col) => col.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('notification_deliveries_due_index')
    .on('notification_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('reminder_runs')
    .addColumn('id', 'integer', id)
    .addColumn('org_id', 'integer', (col) => col.notNull().references('organizations.id'))
    .addColumn('period_id', 'integer', (col) => col.notNull().references('periods.id'))
    .addColumn('unit_id', 'integer', (col) => col.notNull().references('units.id'))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('due-soon', 'late')`))
    .addColumn('notification_id', 'integer', (col) => col.references('notifications.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('reminder_runs_once', ['period_id', 'unit_id', 'kind'])
    .execute();
}
