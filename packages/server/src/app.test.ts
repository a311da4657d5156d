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
  // Issue 5. The matrix's reporter and unit_head belong to 区发改委, the lead unit of task :id.
  'GET /api/tasks/:id/figures': {
    request: { url: '/api/tasks/:id/figures' },
    expect: signedIn(200),
  },
  'POST /api/tasks/:id/figures': {
    request: {
      method: 'POST',
      url: '/api/tasks/:id/figures',
      payload: { kind: 'actual', metric: '产值', value: 23, unit: '亿元', origin: 'manual' },
    },
    expect: { anonymous: 401, admin: 200, reporter: 200, unit_head: 200, leader: 403, viewer: 403 },
  },
  // No such figure: past the gate, the unit's people and the office get 404.
  'DELETE /api/tasks/:id/figures/:figureId': {
    request: { method: 'DELETE', url: '/api/tasks/:id/figures/999999', payload: {} },
    expect: { anonymous: 401, admin: 404, reporter: 404, unit_head: 404, leader: 403, viewer: 403 },
  },
  'PUT /api/tasks/:id/milestones': {
    request: {
      method: 'PUT',
      url: '/api/tasks/:id/milestones',
      payload: { milestones: { q1: 10, q2: 30, q3: 60, q4: 100 } },
    },
    expect: { anonymous: 401, admin: 200, reporter: 403, unit_head: 403, leader: 403, viewer: 403 },
  },
  'PUT /api/tasks/:id/assessment': {
    request: { method: 'PUT', url: '/api/tasks/:id/assessment', payload: { verdict: 'on-track' } },
    expect: { anonymous: 401, admin: 200, reporter: 200, unit_head: 200, leader: 403, viewer: 403 },
  },
  'GET /api/findings': {
    request: { url: '/api/findings' },
    expect: { anonymous: 401, admin: 200, reporter: 403, unit_head: 403, leader: 200, viewer: 403 },
  },
  'POST /api/findings/dismissals': {
    request: {
      method: 'POST',
      url: '/api/findings/dismissals',
      payload: { period: '2023Q2', kind: 'missing-progress', tasks: ['1'], reason: '测试' },
    },
    expect: { anonymous: 401, admin: 204, reporter: 403, unit_head: 403, leader: 403, viewer: 403 },
  },
  // The factory ledger is the database's only plan: id 1 on both dialects.
  'GET /api/plans/:id/light-rules': {
    request: { url: '/api/plans/1/light-rules' },
    expect: signedIn(200),
  },
  'PUT /api/plans/:id/light-rules': {
    request: {
      method: 'PUT',
      url: '/api/plans/1/light-rules',
      payload: {
        rules: {
          name: '测试规则',
          measure: 'points',
          yellowFrom: 0.1,
          redAbove: 0.3,
          doneAt: 1,
          combine: 'min',
          verdicts: { done: 'done', 'on-track': 'green', behind: 'yellow', 'far-behind': 'red' },
        },
      },
    },
    expect: { anonymous: 401, admin: 200, reporter: 403, unit_head: 403, leader: 403, viewer: 403 },
  },
  'GET /api/periods/:label/report': {
    request: { url: '/api/periods/2023Q2/report?format=xlsx' },
    expect: signedIn(200),
  },
  'GET /api/dashboard': { request: { url: '/api/dashboard' }, expect: signedIn(200) },
  'GET /api/periods/:label/notice': {
    request: { url: '/api/periods/2023Q2/notice?format=docx' },
    expect: signedIn(200),
  },
  // The reporting round (issue 4). The matrix's organisation has no round open, so reads that
  // pass the gate answer 404 period-not-found; writes send an empty body (400 past the gate).
  'POST /api/periods': {
    request: { method: 'POST', url: '/api/periods', payload: {} },
    expect: { ...signedIn(403), admin: 400 },
  },
  'POST /api/periods/:label/publish': {
    request: { method: 'POST', url: '/api/periods/2019Q1/publish' },
    expect: { ...signedIn(403), admin: 404 },
  },
  'GET /api/round': { request: { url: '/api/round' }, expect: signedIn(404) },
  'GET /api/round/tasks/:id': { request: { url: '/api/round/tasks/:id' }, expect: signedIn(404) },
  'PUT /api/round/tasks/:id/progress': {
    request: { method: 'PUT', url: '/api/round/tasks/:id/progress', payload: {} },
    expect: { ...signedIn(403), reporter: 400 },
  },
  'POST /api/round/tasks/:id/transitions': {
    request: { method: 'POST', url: '/api/round/tasks/:id/transitions', payload: {} },
    expect: { ...signedIn(403), reporter: 400, unit_head: 400, admin: 400 },
  },
  'GET /api/round/tasks/:id/versions': {
    request: { url: '/api/round/tasks/:id/versions' },
    expect: signedIn(200),
  },
  'GET /api/round/board': {
    request: { url: '/api/round/board' },
    expect: { ...signedIn(403), admin: 404, leader: 404 },
  },
  'POST /api/round/reminders': {
    request: { method: 'POST', url: '/api/round/reminders', payload: {} },
    expect: { ...signedIn(403), admin: 400 },
  },
  'GET /api/notifications': { request: { url: '/api/notifications' }, expect: signedIn(200) },
  // Notifications are read per user (issue 4); no such notification is 404 for everyone.
  'POST /api/notifications/:id/read': {
    request: { method: 'POST', url: '/api/notifications/999999/read' },
    expect: signedIn(404),
  },
  'POST /api/notifications/read-all': {
    request: { method: 'POST', url: '/api/notifications/read-all' },
    expect: signedIn(200),
  },
  // 延期, 批示 and timeliness (issue 4): no round is open, so reads past the gate are 404.
  'POST /api/round/tasks/:id/extensions': {
    request: { method: 'POST', url: '/api/round/tasks/:id/extensions', payload: {} },
    expect: { ...signedIn(403), reporter: 400, unit_head: 400 },
  },
  'GET /api/round/extensions': {
    request: { url: '/api/round/extensions' },
    expect: { ...signedIn(404), viewer: 403 },
  },
  'POST /api/round/extensions/:id/decision': {
    request: { method: 'POST', url: '/api/round/extensions/:id/decision', payload: {} },
    expect: { ...signedIn(403), admin: 400 },
  },
  'POST /api/round/tasks/:id/instructions': {
    request: { method: 'POST', url: '/api/round/tasks/:id/instructions', payload: {} },
    expect: { ...signedIn(403), leader: 400, admin: 400 },
  },
  'GET /api/round/instructions': {
    request: { url: '/api/round/instructions' },
    expect: { ...signedIn(404), viewer: 403 },
  },
  'POST /api/round/instructions/:id/acknowledgement': {
    request: { method: 'POST', url: '/api/round/instructions/:id/acknowledgement' },
    expect: { ...signedIn(403), reporter: 404, unit_head: 404 },
  },
  'GET /api/round/timeliness': {
    request: { url: '/api/round/timeliness' },
    expect: { ...signedIn(403), admin: 404, leader: 404 },
  },
  // Account administration (issue 4): the office only. Unknown ids answer 404 past the gate.
  'GET /api/users': { request: { url: '/api/users' }, expect: { ...signedIn(403), admin: 200 } },
  'POST /api/users': {
    request: { method: 'POST', url: '/api/users', payload: {} },
    expect: { ...signedIn(403), admin: 400 },
  },
  'POST /api/users/:id/password-reset': {
    request: { method: 'POST', url: '/api/users/999999/password-reset' },
    expect: { ...signedIn(403), admin: 404 },
  },
  'PUT /api/users/:id/email': {
    request: { method: 'PUT', url: '/api/users/999999/email', payload: { email: 'a@b.cn' } },
    expect: { ...signedIn(403), admin: 404 },
  },
  'POST /api/users/:id/disable': {
    request: { method: 'POST', url: '/api/users/999999/disable' },
    expect: { ...signedIn(403), admin: 404 },
  },
  // Import (issue 3): administrators only. Unknown ids answer 404/400 to an administrator.
  'POST /api/imports': {
    request: { method: 'POST', url: '/api/imports', payload: {} },
    expect: { ...signedIn(403), admin: 415 },
  },
  'GET /api/imports/:id': {
    request: { url: '/api/imports/999999' },
    expect: { ...signedIn(403), admin: 404 },
  },
  'POST /api/imports/:id/confirm': {
    request: { method: 'POST', url: '/api/imports/999999/confirm', payload: {} },
    expect: { ...signedIn(403), admin: 404 },
  },
  'GET /api/admin/units': {
    request: { url: '/api/admin/units' },
    expect: { ...signedIn(403), admin: 200 },
  },
  'POST /api/admin/units/:id/aliases': {
    request: { method: 'POST', url: '/api/admin/units/999999/aliases', payload: { alias: '甲' } },
    expect: { ...signedIn(403), admin: 400 },
  },
  'DELETE /api/admin/units/:id/aliases/:aliasId': {
    request: { method: 'DELETE', url: '/api/admin/units/999999/aliases/1' },
    expect: { ...signedIn(403), admin: 404 },
  },
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
