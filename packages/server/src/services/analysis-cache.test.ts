import {
  HALF_BEHIND_LIGHT_RULES,
  ledgerViewSchema,
  taskFiguresSchema,
  type Ledger,
} from '@duban/core';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/dialect.ts';
import { STAMPED_TABLES } from '../db/migrations/2026_11_29_0010_data_versions.ts';
import { listPeriods, listPlans } from '../repos/plans.repo.ts';
import { insertUnitAlias } from '../repos/unit-aliases.repo.ts';
import { buildTestApp } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { changeTask } from '../test/factories.ts';
import { readSeedLedger } from '../test/seed.ts';
import { buildTestUsers } from '../test/test-users.ts';
import { LruCache, readDataVersion } from './analysis-cache.ts';
import { exportLedger } from './export.service.ts';
import { analysePeriod, type AnalysedPeriod } from './figures.service.ts';
import { importLedger } from './import.service.ts';

const source = { sourceName: 'test.txt', sha256: '0'.repeat(64) };

describe('LruCache', () => {
  it('forgets the least recently used entries beyond its weight, never the newest', () => {
    const cache = new LruCache<{ weight: number }>(10);
    cache.set('a', { weight: 4 });
    cache.set('b', { weight: 4 });
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', { weight: 4 });
    expect(cache.peek('b')).toBeUndefined();
    expect(cache.peek('a')).toBeDefined();
    expect(cache.weight).toBe(8);
    cache.set('huge', { weight: 100 });
    expect(cache.size).toBe(1);
    expect(cache.peek('huge')).toBeDefined();
  });
});

describe.each(DIALECTS)('analysis cache on %s', (dialect) => {
  const seed = readSeedLedger();
  const Q2 = seed.period.label;
  const Q3 = '2023Q3';
  let test: TestDatabase;
  let second: Database;
  let app: FastifyInstance;
  let otherApp: FastifyInstance;
  let orgId = 0;
  /** A task of the seed with one lead unit, its id and that unit's reporter. */
  const seedTask = seed.tasks.find((task) => task.lead.length === 1 && task.progress !== '');
  if (seedTask === undefined) throw new Error('the seed has a task with one lead unit');
  let taskId = 0;

  const { addUser, call } = buildTestUsers(() => ({ app, database: test.database }), {
    organization: seed.organization,
  });

  async function analyse(label: string): Promise<AnalysedPeriod> {
    const { db } = test.database;
    const plan = (await listPlans(db, orgId))[0];
    if (plan === undefined) throw new Error('no plan');
    const periods = await listPeriods(db, orgId, [plan.id]);
    const period = periods.find((p) => p.label === label);
    if (period === undefined) throw new Error(`no period ${label}`);
    return analysePeriod(db, plan, periods, period);
  }

  const exported = (label: string): Promise<Ledger> =>
    exportLedger(test.database, { organization: seed.organization, period: label });

  /**
   * Runs `write` with both analyses warm and checks that the version moved and that the next
   * reads are new results, not the cached ones.
   */
  async function expectRecomputed(label: string, write: () => Promise<void>) {
    const before = { analysis: await analyse(label), ledger: await exported(label) };
    // Warm: the same objects come back while nothing changes.
    expect(await analyse(label)).toBe(before.analysis);
    expect(await exported(label)).toBe(before.ledger);
    const version = await readDataVersion(test.database.db, orgId);
    await write();
    expect(await readDataVersion(test.database.db, orgId)).not.toBe(version);
    const after = { analysis: await analyse(label), ledger: await exported(label) };
    expect(after.analysis).not.toBe(before.analysis);
    expect(after.ledger).not.toBe(before.ledger);
    return { before, after };
  }

  const progressOf = (ledger: Ledger) => ledger.tasks.find((t) => t.no === seedTask.no)?.progress;

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, seed, source);
    const org = await test.database.db
      .selectFrom('organizations')
      .select('id')
      .where('name', '=', seed.organization)
      .executeTakeFirstOrThrow();
    orgId = org.id;
    const task = await test.database.db
      .selectFrom('tasks')
      .select('id')
      .where('org_id', '=', orgId)
      .where('no', '=', seedTask.no)
      .executeTakeFirstOrThrow();
    taskId = task.id;
    app = await buildTestApp(test.database);
    // A second instance: its own connection (pool) to the same database.
    second = await openDatabase(test.url);
    otherApp = await buildTestApp(second);
    await addUser('office', 'admin');
    await addUser('reporter', 'reporter', seedTask.lead[0]);
  });
  afterAll(async () => {
    await otherApp.close();
    await second.close();
    await app.close();
    await test.destroy();
  });

  it('bumps the version on an update of every stamped table', async () => {
    for (const table of STAMPED_TABLES) {
      const version = await readDataVersion(test.database.db, orgId);
      await sql`update ${sql.table(table)} set org_id = org_id where org_id = ${orgId}`.execute(
        test.database.db,
      );
      const rows = await sql<{ n: number | string }>`
        select count(*) as n from ${sql.table(table)} where org_id = ${orgId}`.execute(
        test.database.db,
      );
      if (Number(rows.rows[0]?.n ?? 0) === 0) continue; // no row to update in the seed
      expect(await readDataVersion(test.database.db, orgId), table).not.toBe(version);
    }
  });

  it('sees a re-import (update) of the period', async () => {
    const text = '二季度：缓存测试，项目完成投资3亿元。';
    const { after } = await expectRecomputed(Q2, async () => {
      await importLedger(test.database, changeTask(seed, seedTask.no, { progress: text }), {
        ...source,
        update: true,
      });
    });
    expect(progressOf(after.ledger)).toBe(text);
    expect(after.analysis.ledger.tasks.find((t) => t.no === seedTask.no)?.progress).toBe(text);
  });

  it('sees a progress save and a transition in the reporting round', async () => {
    const opened = await call('office', 'POST', '/api/periods', {
      label: Q3,
      dueDate: '2023-10-10',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const text = '三季度：项目主体完工。';
    const { after } = await expectRecomputed(Q3, async () => {
      const saved = await call('reporter', 'PUT', `/api/round/tasks/${taskId}/progress`, {
        period: Q3,
        part: 'consolidated',
        baseVersion: 0,
        text,
      });
      expect(saved.statusCode, saved.body).toBe(200);
    });
    expect(progressOf(after.ledger)).toBe(text);
    // The ledger route's cached view and JSON follow too.
    const ledgerRow = async () => {
      const response = await call('reporter', 'GET', `/api/ledger?period=${Q3}&progress=all`);
      expect(response.statusCode, response.body).toBe(200);
      return ledgerViewSchema.parse(response.json()).tasks.find((t) => t.id === taskId);
    };
    expect((await ledgerRow())?.progress).toBe(text);
    const again = await call('reporter', 'PUT', `/api/round/tasks/${taskId}/progress`, {
      period: Q3,
      part: 'consolidated',
      baseVersion: 1,
      text: `${text}再次保存。`,
    });
    expect(again.statusCode, again.body).toBe(200);
    const row = await ledgerRow();
    expect(row?.progress).toBe(`${text}再次保存。`);
    expect(row?.quarters?.at(-1)).toEqual({ period: Q3, progress: `${text}再次保存。` });
    await expectRecomputed(Q3, async () => {
      const submitted = await call('reporter', 'POST', `/api/round/tasks/${taskId}/transitions`, {
        period: Q3,
        part: 'consolidated',
        action: 'submit',
      });
      expect(submitted.statusCode, submitted.body).toBe(200);
    });
  });

  it('sees a figure, an assessment, light rules and a dismissal', async () => {
    const { after } = await expectRecomputed(Q2, async () => {
      const saved = await call('office', 'POST', `/api/tasks/${taskId}/figures`, {
        period: Q2,
        kind: 'actual',
        metric: '缓存测试',
        value: 7,
        unit: '个',
        origin: 'manual',
      });
      expect(saved.statusCode, saved.body).toBe(200);
    });
    const task = after.analysis.ledger.tasks.find((t) => t.no === seedTask.no);
    expect(task?.actuals.some((a) => a.metric === '缓存测试' && a.value === 7)).toBe(true);

    const assessed = await expectRecomputed(Q2, async () => {
      const saved = await call('office', 'PUT', `/api/tasks/${taskId}/assessment`, {
        period: Q2,
        verdict: 'behind',
      });
      expect(saved.statusCode, saved.body).toBe(200);
    });
    expect(assessed.after.analysis.assessments.some((a) => a.taskId === taskId)).toBe(true);

    const plan = (await listPlans(test.database.db, orgId))[0];
    await expectRecomputed(Q2, async () => {
      const saved = await call('office', 'PUT', `/api/plans/${plan?.id}/light-rules`, {
        rules: HALF_BEHIND_LIGHT_RULES,
      });
      expect(saved.statusCode, saved.body).toBe(200);
    });

    await expectRecomputed(Q2, async () => {
      const dismissed = await call('office', 'POST', '/api/findings/dismissals', {
        period: Q2,
        kind: 'duplicate-progress',
        tasks: ['1', '2'],
        reason: '缓存测试',
      });
      expect(dismissed.statusCode, dismissed.body).toBe(204);
    });
  });

  it('sees a unit alias', async () => {
    const unit = await test.database.db
      .selectFrom('units')
      .select('id')
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    await expectRecomputed(Q2, async () => {
      await insertUnitAlias(test.database.db, orgId, unit.id, '缓存测试别名');
    });
  });

  it('sees a write made through another instance on the same database', async () => {
    const figures = async (on: FastifyInstance) => {
      const response = await call(
        'office',
        'GET',
        `/api/tasks/${taskId}/figures?period=${Q2}`,
        undefined,
        on,
      );
      expect(response.statusCode, response.body).toBe(200);
      return taskFiguresSchema.parse(response.json());
    };
    const before = await figures(app);
    expect(before.actuals.some((a) => a.metric === '另一实例')).toBe(false);
    await figures(app); // warm
    const saved = await call(
      'office',
      'POST',
      `/api/tasks/${taskId}/figures`,
      { period: Q2, kind: 'actual', metric: '另一实例', value: 3, unit: '个', origin: 'manual' },
      otherApp,
    );
    expect(saved.statusCode, saved.body).toBe(200);
    const after = await figures(app);
    expect(after.actuals.find((a) => a.metric === '另一实例')?.value).toBe(3);
  });

  it.runIf(dialect === 'postgres')(
    'renews the version at commit: writers of one organisation do not wait for each other',
    async () => {
      const tasks = await test.database.db
        .selectFrom('tasks')
        .select('id')
        .where('org_id', '=', orgId)
        .orderBy('id')
        .limit(2)
        .execute();
      const [first, other] = tasks.map((task) => task.id);
      if (first === undefined || other === undefined) throw new Error('the seed has two tasks');
      const touch = (db: Database['db'], id: number) =>
        sql`update tasks set org_id = org_id where id = ${id}`.execute(db);
      const version = await readDataVersion(test.database.db, orgId);
      let inside = '';
      await test.database.db.transaction().execute(async (trx) => {
        await touch(trx, first);
        await touch(trx, first); // one renewal per transaction is enough
        // Another connection's writer of the same organisation commits meanwhile: with the
        // stamp renewed at once (migration 0010) it would wait for this row lock, here 2 s.
        await second.db.transaction().execute(async (other2) => {
          await sql`set local lock_timeout = '2s'`.execute(other2);
          await touch(other2, other);
        });
        inside = await readDataVersion(second.db, orgId);
        expect(inside).not.toBe(version); // the other writer's commit renewed it
        // This transaction's write is not committed yet: nobody sees a new stamp for it.
        expect(await readDataVersion(second.db, orgId)).toBe(inside);
      });
      // Its commit renewed the stamp once more, together with its data.
      expect(await readDataVersion(second.db, orgId)).not.toBe(inside);
    },
  );
});
