/**
 * Milestones (issue 5): a task's own trajectory through the year in percent per quarter, set
 * by the office, and the append-only log of their changes (who, when, before/after, why).
 * Frozen once shipped; written against `Kysely<any>` (see the initial migration for why).
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
  const percent = (name: string) => sql`${sql.ref(name)} >= 0 and ${sql.ref(name)} <= 100`;

  await table('task_milestones')
    .addColumn('task_id', 'integer', (col) => col.notNull().unique().references('tasks.id'))
    .addColumn('q1', 'double precision', (col) => col.notNull().check(percent('q1')))
    .addColumn('q2', 'double precision', (col) => col.notNull().check(percent('q2')))
    .addColumn('q3', 'double precision', (col) => col.notNull().check(percent('q3')))
    .addColumn('q4', 'double precision', (col) => col.notNull().check(percent('q4')))
    .addColumn('actor_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addCheckConstraint('task_milestones_rising', sql`q1 <= q2 and q2 <= q3 and q3 <= q4`)
    .execute();

  // Append-only: `before`/`after` are JSON of { q1, q2, q3, q4 }, null for none.
  await table('milestone_changes')
    .addColumn('task_id', 'integer', (col) => col.notNull().references('tasks.id'))
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('reason', 'text')
    .addColumn('actor_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('milestone_changes_task_index')
    .on('milestone_changes')
    .column('task_id')
    .execute();
}
