/**
 * Import previews (issue 3): a parsed ledger file kept on the server between upload and
 * confirmation, so the person's decisions apply to exactly what they saw. Frozen once
 * shipped; written against `Kysely<any>` (see the initial migration).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema types */
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.ts';

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('import_previews')
    .addColumn('id', 'integer', (col) =>
      dialect === 'postgres'
        ? col.generatedByDefaultAsIdentity().primaryKey()
        : col.autoIncrement().primaryKey(),
    )
    .addColumn('org_id', 'integer', (col) => col.notNull().references('organizations.id'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    // The sheet read and the sheets to choose from (JSON array), for a workbook.
    .addColumn('sheet', 'text')
    .addColumn('sheets', 'text', (col) => col.notNull())
    // The parsed ledger (duban.ledger/1 JSON) the preview shows and the confirm stores.
    .addColumn('ledger', 'text', (col) => col.notNull())
    // What the plan looked like when previewed: a confirm against a changed plan is refused.
    .addColumn('plan_stamp', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('import_previews_org_index')
    .on('import_previews')
    .columns(['org_id', 'expires_at'])
    .execute();
}
