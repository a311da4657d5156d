import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { inspectSchema, migrateToLatest } from './migrate.ts';
import { MIGRATION_NAMES } from './migrations/index.ts';

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(dialect, { migrate: false });
  });
  afterAll(async () => {
    await test.destroy();
  });

  it('brings an empty database to the latest schema, once', async () => {
    expect(await inspectSchema(test.database)).toEqual({
      state: 'behind',
      pending: MIGRATION_NAMES,
    });
    await migrateToLatest(test.database);
    expect(await inspectSchema(test.database)).toEqual({ state: 'current' });
    await migrateToLatest(test.database);
    const tables = await test.database.db.introspection.getTables();
    // SQLite's FTS5 indexes (migration 0005) and their shadow tables are not data tables.
    const names = tables.map((table) => table.name).filter((name) => !/_fts(_|$)/.test(name));
    expect(names.sort()).toEqual([
      'audit_log',
      'entry_returns',
      'extension_requests',
      'finding_dismissals',
      'import_batches',
      'import_previews',
      'instruction_acks',
      'instructions',
      'leases',
      'milestone_changes',
      'notification_deliveries',
      'notification_reads',
      'notifications',
      'organizations',
      'periods',
      'plan_light_rules',
      'plans',
      'progress_entries',
      'progress_versions',
      'reminder_runs',
      'sections',
      'sessions',
      'target_changes',
      'task_assessments',
      'task_figures',
      'task_milestones',
      'task_units',
      'tasks',
      'unit_aliases',
      'units',
      'users',
    ]);
  });

  it('keeps one consolidated progress row per task and period despite the NULL unit', async () => {
    const { db } = test.database;
    const now = new Date().toISOString();
    const org = await db
      .insertInto('organizations')
      .values({ name: '约束区', created_at: now })
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
        quarter: 2,
        label: '2023Q2',
        title: 't',
        state: 'open',
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const section = await db
      .insertInto('sections')
      .values({ org_id: org.id, plan_id: plan.id, ordinal: '一', title: 't', position: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const task = await db
      .insertInto('tasks')
      .values({
        org_id: org.id,
        plan_id: plan.id,
        section_id: section.id,
        no: '1',
        position: 0,
        text: 't',
        extra: null,
        warnings: '[]',
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const unit = await db
      .insertInto('units')
      .values({ org_id: org.id, name: '区发改委', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const entry = (unitId: number | null) =>
      db
        .insertInto('progress_entries')
        .values({
          org_id: org.id,
          task_id: task.id,
          period_id: period.id,
          unit_id: unitId,
          text: 'x',
          version: 1,
          state: 'imported',
          updated_by: null,
          updated_at: now,
        })
        .execute();
    await entry(null);
    await expect(entry(null)).rejects.toThrow();
    await entry(unit.id);
    await expect(entry(unit.id)).rejects.toThrow();
    // Check constraints hold on both dialects.
    await expect(
      db
        .insertInto('periods')
        .values({
          org_id: org.id,
          plan_id: plan.id,
          year: 2023,
          quarter: 5,
          label: '2023Q5',
          title: 't',
          state: 'open',
          created_at: now,
        })
        .execute(),
    ).rejects.toThrow();
  });

  it('refuses a database with a migration this build does not know (schema-too-new)', async () => {
    await sql`insert into kysely_migration (name, timestamp) values ('2099_01_01_0001_future', '2099-01-01T00:00:00.000Z')`.execute(
      test.database.db,
    );
    const error = await migrateToLatest(test.database).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'schema-too-new' });
    expect((error as AppError).message).toContain('2099_01_01_0001_future'); // AppError, checked above
    expect(await inspectSchema(test.database)).toEqual({
      state: 'ahead',
      unknown: ['2099_01_01_0001_future'],
    });
  });
});
