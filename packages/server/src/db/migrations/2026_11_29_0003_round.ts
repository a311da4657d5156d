/**
 * The reporting round (issue 4): what an entry needs beyond its text and state (the office's
 * acceptance, the reason it was returned, whether it was reopened after publishing), in-app
 * reminders, and disabled accounts. Frozen once shipped; written against `Kysely<any>` (see the
 * initial migration).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema types */
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.ts';

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('progress_entries').addColumn('accepted_at', 'text').execute();
  await db.schema.alterTable('progress_entries').addColumn('return_reason', 'text').execute();
  await db.schema
    .alterTable('progress_entries')
    .addColumn('reopened', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`reopened in (0, 1)`),
    )
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('disabled', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`disabled in (0, 1)`),
    )
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'integer', (col) =>
      dialect === 'postgres'
        ? col.generatedByDefaultAsIdentity().primaryKey()
        : col.autoIncrement().primaryKey(),
    )
    .addColumn('org_id', 'integer', (col) => col.notNull().references('organizations.id'))
    .addColumn('unit_id', 'integer', (col) => col.notNull().references('units.id'))
    .addColumn('period_id', 'integer', (col) => col.references('periods.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('created_by', 'integer', (col) => col.references('users.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('notifications_unit_index')
    .on('notifications')
    .columns(['unit_id', 'created_at'])
    .execute();
}
