/**
 * The first schema (issue 2). Frozen in time: never edit a migration that has shipped; add a
 * new one. Written against `Kysely<any>` because the schema types describe the latest schema,
 * not the one this migration produces; literal lists (roles, states) are copied here for the
 * same reason.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema types (see above) */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.ts';

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  const table = (name: string): CreateTableBuilder<string, string> =>
    db.schema
      .createTable(name)
      .addColumn('id', 'integer', (col) =>
        dialect === 'postgres'
          ? col.generatedByDefaultAsIdentity().primaryKey()
          : col.autoIncrement().primaryKey(),
      );
  const orgColumn = (
    builder: CreateTableBuilder<string, string>,
  ): CreateTableBuilder<string, string> =>
    builder.addColumn('org_id', 'integer', (col) => col.notNull().references('organizations.id'));

  await table('organizations')
    .addColumn('name', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await orgColumn(table('units'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('units_org_name_unique', ['org_id', 'name'])
    .execute();

  await orgColumn(table('unit_aliases'))
    .addColumn('unit_id', 'integer', (col) => col.notNull().references('units.id'))
    .addColumn('alias', 'text', (col) => col.notNull())
    .addUniqueConstraint('unit_aliases_org_alias_unique', ['org_id', 'alias'])
    .execute();

  await orgColumn(table('plans'))
    .addColumn('year', 'integer', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('plans_org_year_unique', ['org_id', 'year'])
    .execute();

  await orgColumn(table('periods'))
    .addColumn('plan_id', 'integer', (col) => col.notNull().references('plans.id'))
    .addColumn('year', 'integer', (col) => col.notNull())
    .addColumn('quarter', 'integer', (col) => col.notNull().check(sql`quarter between 1 and 4`))
    .addColumn('label', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('due_date', 'text')
    .addColumn('state', 'text', (col) =>
      col
        .notNull()
        .defaultTo('open')
        .check(sql`state in ('open', 'closed', 'published')`),
    )
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('periods_org_label_unique', ['org_id', 'label'])
    .execute();

  await orgColumn(table('sections'))
    .addColumn('plan_id', 'integer', (col) => col.notNull().references('plans.id'))
    .addColumn('ordinal', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addUniqueConstraint('sections_plan_ordinal_unique', ['plan_id', 'ordinal'])
    .execute();

  await orgColumn(table('tasks'))
    .addColumn('plan_id', 'integer', (col) => col.notNull().references('plans.id'))
    .addColumn('section_id', 'integer', (col) => col.notNull().references('sections.id'))
    .addColumn('no', 'text', (col) => col.notNull().check(sql`length(no) > 0`))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('extra', 'text')
    .addColumn('warnings', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('tasks_plan_no_unique', ['plan_id', 'no'])
    .execute();
  await db.schema
    .createIndex('tasks_plan_position_index')
    .on('tasks')
    .columns(['plan_id', 'position'])
    .execute();

  await orgColumn(table('task_units'))
    .addColumn('task_id', 'integer', (col) => col.notNull().references('tasks.id'))
    .addColumn('unit_id', 'integer', (col) => col.notNull().references('units.id'))
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('lead', 'co')`))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('inferred', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`inferred in (0, 1)`),
    )
    .addUniqueConstraint('task_units_task_role_position_unique', ['task_id', 'role', 'position'])
    .execute();
  await db.schema.createIndex('task_units_unit_index').on('task_units').column('unit_id').execute();

  await orgColumn(table('users'))
    .addColumn('username', 'text', (col) => col.notNull().unique())
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) =>
      col.notNull().check(sql`role in ('admin', 'reporter', 'unit_head', 'leader', 'viewer')`),
    )
    .addColumn('unit_id', 'integer', (col) => col.references('units.id'))
    .addColumn('must_change_password', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(1)
        .check(sql`must_change_password in (0, 1)`),
    )
    .addColumn('failed_logins', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('first_failed_at', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_login_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await orgColumn(table('progress_entries'))
    .addColumn('task_id', 'integer', (col) => col.notNull().references('tasks.id'))
    .addColumn('period_id', 'integer', (col) => col.notNull().references('periods.id'))
    .addColumn('unit_id', 'integer', (col) => col.references('units.id'))
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('state', 'text', (col) =>
      col.notNull().check(sql`state in ('imported', 'draft', 'submitted', 'returned', 'approved')`),
    )
    .addColumn('updated_by', 'integer', (col) => col.references('users.id'))
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  // A plain unique (task, period, unit) would let two consolidated rows (unit NULL) coexist.
  await db.schema
    .createIndex('progress_entries_consolidated_unique')
    .on('progress_entries')
    .columns(['task_id', 'period_id'])
    .unique()
    .where(sql.ref('unit_id'), 'is', null)
    .execute();
  await db.schema
    .createIndex('progress_entries_unit_unique')
    .on('progress_entries')
    .columns(['task_id', 'period_id', 'unit_id'])
    .unique()
    .where(sql.ref('unit_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('progress_entries_period_index')
    .on('progress_entries')
    .column('period_id')
    .execute();

  await orgColumn(table('progress_versions'))
    .addColumn('entry_id', 'integer', (col) => col.notNull().references('progress_entries.id'))
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('author_id', 'integer', (col) => col.references('users.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('progress_versions_entry_version_unique', ['entry_id', 'version'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'integer', (col) =>
      col.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('org_id', 'integer', (col) => col.notNull().references('organizations.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('last_seen_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_index').on('sessions').column('user_id').execute();

  await table('audit_log')
    .addColumn('org_id', 'integer', (col) => col.references('organizations.id'))
    .addColumn('actor_id', 'integer', (col) => col.references('users.id'))
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('entity', 'text', (col) => col.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('detail', 'text', (col) => col.notNull().defaultTo('{}'))
    .addColumn('at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('audit_log_org_at_index')
    .on('audit_log')
    .columns(['org_id', 'at'])
    .execute();

  await orgColumn(table('import_batches'))
    .addColumn('period_id', 'integer', (col) => col.notNull().references('periods.id'))
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('task_count', 'integer', (col) => col.notNull())
    .addColumn('warnings', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('actor_id', 'integer', (col) => col.references('users.id'))
    .addColumn('at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('import_batches_period_index')
    .on('import_batches')
    .column('period_id')
    .execute();
}
