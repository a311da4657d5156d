import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/dialect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { importLedger } from '../services/import.service.ts';
import {
  buildTestApp,
  createTestUser,
  CSRF_HEADERS,
  loginCookie,
  type TestUser,
} from '../test/app.ts';
import {
  privatePostgresUnavailable,
  startPrivatePostgres,
  type PrivatePostgres,
} from '../test/private-postgres.ts';
import { readSeedLedger } from '../test/seed.ts';

const skipReason = privatePostgresUnavailable();

describe.skipIf(skipReason !== undefined)('PostgreSQL stopped and started again', () => {
  let cluster: PrivatePostgres;
  let database: Database;
  let app: FastifyInstance;
  let user: TestUser;

  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    database = await openDatabase(cluster.url);
    await migrateToLatest(database);
    await importLedger(database, readSeedLedger(), {
      sourceName: 'seed.txt',
      sha256: 'a'.repeat(64),
    });
    user = await createTestUser(database, { username: 'office', role: 'admin' });
    app = await buildTestApp(database);
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await database.close();
    cluster.destroy();
  });

  it('answers 503 database-unavailable while it is down and recovers without a restart', async () => {
    const cookie = await loginCookie(app, user);
    const ledger = (): Promise<LightMyRequestResponse> =>
      app.inject({ method: 'GET', url: '/api/ledger', headers: { cookie } });
    const before = await ledger();
    expect(before.statusCode).toBe(200);

    cluster.stop();
    const down = await ledger();
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ error: { code: 'database-unavailable' } });
    expect(down.json<{ error: { message: string } }>().error.message).toContain(
      '数据库暂时无法访问',
    );
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body).not.toMatch(/ECONNREFUSED|at .*\.ts/);
    // A write (a login, with its audit entry) fails as a whole, just as clearly.
    const login = await app.inject({
      method: 'POST',
      url: '/api/session',
      headers: CSRF_HEADERS,
      payload: { username: user.username, password: user.password },
    });
    expect(login.statusCode).toBe(503);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    cluster.start();
    // The pool opens fresh connections on demand: the same app serves again.
    const after = await ledger();
    expect(after.statusCode).toBe(200);
    expect(after.body).toBe(before.body);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect(await loginCookie(app, user)).toMatch(/=/);
  }, 60_000);
});

describe.skipIf(skipReason === undefined)('PostgreSQL stopped and started again (skipped)', () => {
  it(`skipped: ${skipReason ?? ''}`, () => undefined);
});
