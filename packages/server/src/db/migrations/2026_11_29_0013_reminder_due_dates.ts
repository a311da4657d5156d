/**
 * Reminders per due date (issue 4). Migration 0008 kept one automatic reminder per period, unit
 * and kind, so a unit whose 延期 was granted got no `due-soon` reminder before its new date, and
 * no `late` one after it. Each row now names the due date it was about, and the key becomes
 * (period, unit, kind, due date): a moved date earns its own reminder, the same date never two.
 * Rows already sent get their period's due date: the reminders before this one always named it.
 * reminder_runs does not feed the analysis, so it carries no data-version triggers (0012).
 * SQLite cannot drop a constraint, hence its table is rebuilt. Frozen once shipped.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema types */
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.ts';

const KEY = ['period_id', 'unit_id', 'kind', 'due_date'] as const;

/** The date each existing reminder named: its period's (a period without one cannot occur). */
const dueDateOfRun = sql<string>`coalesce(
  (select periods.due_date from periods where periods.id = reminder_runs.period_id),
  substr(reminder_runs.created_at, 1, 10))`;

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  if (dialect === 'postgres') {
    await db.schema.alterTable('reminder_runs').addColumn('due_date', 'text').execute();
    await db.updateTable('reminder_runs').set({ due_date: dueDateOfRun }).execute();
    await db.schema
      .alterTable('reminder_runs')
      .alterColumn('due_date', (col) => col.setNotNull())
      .execute();
    await db.schema.alterTable('reminder_runs').dropConstraint('reminder_runs_once').execute();
    await db.schema
      .alterTable('reminder_runs')
      .addUniqueConstraint('reminder_runs_once_per_date', [...KEY])
      .execute();
    return;
  }
  await db.schema
    .createTable('reminder_runs_0013')
    .addColumn('id', 'integer', (col) => col.autoIncrement().primaryKey())
    .addColumn('org_id', 'integer', (col) => col.notNull().references('organizations.id'))
    .addColumn('period_id', 'integer', (col) => col.notNull().references('periods.id'))
    .addColumn('unit_id', 'integer', (col) => col.notNull().references('units.id'))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('due-soon', 'late')`))
    .addColumn('due_date', 'text', (col) => col.notNull())
    .addColumn('notification_id', 'integer', (col) => col.references('notifications.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('reminder_runs_once_per_date', [...KEY])
    .execute();
  await db
    .insertInto('reminder_runs_0013')
    .columns([
      'id',
      'org_id',
      'period_id',
      'unit_id',
      'kind',
      'due_date',
      'notification_id',
      'created_at',
    ])
    .expression(
      db
        .selectFrom('reminder_runs')
        .select([
          'id',
          'org_id',
          'period_id',
          'unit_id',
          'kind',
          dueDateOfRun.as('due_date'),
          'notification_id',
          'created_at',
        ]),
    )
    .execute();
  await db.schema.dropTable('reminder_runs').execute();
  await db.schema.alterTable('reminder_runs_0013').renameTo('reminder_runs').execute();
}
