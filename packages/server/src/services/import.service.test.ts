import { analyseLedger } from '@duban/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDialect } from '../db/dialect.ts';
import { AppError } from '../errors.ts';
import { countRows, createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { readSeedLedger } from '../test/seed.ts';
import { buildLedger, buildTask, changeTask } from '../test/factories.ts';
import { exportLedger } from './export.service.ts';
import { importLedger } from './import.service.ts';

const source = { sourceName: 'test.txt', sha256: 'a'.repeat(64) };

/** Makes inserting the task numbered `no` fail inside the database itself. */
async function failOnTaskNo(test: TestDatabase, dialect: SqlDialect, no: string): Promise<void> {
  const { db } = test.database;
  if (dialect === 'sqlite') {
    await sql`create trigger fail_task before insert on tasks when new.no = ${sql.lit(no)}
      begin select raise(abort, 'simulated failure'); end`.execute(db);
  } else {
    await sql`create function fail_task() returns trigger language plpgsql as $$
      begin if new.no = ${sql.lit(no)} then raise exception 'simulated failure'; end if; return new; end $$`.execute(
      db,
    );
    await sql`create trigger fail_task before insert on tasks for each row execute function fail_task()`.execute(
      db,
    );
  }
}

async function dropFailure(test: TestDatabase, dialect: SqlDialect): Promise<void> {
  const { db } = test.database;
  if (dialect === 'sqlite') {
    await sql`drop trigger fail_task`.execute(db);
  } else {
    await sql`drop trigger fail_task on tasks`.execute(db);
    await sql`drop function fail_task()`.execute(db);
  }
}

describe.each(DIALECTS)('importLedger and exportLedger on %s', (dialect) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await test.destroy();
  });

  it('stores the factory ledger and reads it back equal', async () => {
    const ledger = buildLedger({ organization: '往返区' });
    const result = await importLedger(test.database, ledger, source);
    expect(result).toMatchObject({
      status: 'created',
      created: 5,
      updated: 0,
      unchanged: 0,
      missing: [],
    });
    const exported = await exportLedger(test.database, {
      organization: '往返区',
      period: '2023Q2',
    });
    expect(exported).toEqual(ledger);
    // Merged-cell flags are stored per unit, from the task's warnings.
    const inferred = await test.database.db
      .selectFrom('task_units')
      .innerJoin('tasks', 'tasks.id', 'task_units.task_id')
      .select(['tasks.no', 'task_units.role'])
      .where('task_units.inferred', '=', 1)
      .where('tasks.org_id', '=', result.organizationId)
      .orderBy('tasks.no')
      .execute();
    expect(inferred).toEqual([
      { no: '2', role: 'lead' },
      { no: '5', role: 'co' },
    ]);
  });

  it('stores the real seed ledger and reads it back equal', async () => {
    const seed = readSeedLedger();
    const result = await importLedger(test.database, seed, source);
    expect(result.created).toBe(seed.tasks.length);
    const exported = await exportLedger(test.database, {
      organization: seed.organization,
      period: seed.period.label,
    });
    expect(exported).toEqual(seed);
  });

  it('reports a second identical import as unchanged and writes nothing', async () => {
    const ledger = buildLedger({ organization: '重复区' });
    await importLedger(test.database, ledger, source);
    const versions = await countRows(test.database, 'progress_versions');
    const batches = await countRows(test.database, 'import_batches');
    const again = await importLedger(
      test.database,
      buildLedger({ organization: '重复区' }),
      source,
    );
    expect(again).toMatchObject({ status: 'unchanged', created: 0, updated: 0, unchanged: 5 });
    expect(await countRows(test.database, 'progress_versions')).toBe(versions);
    expect(await countRows(test.database, 'import_batches')).toBe(batches);
  });

  it('refuses a different ledger for the same period without update (409, in Chinese)', async () => {
    await importLedger(test.database, buildLedger({ organization: '冲突区' }), source);
    const changed = changeTask(buildLedger({ organization: '冲突区' }), '1', {
      progress: '奇瑞新能源四期项目已竣工投产。',
    });
    const error = await importLedger(test.database, changed, source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError; // checked just above
    expect(appError.code).toBe('ledger-exists');
    expect(appError.status).toBe(409);
    expect(appError.message).toContain('5 项任务');
    expect(appError.message).toContain('--update');
    const exported = await exportLedger(test.database, {
      organization: '冲突区',
      period: '2023Q2',
    });
    expect(exported.tasks[0]?.progress).toBe(buildLedger().tasks[0]?.progress);
  });

  it('updates in place with update: new versions, missing tasks kept and reported', async () => {
    const org = '更新区';
    const first = await importLedger(test.database, buildLedger({ organization: org }), source);
    const original = buildLedger({ organization: org });
    const edited = changeTask(
      changeTask(original, '1', { progress: `${original.tasks[0]?.progress ?? ''}（已更新）` }),
      '2',
      { co: ['区经信局'] },
    );
    const next = {
      ...edited,
      tasks: [
        ...edited.tasks.filter((task) => task.no !== '5'),
        buildTask({ no: '6', section: '二', text: '新增普惠性托位200个', lead: ['区卫健委'] }),
      ],
    };
    const result = await importLedger(test.database, next, { ...source, update: true });
    expect(result).toMatchObject({
      status: 'updated',
      created: 1,
      updated: 2,
      unchanged: 2,
      missing: ['5'],
    });
    expect(result.periodId).toBe(first.periodId);

    const exported = await exportLedger(test.database, { organization: org, period: '2023Q2' });
    expect(exported.tasks.map((task) => task.no)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(exported.tasks[0]?.progress).toBe(next.tasks[0]?.progress);
    expect(exported.tasks[1]?.co).toEqual(['区经信局']);
    expect(exported.tasks[4]).toEqual(buildLedger().tasks[4]);

    const versions = await test.database.db
      .selectFrom('progress_versions')
      .innerJoin('progress_entries', 'progress_entries.id', 'progress_versions.entry_id')
      .innerJoin('tasks', 'tasks.id', 'progress_entries.task_id')
      .select(['progress_versions.version', 'progress_versions.text'])
      .where('tasks.org_id', '=', result.organizationId)
      .where('tasks.no', '=', '1')
      .orderBy('progress_versions.version')
      .execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[0]?.text).toBe(buildLedger().tasks[0]?.progress);
    const task2 = await test.database.db
      .selectFrom('tasks')
      .select('version')
      .where('org_id', '=', result.organizationId)
      .where('no', '=', '2')
      .executeTakeFirstOrThrow();
    expect(task2.version).toBe(2);
  });

  it('imports a second period of the same plan without --update', async () => {
    const org = '两期区';
    const q2Ledger = buildLedger({ organization: org });
    const q2 = await importLedger(test.database, q2Ledger, source);
    const q3Period = { year: 2023, quarter: 3, label: '2023Q3' } as const;
    const q3 = changeTask(buildLedger({ organization: org, period: q3Period }), '1', {
      progress: '奇瑞新能源四期项目主体完工。',
    });
    const result = await importLedger(test.database, q3, source);
    expect(result.status).toBe('created');
    expect(result.planId).toBe(q2.planId);
    expect(result.periodId).not.toBe(q2.periodId);
    // Exported with the findings only the database can know: progress copied from last period.
    const exported = await exportLedger(test.database, { organization: org, period: '2023Q3' });
    expect(exported).toEqual(analyseLedger(q3, { previous: q2Ledger.tasks }));
    expect(
      exported.findings.filter((f) => f.kind === 'stale-progress').map((f) => f.tasks),
    ).toEqual([['2'], ['3'], ['4']]);
  });

  it('matches a renumbered and reworded Q3 file of the seed to the same tasks', async () => {
    const seed = { ...readSeedLedger(), organization: '改号区' };
    const q2 = await importLedger(test.database, seed, source);
    const idsBefore = await test.database.db
      .selectFrom('tasks')
      .select(['id', 'no', 'text'])
      .where('plan_id', '=', q2.planId)
      .execute();
    const idOf = (no: string) => idsBefore.find((task) => task.no === no)?.id;
    // Q3: task 5 dropped, 6…126 move up to 5…125; task 10 (now 9) reworded; a new task 126.
    const kept = seed.tasks.filter((task) => task.no !== '5');
    const tasks = kept.map((task, index) => ({
      ...task,
      no: String(index + 1),
      text: task.no === '10' ? `${task.text}，确保年底前全面完成` : task.text,
      progress: `${task.progress}（三季度）`,
    }));
    const added = { ...kept[0], no: '126', text: '建设城市运行管理服务平台，实现一网统管' };
    const q3 = {
      ...seed,
      period: { year: 2023, quarter: 3, label: '2023Q3' } as const,
      tasks: [...tasks, added as (typeof tasks)[number]], // a seed task spread: every field set
    };
    const result = await importLedger(test.database, q3, source);
    expect(result.match.counts).toEqual({
      matched: 125,
      unchanged: 4,
      changed: 121,
      new: 1,
      missing: 1,
    });
    expect(result.missing).toEqual(['5']);
    expect(result.created).toBe(1);
    // The old task 5 is kept under a free number; the tasks kept their ids under new numbers.
    expect(result.displaced).toEqual({ '5': '5（原）' });
    const after = await test.database.db
      .selectFrom('tasks')
      .select(['id', 'no', 'text'])
      .where('plan_id', '=', q2.planId)
      .execute();
    expect(after).toHaveLength(127);
    expect(after.find((task) => task.no === '5')?.id).toBe(idOf('6'));
    expect(after.find((task) => task.no === '125')?.id).toBe(idOf('126'));
    expect(after.find((task) => task.no === '5（原）')?.id).toBe(idOf('5'));
    expect(after.find((task) => task.no === '9')?.text).toContain('确保年底前全面完成');
    const q3Progress = await test.database.db
      .selectFrom('progress_entries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('period_id', '=', result.periodId)
      .executeTakeFirstOrThrow();
    expect(Number(q3Progress.n)).toBe(126);
  });

  it('leaves nothing behind when the database fails mid-way', async () => {
    const before = {
      organizations: await countRows(test.database, 'organizations'),
      units: await countRows(test.database, 'units'),
      tasks: await countRows(test.database, 'tasks'),
      progress: await countRows(test.database, 'progress_versions'),
    };
    await failOnTaskNo(test, dialect, '4');
    try {
      const ledger = changeTask(buildLedger({ organization: '失败区' }), '1', {
        lead: ['失败区新设单位'],
      });
      await expect(importLedger(test.database, ledger, source)).rejects.toThrow(
        /simulated failure/,
      );
    } finally {
      await dropFailure(test, dialect);
    }
    expect({
      organizations: await countRows(test.database, 'organizations'),
      units: await countRows(test.database, 'units'),
      tasks: await countRows(test.database, 'tasks'),
      progress: await countRows(test.database, 'progress_versions'),
    }).toEqual(before);
    await expect(
      exportLedger(test.database, { organization: '失败区', period: '2023Q2' }),
    ).rejects.toMatchObject({
      code: 'organization-not-found',
    });
  });

  it('refuses an inconsistent ledger before writing anything', async () => {
    const organizations = await countRows(test.database, 'organizations');
    const ledger = buildLedger({ organization: '错误区' });
    ledger.tasks.push(buildTask({ no: '1', section: '三' }));
    const error = await importLedger(test.database, ledger, source).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid-ledger', status: 400 });
    expect((error as AppError).details).toEqual([
      // AppError, per the line above
      expect.objectContaining({ code: 'duplicate-number' }),
      expect.objectContaining({ code: 'unknown-section' }),
    ]);
    expect(await countRows(test.database, 'organizations')).toBe(organizations);
  });

  it('needs the organisation named when the database holds several', async () => {
    await expect(exportLedger(test.database, { period: '2023Q2' })).rejects.toMatchObject({
      code: 'organization-required',
    });
    await expect(
      exportLedger(test.database, { organization: '往返区', period: '2022Q4' }),
    ).rejects.toMatchObject({ code: 'period-not-found', status: 404 });
  });
});
