import { ledgerViewSchema, type LedgerView } from '@duban/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLedger } from '../services/import.service.ts';
import { buildTestApp, createTestUser, loginCookie } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { readSeedLedger } from '../test/seed.ts';

const source = { sourceName: 'test.txt', sha256: '0'.repeat(64) };

/** Issue 6: the dashboard's 未填报 card leads to `?reported=no`. */
describe.each(DIALECTS)('ledger filtered by reporting on %s', (dialect) => {
  const seed = readSeedLedger();
  // Every fifth task has written nothing this period.
  const silent = new Set(seed.tasks.filter((_t, i) => i % 5 === 0).map((t) => t.no));
  const ledger = {
    ...seed,
    tasks: seed.tasks.map((t) => (silent.has(t.no) ? { ...t, progress: '' } : t)),
  };
  let test: TestDatabase;
  let app: FastifyInstance;
  let cookie = '';

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, ledger, source);
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

  async function getLedger(query: Record<string, string>): Promise<LedgerView> {
    const response = await app.inject({ url: '/api/ledger', query, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return ledgerViewSchema.parse(response.json());
  }

  it('keeps the tasks without progress, or the others, and pages them', async () => {
    const none = await getLedger({ reported: 'no' });
    expect(none.tasks.map((t) => t.no)).toEqual([...silent]);
    expect(none.matched).toBe(silent.size);
    expect(Object.values(none.lights ?? {}).reduce((a, b) => a + b, 0)).toBe(silent.size);
    const some = await getLedger({ reported: 'yes' });
    expect(some.matched).toBe(seed.tasks.length - silent.size);
    expect(some.tasks.every((t) => (t.progress ?? '').trim() !== '')).toBe(true);
    const page = await getLedger({ reported: 'no', offset: '2', limit: '3' });
    expect(page.tasks.map((t) => t.no)).toEqual([...silent].slice(2, 5));
    expect(page.matched).toBe(silent.size);
  });

  it('combines with the section filter and refuses a bad value', async () => {
    const inSection = await getLedger({ reported: 'no', section: '二' });
    const expected = ledger.tasks.filter((t) => t.section === '二' && silent.has(t.no));
    expect(inSection.tasks.map((t) => t.no)).toEqual(expected.map((t) => t.no));
    const bad = await app.inject({ url: '/api/ledger?reported=maybe', headers: { cookie } });
    expect(bad.statusCode).toBe(400);
  });
});
