import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES, errorBodySchema, type Role } from '@duban/core';
import type { FastifyInstance, InjectOptions, RouteOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from './app.ts';
import { openDatabase } from './db/dialect.ts';
import { importLedger } from './services/import.service.ts';
import { buildTestConfig, createTestUser, CSRF_HEADERS, loginCookie } from './test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from './test/database.ts';
import { buildLedger } from './test/factories.ts';

type Caller = 'anonymous' | Role;
const CALLERS: readonly Caller[] = ['anonymous', ...ROLES];

interface MatrixRow {
  /** How to call the route; `:id` is replaced with a real task id. */
  request: InjectOptions & { url: string };
  /** The expected status for every caller, or per caller. */
  expect: number | Record<Caller, number>;
}

const signedIn = (status: number): Record<Caller, number> => ({
  anonymous: 401,
  admin: status,
  reporter: status,
  unit_head: status,
  leader: status,
  viewer: status,
});

/**
 * Every route the app registers, by `METHOD url`, and who gets what. A route missing here
 * fails the test, so a new route cannot ship without a decision on who may call it.
 * HEAD routes are Fastify's automatic twins of GET routes (same config): not listed.
 */
const MATRIX: Record<string, MatrixRow> = {
  'GET /healthz': { request: { url: '/healthz' }, expect: 200 },
  'GET /readyz': { request: { url: '/readyz' }, expect: 200 },
  'GET /api/openapi.json': { request: { url: '/api/openapi.json' }, expect: 200 },
  'GET /api/docs': { request: { url: '/api/docs' }, expect: 200 },
  'GET /api/docs/static/index.html': {
    request: { url: '/api/docs/static/index.html' },
    expect: 302,
  },
  'GET /api/docs/static/swagger-initializer.js': {
    request: { url: '/api/docs/static/swagger-initializer.js' },
    expect: 200,
  },
  'GET /api/docs/json': { request: { url: '/api/docs/json' }, expect: 200 },
  'GET /api/docs/yaml': { request: { url: '/api/docs/yaml' }, expect: 200 },
  'HEAD,GET /api/docs/static/*': {
    request: { url: '/api/docs/static/swagger-ui.css' },
    expect: 200,
  },
  // An empty body passes the gate and fails validation: reachable by anyone.
  'POST /api/session': {
    request: { method: 'POST', url: '/api/session', payload: {} },
    expect: 400,
  },
  'GET /api/session': { request: { url: '/api/session' }, expect: signedIn(200) },
  'POST /api/session/password': {
    request: {
      method: 'POST',
      url: '/api/session/password',
      payload: { currentPassword: 'not-it', newPassword: 'Another-Pass-1' },
    },
    expect: signedIn(400),
  },
  'GET /api/plans': { request: { url: '/api/plans' }, expect: signedIn(200) },
  'GET /api/ledger': { request: { url: '/api/ledger' }, expect: signedIn(200) },
  'GET /api/tasks/:id': { request: { url: '/api/tasks/:id' }, expect: signedIn(200) },
  'GET /api/units': { request: { url: '/api/units' }, expect: signedIn(200) },
  'GET /*': { request: { url: '/ledger/1' }, expect: 200 },
  // Last: it ends the caller's session.
  'DELETE /api/session': { request: { method: 'DELETE', url: '/api/session' }, expect: 204 },
};

describe.each(DIALECTS)('the app on %s', (dialect) => {
  let test: TestDatabase;
  let webRoot: string;
  let app: FastifyInstance;
  const routes: string[] = [];

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, buildLedger(), { sourceName: 'a.txt', sha256: '0' });
    webRoot = mkdtempSync(join(tmpdir(), 'duban-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>督办</title>');
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'assets', 'app-1a2b.js'), 'console.log(1)');
    app = await buildApp({
      database: test.database,
      config: buildTestConfig(),
      webRoot,
      onRoute: (route: RouteOptions) => {
        const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
        if (methods !== 'HEAD') routes.push(`${methods} ${route.url}`);
      },
    });
    // Registered before ready(), like any route: a bug in a handler must not leak details.
    app.get('/api/test-crash', { config: { access: 'public' } }, () => {
      throw new Error('secret internal detail');
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await test.destroy();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('gives every registered route an entry in the authorisation matrix, and enforces it', async () => {
    const registered = routes.filter((route) => route !== 'GET /api/test-crash');
    expect(registered.length).toBeGreaterThan(10);
    expect(registered.filter((route) => !(route in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((route) => !registered.includes(route))).toEqual([]);

    const taskId = await test.database.db
      .selectFrom('tasks')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const cookies = new Map<Caller, string | undefined>([['anonymous', undefined]]);
    for (const role of ROLES) {
      const user = await createTestUser(test.database, {
        username: `matrix-${role}`,
        role,
        unit: role === 'reporter' || role === 'unit_head' ? '区发改委' : undefined,
      });
      cookies.set(role, await loginCookie(app, user));
    }
    const results: Record<string, Record<string, number>> = {};
    const expected: Record<string, Record<string, number>> = {};
    for (const [route, row] of Object.entries(MATRIX)) {
      results[route] = {};
      expected[route] = {};
      for (const caller of CALLERS) {
        const cookie = cookies.get(caller);
        const response = await app.inject({
          ...row.request,
          url: row.request.url.replace(':id', String(taskId.id)),
          headers: { ...CSRF_HEADERS, ...(cookie === undefined ? {} : { cookie }) },
        });
        results[route][caller] = response.statusCode;
        expected[route][caller] = typeof row.expect === 'number' ? row.expect : row.expect[caller];
      }
    }
    expect(results).toEqual(expected);
  });

  it('refuses to build with a route that declares no access rule', async () => {
    const bare = await buildApp({ database: test.database, config: buildTestConfig() });
    try {
      expect(() => bare.get('/api/undeclared', () => 'x')).toThrow(/declares no config.access/);
    } finally {
      await bare.close();
    }
  });

  it('reports liveness and readiness; not ready when the schema is not current', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });

    await sql`insert into kysely_migration (name, timestamp) values ('2099_01_01_0001_future', '2099-01-01T00:00:00.000Z')`.execute(
      test.database.db,
    );
    try {
      const ahead = await app.inject({ url: '/readyz' });
      expect(ahead.statusCode).toBe(503);
      expect(ahead.json()).toMatchObject({ error: { code: 'not-ready' } });
    } finally {
      await sql`delete from kysely_migration where name = '2099_01_01_0001_future'`.execute(
        test.database.db,
      );
    }
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });

  it('is not ready when the database cannot be reached', async () => {
    const database = await openDatabase(test.url);
    const detached = await buildApp({ database, config: buildTestConfig() });
    await database.close();
    try {
      const response = await detached.inject({ url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ error: { code: 'not-ready' } });
      expect((await detached.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await detached.close();
    }
  });

  it('publishes the OpenAPI document of the API routes', async () => {
    const response = await app.inject({ url: '/api/openapi.json' });
    const document = z
      .object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) })
      .parse(response.json());
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/session',
        '/api/session/password',
        '/api/ledger',
        '/api/tasks/{id}',
        '/api/plans',
        '/api/units',
        '/healthz',
        '/readyz',
      ]),
    );
    expect(Object.keys(document.paths)).not.toContain('/*');
  });

  it('answers unknown routes with 404 not-found and failures with 500 internal, without details', async () => {
    const missing = await app.inject({ url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(errorBodySchema.parse(missing.json()).error.code).toBe('not-found');
    const post = await app.inject({
      method: 'POST',
      url: '/api/nothing-here',
      headers: CSRF_HEADERS,
    });
    expect(post.statusCode).toBe(404);

    const crash = await app.inject({ url: '/api/test-crash' });
    expect(crash.statusCode).toBe(500);
    const { error } = errorBodySchema.parse(crash.json());
    expect(error.code).toBe('internal');
    expect(error.details).toBeUndefined();
    expect(crash.body).not.toContain('secret internal detail');
    expect(crash.body).not.toMatch(/\bat .+:\d+/);
  });

  it('refuses bodies over the limit and bodies that are not JSON', async () => {
    const huge = await app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { ...CSRF_HEADERS, 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ error: { code: 'payload-too-large' } });
    const broken = await app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { ...CSRF_HEADERS, 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ error: { code: 'invalid-request' } });
  });

  it('sends security headers with a CSP that allows the built app', async () => {
    const response = await app.inject({ url: '/' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('serves the web app: files, and index.html for the SPA routes', async () => {
    const index = await app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<title>督办</title>');
    expect(index.headers['cache-control']).toBe('no-cache');
    const deep = await app.inject({ url: '/tasks/12?period=2023Q2' });
    expect(deep.body).toContain('<title>督办</title>');
    const asset = await app.inject({ url: '/assets/app-1a2b.js' });
    expect(asset.body).toBe('console.log(1)');
    expect(asset.headers['cache-control']).toContain('immutable');
    const traversal = await app.inject({ url: '/..%2F..%2Fetc%2Fpasswd' });
    expect(traversal.body).not.toContain('root:');
    const api = await app.inject({ url: '/api/not-a-route' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/json');
  });
});
