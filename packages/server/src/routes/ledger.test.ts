import {
  errorBodySchema,
  ledgerViewSchema,
  planSchema,
  taskDetailSchema,
  unitRefSchema,
  type Ledger,
  type LedgerTask,
  type LedgerView,
} from '@duban/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { importLedger } from '../services/import.service.ts';
import { buildTestApp, createTestUser, loginCookie } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { readSeedLedger } from '../test/seed.ts';
import { buildLedger, changeTask } from '../test/factories.ts';

const source = { sourceName: 'test.txt', sha256: '0'.repeat(64) };

/** The ledger's unit names in the order it first names them. */
function unitsOf(ledger: Ledger): string[] {
  return [...new Set(ledger.tasks.flatMap((task) => [...task.lead, ...task.co]))];
}

/** What the search should find, worked out from the file itself. */
function mentions(task: LedgerTask, term: string): boolean {
  return [task.text, task.progress, ...task.lead, ...task.co].some((text) => text.includes(term));
}

describe.each(DIALECTS)('ledger routes on %s', (dialect) => {
  const seed = readSeedLedger();
  let test: TestDatabase;
  let app: FastifyInstance;
  /** A viewer of 弋江区 (the seed) and one of 示范区 (the factory ledger, two periods). */
  let yijiang: string;
  let demo: string;

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, seed, source);
    await importLedger(test.database, buildLedger(), source);
    const q3 = buildLedger({ period: { year: 2023, quarter: 3, label: '2023Q3' } });
    const progress = '三季度：奇瑞新能源四期项目主体完工。';
    await importLedger(test.database, changeTask(q3, '1', { progress }), source);
    const later = changeTask(q3, '1', {
      progress: '三季度：奇瑞新能源四期项目主体完工，设备进场。',
    });
    await importLedger(test.database, later, { ...source, update: true });
    app = await buildTestApp(test.database);
    const user = await createTestUser(test.database, {
      username: 'yj-viewer',
      role: 'viewer',
      organization: seed.organization,
    });
    yijiang = await loginCookie(app, user);
    const other = await createTestUser(test.database, {
      username: 'sf-viewer',
      role: 'viewer',
      organization: '示范区',
    });
    demo = await loginCookie(app, other);
  });
  afterAll(async () => {
    await app.close();
    await test.destroy();
  });

  async function getLedger(
    cookie: string,
    query: Record<string, string> = {},
  ): Promise<LedgerView> {
    const response = await app.inject({ url: '/api/ledger', query, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return ledgerViewSchema.parse(response.json());
  }

  it('shows the latest plan and period by default: every task, in order, with its progress', async () => {
    const view = await getLedger(yijiang);
    expect(view.plan).toMatchObject({ year: seed.period.year, organization: seed.organization });
    expect(view.period.label).toBe(seed.period.label);
    expect(view.total).toBe(seed.tasks.length);
    expect(view.sections).toEqual(seed.sections);
    expect(view.tasks.map((task) => task.no)).toEqual(seed.tasks.map((task) => task.no));
    expect(view.tasks.map((task) => task.progress)).toEqual(
      seed.tasks.map((task) => (task.progress === '' ? null : task.progress)),
    );
    expect(view.tasks.map((task) => task.lead.map((unit) => unit.name))).toEqual(
      seed.tasks.map((task) => task.lead),
    );
    const inheritedLead = seed.tasks.filter((task) =>
      task.warnings.some((warning) => warning.code === 'lead-inherited'),
    );
    expect(view.tasks.filter((task) => task.inferred.lead).map((task) => task.no)).toEqual(
      inheritedLead.map((task) => task.no),
    );
    // The units of this plan, in the order the file first names them.
    expect(view.units.map((unit) => unit.name)).toEqual(unitsOf(seed));
    const demoView = await getLedger(demo);
    expect(demoView.period.label).toBe('2023Q3');
    expect(demoView.total).toBe(5);
  });

  it('filters by section', async () => {
    const view = await getLedger(yijiang, { section: '二' });
    const expected = seed.tasks.filter((task) => task.section === '二').map((task) => task.no);
    expect(expected.length).toBeGreaterThan(0);
    expect(view.tasks.map((task) => task.no)).toEqual(expected);
    expect(view.total).toBe(seed.tasks.length);
  });

  it('filters by unit as lead, as co-unit, or either', async () => {
    const all = await getLedger(yijiang);
    // A unit that leads some tasks and serves on others, taken from the file.
    const name = seed.tasks
      .flatMap((task) => task.lead)
      .find((unit) => seed.tasks.some((task) => task.co.includes(unit)));
    expect(name).toBeDefined();
    const unit = all.units.find((u) => u.name === name);
    expect(unit).toBeDefined();
    const id = String(unit?.id);
    const nos = (predicate: (task: LedgerTask) => boolean) =>
      seed.tasks.filter(predicate).map((task) => task.no);
    const lead = await getLedger(yijiang, { unit: id, unitRole: 'lead' });
    expect(lead.tasks.map((t) => t.no)).toEqual(nos((t) => t.lead.includes(name ?? '')));
    const co = await getLedger(yijiang, { unit: id, unitRole: 'co' });
    expect(co.tasks.map((t) => t.no)).toEqual(nos((t) => t.co.includes(name ?? '')));
    const any = await getLedger(yijiang, { unit: id });
    expect(any.tasks.map((t) => t.no)).toEqual(
      nos((t) => t.lead.includes(name ?? '') || t.co.includes(name ?? '')),
    );
  });

  it('searches task text, progress and unit names with a two-character term', async () => {
    const expected = seed.tasks.filter((task) => mentions(task, '奇瑞')).map((task) => task.no);
    expect(expected).toEqual(expect.arrayContaining(['2', '26']));
    const view = await getLedger(yijiang, { q: '奇瑞' });
    expect(view.tasks.map((task) => task.no)).toEqual(expected);

    const inSection = await getLedger(yijiang, { q: '奇瑞', section: '一' });
    expect(inSection.tasks.map((task) => task.no)).toEqual(
      seed.tasks.filter((t) => t.section === '一' && mentions(t, '奇瑞')).map((t) => t.no),
    );
    // A unit name alone is enough.
    const byUnit = await getLedger(yijiang, { q: '区发改委' });
    expect(byUnit.tasks.map((t) => t.no)).toEqual(
      seed.tasks.filter((t) => mentions(t, '区发改委')).map((t) => t.no),
    );
  });

  it('treats % and _ in the search term literally', async () => {
    const percent = seed.tasks.filter((task) => mentions(task, '%')).map((task) => task.no);
    expect(percent.length).toBeGreaterThan(0);
    expect(percent.length).toBeLessThan(seed.tasks.length);
    const view = await getLedger(yijiang, { q: '%' });
    expect(view.tasks.map((task) => task.no)).toEqual(percent);
    expect((await getLedger(yijiang, { q: '_' })).tasks.map((t) => t.no)).toEqual(
      seed.tasks.filter((task) => mentions(task, '_')).map((task) => task.no),
    );
  });

  it('searches progress of every period, not only the one shown', async () => {
    const view = await getLedger(demo, { period: '2023Q2', q: '设备进场' });
    expect(view.tasks.map((task) => task.no)).toEqual(['1']);
    expect(view.tasks[0]?.progress).toBe(buildLedger().tasks[0]?.progress);
  });

  it('shows a task in detail: extra columns and the progress history across periods', async () => {
    const view = await getLedger(demo);
    const first = view.tasks.find((task) => task.no === '1');
    const third = view.tasks.find((task) => task.no === '3');
    const response = await app.inject({
      url: `/api/tasks/${String(first?.id)}`,
      headers: { cookie: demo },
    });
    expect(response.statusCode).toBe(200);
    const detail = taskDetailSchema.parse(response.json());
    expect(detail).toMatchObject({
      no: '1',
      sectionTitle: '以更实举措提升经济高质量发展质效',
      progress: '三季度：奇瑞新能源四期项目主体完工，设备进场。',
      plan: { year: 2023, periods: [{ label: '2023Q2' }, { label: '2023Q3' }] },
      extra: {},
    });
    expect(detail.history.map((h) => [h.period, h.version, h.text])).toEqual([
      ['2023Q2', 1, buildLedger().tasks[0]?.progress],
      ['2023Q3', 1, '三季度：奇瑞新能源四期项目主体完工。'],
      ['2023Q3', 2, '三季度：奇瑞新能源四期项目主体完工，设备进场。'],
    ]);
    expect(detail.history.every((h) => h.author === null)).toBe(true);

    const inQ2 = await app.inject({
      url: `/api/tasks/${String(first?.id)}?period=2023Q2`,
      headers: { cookie: demo },
    });
    expect(inQ2.json()).toMatchObject({ progress: buildLedger().tasks[0]?.progress });

    const extra = await app.inject({
      url: `/api/tasks/${String(third?.id)}`,
      headers: { cookie: demo },
    });
    expect(extra.json()).toMatchObject({ extra: { 完成时限: '2023年12月' } });
  });

  it("keeps organisations apart: another organisation's task is 404", async () => {
    const theirs = (await getLedger(yijiang)).tasks[0];
    const response = await app.inject({
      url: `/api/tasks/${String(theirs?.id)}`,
      headers: { cookie: demo },
    });
    expect(response.statusCode).toBe(404);
    expect(errorBodySchema.parse(response.json()).error.code).toBe('not-found');
    const plans = await app.inject({ url: '/api/plans', headers: { cookie: demo } });
    expect(
      z
        .array(planSchema)
        .parse(plans.json())
        .map((p) => p.organization),
    ).toEqual(['示范区']);
    const planId = (await getLedger(yijiang)).plan.id;
    const foreignPlan = await app.inject({
      url: `/api/ledger?plan=${String(planId)}`,
      headers: { cookie: demo },
    });
    expect(foreignPlan.statusCode).toBe(404);
    // Both organisations have a 区发改委: each sees only its own.
    const units = await app.inject({ url: '/api/units', headers: { cookie: demo } });
    const ours = z.array(unitRefSchema).parse(units.json());
    expect(ours.map((u) => u.name)).toEqual(unitsOf(buildLedger()));
    const theirUnits = (await getLedger(yijiang)).units;
    const ourIds = new Set(ours.map((u) => u.id));
    expect(theirUnits.some((u) => ourIds.has(u.id))).toBe(false);
  });

  it('lists plans with their periods in order', async () => {
    const response = await app.inject({ url: '/api/plans', headers: { cookie: demo } });
    const [plan] = z.array(planSchema).parse(response.json());
    expect(plan?.periods.map((p) => p.label)).toEqual(['2023Q2', '2023Q3']);
  });

  it('answers 400 with the issues for a bad query or id, 404 for an unknown period', async () => {
    const badPeriod = await app.inject({
      url: '/api/ledger?period=2023-2',
      headers: { cookie: demo },
    });
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.json()).toMatchObject({
      error: {
        code: 'invalid-request',
        details: [{ path: 'querystring.period', message: '期次格式应为 2023Q2' }],
      },
    });
    const badRole = await app.inject({
      url: '/api/ledger?unitRole=boss',
      headers: { cookie: demo },
    });
    expect(badRole.json()).toMatchObject({
      error: { code: 'invalid-request', details: [{ path: 'querystring.unitRole' }] },
    });
    const badId = await app.inject({ url: '/api/tasks/abc', headers: { cookie: demo } });
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({ error: { details: [{ path: 'params.id' }] } });
    const unknownPeriod = await app.inject({
      url: '/api/ledger?period=2022Q1',
      headers: { cookie: demo },
    });
    expect(unknownPeriod.statusCode).toBe(404);
  });
});
