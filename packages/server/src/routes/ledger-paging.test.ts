import { errorBodySchema, ledgerViewSchema, type LedgerView } from '@duban/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLedger } from '../services/import.service.ts';
import { buildTestApp, createTestUser, loginCookie } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { readSeedLedger } from '../test/seed.ts';

const source = { sourceName: 'test.txt', sha256: '0'.repeat(64) };

/** Issue 7: a page of the ledger, with every period's progress (the standard API workload). */
describe.each(DIALECTS)('ledger paging on %s', (dialect) => {
  const seed = readSeedLedger();
  const q3 = {
    ...seed,
    title: seed.title.replace('二季度', '三季度'),
    period: { year: seed.period.year, quarter: 3, label: '2023Q3' },
    tasks: seed.tasks.map((task) => ({ ...task, progress: `三季度：${task.no}号任务继续推进。` })),
  } as typeof seed; // the seed with another period's label and progress
  let test: TestDatabase;
  let app: FastifyInstance;
  let cookie = '';

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, seed, source);
    await importLedger(test.database, q3, source);
    app = await buildTestApp(test.database);
    const user = await createTestUser(test.database, {
      username: 'viewer',
      role: 'viewer',
      organization: seed.organization,
    });
    cookie = await loginCookie(app, user);
  });
  afterAll(async () => {
    await app.close();
    await test.destroy();
  });

  async function getLedger(query: Record<string, string> = {}): Promise<LedgerView> {
    const response = await app.inject({ url: '/api/ledger', query, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return ledgerViewSchema.parse(response.json());
  }

  it('gives a page of the tasks a unit leads, with every period’s progress', async () => {
    const all = await getLedger();
    expect(all.tasks.length).toBe(seed.tasks.length);
    expect(all.matched).toBe(seed.tasks.length);
    expect(all.tasks.every((task) => task.quarters === undefined)).toBe(true);
    // The unit that leads the most tasks in the file.
    const counts = new Map<string, number>();
    for (const task of seed.tasks) {
      for (const lead of task.lead) counts.set(lead, (counts.get(lead) ?? 0) + 1);
    }
    const [name, led] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    expect(led).toBeGreaterThan(3);
    const unit = all.units.find((u) => u.name === name);
    const filter = { unit: String(unit?.id), unitRole: 'lead' };
    const expected = seed.tasks.filter((task) => task.lead.includes(name));
    const page = await getLedger({ ...filter, offset: '1', limit: '2', progress: 'all' });
    expect(page.matched).toBe(expected.length);
    expect(page.total).toBe(seed.tasks.length);
    expect(page.tasks.map((task) => task.no)).toEqual(expected.slice(1, 3).map((task) => task.no));
    for (const row of page.tasks) {
      const q2 = seed.tasks.find((task) => task.no === row.no)?.progress;
      expect(row.quarters).toEqual([
        { period: seed.period.label, progress: q2 === '' ? null : q2 },
        { period: '2023Q3', progress: `三季度：${row.no}号任务继续推进。` },
      ]);
      expect(row.progress).toBe(`三季度：${row.no}号任务继续推进。`);
      expect(row.status).toBeDefined();
    }
    const beyond = await getLedger({ ...filter, offset: String(expected.length), limit: '50' });
    expect(beyond.tasks).toEqual([]);
    expect(beyond.matched).toBe(expected.length);
  });

  it('pages after the light filter and counts lights before it', async () => {
    const all = await getLedger();
    const light = (['done', 'green', 'yellow', 'red', 'grey'] as const).find(
      (l) => (all.lights?.[l] ?? 0) > 1,
    );
    if (light === undefined) throw new Error('the seed has two tasks of one light');
    const page = await getLedger({ light, limit: '1' });
    expect(page.matched).toBe(all.lights?.[light]);
    expect(page.lights).toEqual(all.lights);
    expect(page.tasks.map((t) => t.no)).toEqual(
      all.tasks
        .filter((t) => t.status?.light === light)
        .map((t) => t.no)
        .slice(0, 1),
    );
  });

  it.each([
    ['limit', '0'],
    ['limit', '501'],
    ['offset', '-1'],
    ['offset', 'x'],
    ['progress', 'some'],
  ])('refuses %s=%s with a clear 400', async (key, value) => {
    const response = await app.inject({
      url: '/api/ledger',
      query: { [key]: value },
      headers: { cookie },
    });
    expect(response.statusCode).toBe(400);
    expect(errorBodySchema.parse(response.json()).error.message).toContain(key);
  });
});
