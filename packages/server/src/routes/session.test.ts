import { errorBodySchema, userSchema } from '@duban/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SESSION_COOKIE } from '../http/session-cookie.ts';
import { importLedger } from '../services/import.service.ts';
import { buildTestApp, createTestUser, CSRF_HEADERS, login, loginCookie } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { buildLedger } from '../test/factories.ts';

describe.each(DIALECTS)('session routes on %s', (dialect) => {
  let test: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, buildLedger(), { sourceName: 'a.txt', sha256: '0' });
    app = await buildTestApp(test.database);
  });
  afterAll(async () => {
    await app.close();
    await test.destroy();
  });

  it('logs in: 200, the user, and a strict HttpOnly session cookie', async () => {
    const user = await createTestUser(test.database, {
      username: 'reporter1',
      role: 'reporter',
      unit: '区发改委',
      mustChangePassword: true,
    });
    const response = await login(app, user);
    expect(response.statusCode).toBe(200);
    const body = userSchema.parse(response.json());
    expect(body).toMatchObject({
      username: 'reporter1',
      role: 'reporter',
      organization: { name: '示范区' },
      unit: { name: '区发改委' },
      mustChangePassword: true,
    });
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeUndefined();
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the token's hash is stored.
    const stored = await test.database.db.selectFrom('sessions').select('id').execute();
    expect(stored.map((s) => s.id)).not.toContain(cookie?.value);

    const me = await app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: `${SESSION_COOKIE}=${cookie?.value ?? ''}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body);
  });

  it('marks the cookie Secure behind an HTTPS proxy only when trustProxy is set', async () => {
    const user = await createTestUser(test.database, { username: 'proxy1', role: 'viewer' });
    const headers = { ...CSRF_HEADERS, 'x-forwarded-proto': 'https' };
    const payload = { username: user.username, password: user.password };
    const untrusted = await app.inject({ method: 'POST', url: '/api/session', headers, payload });
    expect(untrusted.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBeUndefined();
    const proxied = await buildTestApp(test.database, { config: { trustProxy: true } });
    try {
      const trusted = await proxied.inject({
        method: 'POST',
        url: '/api/session',
        headers,
        payload,
      });
      expect(trusted.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it('answers 401 invalid-credentials for a wrong password or an unknown user', async () => {
    const user = await createTestUser(test.database, { username: 'viewer1', role: 'viewer' });
    for (const payload of [
      { username: user.username, password: `${user.password}x` },
      { username: 'nobody', password: 'whatever' },
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/session',
        headers: CSRF_HEADERS,
        payload,
      });
      expect(response.statusCode).toBe(401);
      expect(errorBodySchema.parse(response.json()).error.code).toBe('invalid-credentials');
      expect(response.cookies).toEqual([]);
    }
  });

  it('locks the account after 5 failures in 15 minutes: 429 with Retry-After, even for the right password', async () => {
    const user = await createTestUser(test.database, { username: 'leader1', role: 'leader' });
    const wrong = { ...user, password: 'Wrong-password-1' };
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await login(app, wrong)).statusCode).toBe(401);
    }
    const fifth = await login(app, wrong);
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json()).toMatchObject({ error: { code: 'account-locked' } });
    expect(Number(fifth.headers['retry-after'])).toBe(15 * 60);

    const right = await login(app, user);
    expect(right.statusCode).toBe(429);
    const retryAfter = Number(right.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    // When the lock has run out, the right password works again.
    await test.database.db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
      .where('username', '=', user.username)
      .execute();
    expect((await login(app, user)).statusCode).toBe(200);

    const audit = await test.database.db
      .selectFrom('audit_log')
      .innerJoin('users', 'users.id', 'audit_log.actor_id')
      .select('audit_log.action')
      .where('users.username', '=', user.username)
      .orderBy('audit_log.id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      ...Array<string>(6).fill('session.login-failed'),
      'session.login',
    ]);
  });

  it('does not count failures older than 15 minutes towards the lock', async () => {
    const user = await createTestUser(test.database, { username: 'leader2', role: 'leader' });
    const wrong = { ...user, password: 'Wrong-password-1' };
    for (let attempt = 1; attempt <= 4; attempt++) await login(app, wrong);
    await test.database.db
      .updateTable('users')
      .set({ first_failed_at: new Date(Date.now() - 16 * 60_000).toISOString() })
      .where('username', '=', user.username)
      .execute();
    expect((await login(app, wrong)).statusCode).toBe(401);
    expect((await login(app, user)).statusCode).toBe(200);
  });

  it('logs out: 204, the session is gone and the cookie cleared', async () => {
    const user = await createTestUser(test.database, { username: 'viewer2', role: 'viewer' });
    const cookie = await loginCookie(app, user);
    const out = await app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { ...CSRF_HEADERS, cookie },
    });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    expect(out.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
    const after = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('expires a session after the idle timeout, and slides it while in use', async () => {
    const user = await createTestUser(test.database, { username: 'viewer3', role: 'viewer' });
    const cookie = await loginCookie(app, user);
    const setLastSeen = (minutesAgo: number) =>
      test.database.db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(Date.now() - minutesAgo * 60_000).toISOString() })
        .where('user_id', '=', (eb) =>
          eb.selectFrom('users').select('users.id').where('users.username', '=', user.username),
        )
        .execute();
    await setLastSeen(29);
    expect((await app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
    // That request slid the expiry: the session is fresh again.
    const [session] = await test.database.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select('sessions.last_seen_at')
      .where('users.username', '=', user.username)
      .execute();
    expect(Date.now() - new Date(session?.last_seen_at ?? 0).getTime()).toBeLessThan(60_000);

    await setLastSeen(31);
    const expired = await app.inject({ url: '/api/session', headers: { cookie } });
    expect(expired.statusCode).toBe(401);
    expect(expired.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
  });

  it('ends a session 12 hours after login however active it is', async () => {
    const user = await createTestUser(test.database, { username: 'viewer4', role: 'viewer' });
    const cookie = await loginCookie(app, user);
    await test.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', (eb) =>
        eb.selectFrom('users').select('users.id').where('users.username', '=', user.username),
      )
      .execute();
    expect((await app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
  });

  it('refuses state-changing requests without the CSRF header or from another origin (403 csrf)', async () => {
    const user = await createTestUser(test.database, { username: 'viewer5', role: 'viewer' });
    const payload = { username: user.username, password: user.password };
    const noHeader = await app.inject({ method: 'POST', url: '/api/session', payload });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json()).toMatchObject({ error: { code: 'csrf' } });

    const foreign = await app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { ...CSRF_HEADERS, origin: 'https://evil.example', host: 'duban.example' },
      payload,
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ error: { code: 'csrf' } });

    const sameOrigin = await app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { ...CSRF_HEADERS, origin: 'http://duban.example', host: 'duban.example' },
      payload,
    });
    expect(sameOrigin.statusCode).toBe(200);

    const cookie = await loginCookie(app, user);
    const logout = await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
    expect(logout.statusCode).toBe(403);
    expect((await app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
  });

  it('answers 400 invalid-request with the issues for a body that fails its schema', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/session',
      headers: CSRF_HEADERS,
      payload: { username: '', extra: 1 },
    });
    expect(response.statusCode).toBe(400);
    const { error } = errorBodySchema.parse(response.json());
    expect(error.code).toBe('invalid-request');
    const issues = z.array(z.object({ path: z.string(), message: z.string().min(1) }));
    expect(issues.parse(error.details).map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['body.username', 'body.password']),
    );
    expect(error.message).toMatch(/[\u4e00-\u9fff]/u);
  });

  it('changes the password: policy enforced, flag cleared, other sessions ended', async () => {
    const user = await createTestUser(test.database, {
      username: 'admin2',
      role: 'admin',
      mustChangePassword: true,
    });
    const cookie = await loginCookie(app, user);
    const otherCookie = await loginCookie(app, user);
    // Until the password is changed the server answers nothing but the session routes.
    const blocked = await app.inject({ url: '/api/units', headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ error: { code: 'password-change-required' } });
    expect((await app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
    const change = (currentPassword: string, newPassword: string) =>
      app.inject({
        method: 'POST',
        url: '/api/session/password',
        headers: { ...CSRF_HEADERS, cookie },
        payload: { currentPassword, newPassword },
      });

    const weak = await change(user.password, 'short');
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({
      error: { code: 'weak-password', details: { missing: ['too-short', 'too-few-classes'] } },
    });
    const twoClasses = await change(user.password, 'lowercase123');
    expect(twoClasses.json()).toMatchObject({
      error: { code: 'weak-password', details: { missing: ['too-few-classes'] } },
    });
    const wrongCurrent = await change('not-my-password', 'Good-Password-9');
    expect(wrongCurrent.json()).toMatchObject({ error: { code: 'wrong-password' } });

    const done = await change(user.password, 'Good-Password-9');
    expect(done.statusCode).toBe(204);
    const me = await app.inject({ url: '/api/session', headers: { cookie } });
    expect(me.json()).toMatchObject({ mustChangePassword: false });
    expect((await app.inject({ url: '/api/units', headers: { cookie } })).statusCode).toBe(200);
    const other = await app.inject({ url: '/api/session', headers: { cookie: otherCookie } });
    expect(other.statusCode).toBe(401);
    expect((await login(app, user)).statusCode).toBe(401);
    expect((await login(app, { ...user, password: 'Good-Password-9' })).statusCode).toBe(200);
  });
});
