/**
 * Figures people confirm (issue 5): confirmed, corrected and added figures, the log of target
 * changes, the office's and units' assessments and forecasts, dismissed findings, and the light
 * rules chosen per plan. Frozen once shipped; written against `Kysely<any>` (see the initial
 * migration for why).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema types */
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
      )
      .addColumn('org_id', 'integer', (col) => col.notNull().references('organizations.id'));

  await table('task_figures')
    .addColumn('task_id', 'integer', (col) => col.notNull().references('tasks.id'))
    // Targets hold for the plan's year (null); actuals and forecasts belong to a period.
    .addColumn('period_id', 'integer', (col) => col.references('periods.id'))
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('target', 'actual', 'forecast')`),
    )
    .addColumn('metric', 'text', (col) => col.notNull().check(sql`length(metric) > 0`))
    .addColumn('value', 'double precision', (col) => col.notNull())
    .addColumn('unit', 'text', (col) => col.notNull())
    .addColumn('bound', 'text', (col) => col.check(sql`bound in ('min', 'max', 'exact')`))
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('origin', 'text', (col) =>
      col.notNull().check(sql`origin in ('confirmed', 'corrected', 'manual')`),
    )
    .addColumn('created_by', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('task_figures_task_index')
    .on('task_figures')
    .column('task_id')
    .execute();

  // Append-only: who moved a target, when, from what to what, and why.
  await table('target_changes')
    .addColumn('task_id', 'integer', (col) => col.notNull().references('tasks.id'))
    .addColumn('metric', 'text', (col) => col.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addColumn('actor_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('target_changes_task_index')
    .on('target_changes')
    .column('task_id')
    .execute();

  await table('task_assessments')
    .addColumn('task_id', 'integer', (col) => col.notNull().references('tasks.id'))
    .addColumn('period_id', 'integer', (col) => col.notNull().references('periods.id'))
    .addColumn('assessor', 'text', (col) =>
      col.notNull().check(sql`assessor in ('office', 'unit')`),
    )
    .addColumn('verdict', 'text', (col) =>
      col.notNull().check(sql`verdict in ('done', 'on-track', 'behind', 'far-behind')`),
    )
    .addColumn('can_complete', 'integer', (col) => col.check(sql`can_complete in (0, 1)`))
    .addColumn('confidence', 'text', (col) =>
      col.check(sql`confidence in ('high', 'medium', 'low')`),
    )
    .addColumn('actor_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('at', 'text', (col) => col.notNull())
    .addUniqueConstraint('task_assessments_task_period_by_unique', [
      'task_id',
      'period_id',
      'assessor',
    ])
    .execute();

  await table('finding_dismissals')
    .addColumn('period_id', 'integer', (col) => col.notNull().references('periods.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    // The finding's task numbers joined by commas, in the finding's order.
    .addColumn('tasks', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('actor_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('at', 'text', (col) => col.notNull())
    .addUniqueConstraint('finding_dismissals_key_unique', ['period_id', 'kind', 'tasks'])
    .execute();

  await table('plan_light_rules')
    .addColumn('plan_id', 'integer', (col) => col.notNull().unique().references('plans.id'))
    .addColumn('rules', 'text', (col) => col.notNull())
    .addColumn('actor_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
}
