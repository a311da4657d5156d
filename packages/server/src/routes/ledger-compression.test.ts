import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ledgerViewSchema } from '@duban/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisCacheUse } from '../services/analysis-cache.ts';
import { importLedger } from '../services/import.service.ts';
import { buildTestApp, createTestUser, loginCookie } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { readSeedLedger } from '../test/seed.ts';

const source = { sourceName: 'test.txt', sha256: '0'.repeat(64) };

/** What every browser sends. */
const BROWSER = 'gzip, deflate, br';

describe.each(DIALECTS)('compressed ledger answers on %s', (dialect) => {
  const seed = readSeedLedger();
  let test: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, seed, source);
    app = await buildTestApp(test.database);
    const user = await createTestUser(test.database, {
      username: 'yj-viewer',
      role: 'viewer',
      organization: seed.organization,
    });
    cookie = await loginCookie(app, user);
  });
  afterAll(async () => {
    await app.close();
    await test.destroy();
  });

  function getLedger(
    acceptEncoding: string | undefined,
    query: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    return app.inject({
      url: '/api/ledger',
      query,
      headers:
        acceptEncoding === undefined ? { cookie } : { cookie, 'accept-encoding': acceptEncoding },
    });
  }

  it('answers gzip when asked, the same JSON as the plain answer once unzipped', async () => {
    const plain = await getLedger(undefined);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    // The whole seed: well above the size worth compressing.
    expect(plain.rawPayload.length).toBeGreaterThan(10_000);
    expect(ledgerViewSchema.parse(plain.json()).tasks).toHaveLength(seed.tasks.length);

    const zipped = await getLedger('gzip');
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(zipped.headers['content-length'])).toBe(zipped.rawPayload.length);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);
  });

  it('prefers brotli from a browser, and honours q=0 and the weights', async () => {
    const plain = await getLedger(undefined);
    const browser = await getLedger(BROWSER);
    expect(browser.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(browser.rawPayload).equals(plain.rawPayload)).toBe(true);

    for (const refused of ['gzip;q=0', 'identity', 'br;q=0, gzip;q=0', '*;q=0', '']) {
      const response = await getLedger(refused);
      expect(response.headers['content-encoding'], refused).toBeUndefined();
      expect(response.rawPayload.equals(plain.rawPayload), refused).toBe(true);
    }
    const gzipFirst = await getLedger('br;q=0.5, gzip;q=0.9');
    expect(gzipFirst.headers['content-encoding']).toBe('gzip');
    const noBrotli = await getLedger('br;q=0, *');
    expect(noBrotli.headers['content-encoding']).toBe('gzip');
  });

  it('compresses a cached answer once: a repeat is the same bytes, counted in the bound', async () => {
    const query = { progress: 'all' };
    const plain = await getLedger(undefined, query);
    const rows = analysisCacheUse(test.database.db).rows;
    const first = await getLedger('gzip', query);
    expect(first.headers['content-encoding']).toBe('gzip');
    // The gzip form (tens of KB) joined the plain one's entry: the cache weighed it again.
    const withGzip = analysisCacheUse(test.database.db).rows;
    expect(withGzip).toBeGreaterThan(rows);
    const again = await getLedger('gzip', query);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(analysisCacheUse(test.database.db).rows).toBe(withGzip);
    expect(gunzipSync(again.rawPayload).equals(plain.rawPayload)).toBe(true);
  });

  it('answers the new data after a write, compressed afresh', async () => {
    const before = await getLedger('gzip');
    const text = '二季度：压缩测试，新的进展。';
    const task = await test.database.db
      .selectFrom('tasks')
      .innerJoin('organizations', 'organizations.id', 'tasks.org_id')
      .select('tasks.id')
      .where('organizations.name', '=', seed.organization)
      .orderBy('tasks.id')
      .executeTakeFirstOrThrow();
    await test.database.db
      .updateTable('progress_entries')
      .set({ text })
      .where('task_id', '=', task.id)
      .execute();
    const after = await getLedger('gzip');
    expect(after.headers['content-encoding']).toBe('gzip');
    expect(after.rawPayload.equals(before.rawPayload)).toBe(false);
    const view = ledgerViewSchema.parse(JSON.parse(gunzipSync(after.rawPayload).toString('utf8')));
    expect(view.tasks.find((row) => row.id === task.id)?.progress).toBe(text);
  });

  it('compresses other JSON answers per request (the dashboard), plain without the header', async () => {
    const plain = await app.inject({ url: '/api/dashboard', headers: { cookie } });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    const browser = await app.inject({
      url: '/api/dashboard',
      headers: { cookie, 'accept-encoding': BROWSER },
    });
    expect(browser.statusCode).toBe(200);
    expect(browser.headers['content-encoding']).toBe('br');
    expect(browser.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(brotliDecompressSync(browser.rawPayload).toString('utf8'))).toEqual(
      plain.json(),
    );
  });
});
