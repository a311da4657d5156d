import { adminUserSchema, initialPasswordSchema, unitRefSchema } from '@duban/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { importLedger } from '../services/import.service.ts';
import { buildTestApp, createTestUser, CSRF_HEADERS, login, loginCookie } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { buildLedger } from '../test/factories.ts';

const source = { sourceName: 'a.txt', sha256: '0'.repeat(64) };

describe.each(DIALECTS)('user administration on %s', (dialect) => {
  let test: TestDatabase;
  let app: FastifyInstance;
  let office: string;
  let otherOffice: string;

  const post = (cookie: string, url: string, payload?: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...CSRF_HEADERS, cookie },
      ...(payload === undefined ? {} : { payload }),
    });

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, buildLedger(), source);
    await importLedger(test.database, buildLedger({ organization: '另一区' }), source);
    app = await buildTestApp(test.database);
    office = await loginCookie(
      app,
      await createTestUser(test.database, {
        username: 'office',
        role: 'admin',
        organization: '示范区',
      }),
    );
    otherOffice = await loginCookie(
      app,
      await createTestUser(test.database, {
        username: 'office2',
        role: 'admin',
        organization: '另一区',
      }),
    );
  });
  afterAll(async () => {
    await app.close();
    await test.destroy();
  });

  it('creates, resets and disables accounts; the initial password must be changed first', async () => {
    const units = z
      .array(unitRefSchema)
      .parse((await app.inject({ url: '/api/units', headers: { cookie: office } })).json());
    const unit = units.find((candidate) => candidate.name === '区商务局');
    if (unit === undefined) throw new Error('no unit');
    expect(
      (await post(office, '/api/users', { username: 'r1', role: 'reporter' })).json(),
    ).toMatchObject({
      error: { code: 'unit-required' },
    });
    const created = await post(office, '/api/users', {
      username: 'r1',
      displayName: '张填报',
      role: 'reporter',
      unitId: unit.id,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { user, password } = initialPasswordSchema.parse(created.json());
    expect(user).toMatchObject({
      username: 'r1',
      displayName: '张填报',
      unit,
      mustChangePassword: true,
      disabled: false,
    });
    expect((await post(office, '/api/users', { username: 'r1', role: 'viewer' })).statusCode).toBe(
      409,
    );

    // The initial password works only to change it.
    const cookie = await loginCookie(app, { username: 'r1', password });
    const blocked = await app.inject({ url: '/api/ledger', headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ error: { code: 'password-change-required' } });

    // Another district's office cannot touch the account.
    expect((await post(otherOffice, `/api/users/${user.id}/password-reset`)).statusCode).toBe(404);
    expect((await post(otherOffice, `/api/users/${user.id}/disable`)).statusCode).toBe(404);
    const theirs = z
      .array(adminUserSchema)
      .parse((await app.inject({ url: '/api/users', headers: { cookie: otherOffice } })).json());
    expect(theirs.map((u) => u.username)).toEqual(['office2']);

    const reset = await post(office, `/api/users/${user.id}/password-reset`);
    expect(reset.statusCode, reset.body).toBe(200);
    const fresh = initialPasswordSchema.parse(reset.json()).password;
    expect(fresh).not.toBe(password);
    expect((await app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
    expect((await login(app, { username: 'r1', password })).statusCode).toBe(401);
    const again = await loginCookie(app, { username: 'r1', password: fresh });

    const disabled = await post(office, `/api/users/${user.id}/disable`);
    expect(adminUserSchema.parse(disabled.json()).disabled).toBe(true);
    expect((await app.inject({ url: '/api/session', headers: { cookie: again } })).statusCode).toBe(
      401,
    );
    expect((await login(app, { username: 'r1', password: fresh })).statusCode).toBe(401);

    const audit = await test.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', String(user.id))
      .where('action', 'like', 'user.%')
      .orderBy('id')
      .execute();
    expect(audit.map((row) => row.action)).toEqual([
      'user.create',
      'user.password-reset',
      'user.disable',
    ]);
  });
});
