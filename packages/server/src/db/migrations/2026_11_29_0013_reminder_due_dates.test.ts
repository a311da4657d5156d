import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReminderRun } from '../../repos/notifications.repo.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/database.ts';
import { migrateToLatest } from '../migrate.ts';
import { getMigrations } from './index.ts';

describe.each(DIALECTS)('migration 0013 on %s', (dialect) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(dialect, { migrate: false });
  });
  afterAll(async () => {
    await test.destroy();
  });

  it('gives the reminders already sent their period’s date, then keys them by date', async () => {
    const { db } = test.database;
    const migrator = new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(getMigrations(dialect)) },
    });
    const before = await migrator.migrateTo('2026_11_29_0012_data_versions_at_commit');
    expect(before.error).toBeUndefined();

    const now = '2023-10-08T01:00:00.000Z';
    const org = await db
      .insertInto('organizations')
      .values({ name: '示范区', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const plan = await db
      .insertInto('plans')
      .values({ org_id: org.id, year: 2023, title: 't', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const period = await db
      .insertInto('periods')
      .values({
        org_id: org.id,
        plan_id: plan.id,
        year: 2023,
        quarter: 3,
        label: '2023Q3',
        title: 't',
        due_date: '2023-10-10',
        state: 'open',
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const unit = await db
      .insertInto('units')
      .values({ org_id: org.id, name: '区发改委', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The schema of 0012 has no due_date: written as that version's code wrote it.
    for (const kind of ['due-soon', 'late']) {
      await sql`insert into reminder_runs (org_id, period_id, unit_id, kind, created_at)
                values (${org.id}, ${period.id}, ${unit.id}, ${kind}, ${now})`.execute(db);
    }

    await migrateToLatest(test.database);
    const rows = await db
      .selectFrom('reminder_runs')
      .select(['id', 'kind', 'due_date'])
      .orderBy('id')
      .execute();
    expect(rows.map((row) => [row.kind, row.due_date])).toEqual([
      ['due-soon', '2023-10-10'],
      ['late', '2023-10-10'],
    ]);

    const run = (kind: 'due-soon' | 'late', dueDate: string) =>
      insertReminderRun(
        db,
        { orgId: org.id, periodId: period.id, unitId: unit.id, kind, dueDate },
        now,
      );
    // The same date never twice; a granted date has its own reminders, once each.
    expect(await run('late', '2023-10-10')).toBeUndefined();
    const moved = await run('due-soon', '2023-10-20');
    expect(moved).toBeGreaterThan(rows.at(-1)?.id ?? Infinity);
    expect(await run('due-soon', '2023-10-20')).toBeUndefined();
    expect(await run('late', '2023-10-20')).toBeDefined();
    await expect(
      sql`insert into reminder_runs (org_id, period_id, unit_id, kind, created_at)
          values (${org.id}, ${period.id}, ${unit.id}, 'late', ${now})`.execute(db),
    ).rejects.toThrow();
  });
});
