import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { buildLedger } from '../test/factories.ts';
import { DEMO_LEDGER_PATH, ensureDemo } from './demo.service.ts';
import { exportLedger } from './export.service.ts';
import { importLedger } from './import.service.ts';
import { verifyPassword } from './passwords.ts';
import { createUser } from './users.service.ts';

describe.each(DIALECTS)('accounts and the demo on %s', (dialect) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await test.destroy();
  });

  it('loads the demo ledger and an admin on an empty database, once', async () => {
    expect(readFileSync(DEMO_LEDGER_PATH, 'utf8')).toContain('弋江区');
    const first = await ensureDemo(test.database);
    expect(first.created).toBe(true);
    expect(first.adminPassword).toMatch(/^.{16}$/);
    const admin = await test.database.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    expect(admin).toMatchObject({
      role: 'admin',
      display_name: '督查室管理员',
      must_change_password: 1,
      unit_id: null,
    });
    expect(await verifyPassword(admin.password_hash, first.adminPassword ?? '')).toBe(true);
    const ledger = await exportLedger(test.database, { period: '2023Q2' });
    expect(ledger.organization).toBe('弋江区');
    expect(ledger.tasks).toHaveLength(126);

    expect(await ensureDemo(test.database)).toEqual({ created: false });
    const users = await test.database.db.selectFrom('users').select('id').execute();
    expect(users).toHaveLength(1);
  });

  it('creates users with a generated password, tied to a unit by name', async () => {
    const password = await createUser(test.database, {
      username: 'fgw',
      role: 'reporter',
      unit: '区发改委',
      displayName: '发改委填报员',
    });
    const user = await test.database.db
      .selectFrom('users')
      .innerJoin('units', 'units.id', 'users.unit_id')
      .select([
        'users.password_hash',
        'users.role',
        'users.display_name',
        'units.name',
        'users.must_change_password',
      ])
      .where('users.username', '=', 'fgw')
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({
      role: 'reporter',
      display_name: '发改委填报员',
      name: '区发改委',
      must_change_password: 1,
    });
    expect(await verifyPassword(user.password_hash, password)).toBe(true);
    const audit = await test.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'user.create')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses an unknown unit with suggestions, a missing unit for reporters, a taken name', async () => {
    await expect(
      createUser(test.database, { username: 'x1', role: 'reporter', unit: '区发改局' }),
    ).rejects.toMatchObject({
      code: 'unit-not-found',
      message: expect.stringContaining('区发改委') as unknown,
    });
    await expect(
      createUser(test.database, { username: 'x2', role: 'unit_head' }),
    ).rejects.toMatchObject({ code: 'unit-required' });
    await expect(
      createUser(test.database, { username: 'fgw', role: 'viewer' }),
    ).rejects.toMatchObject({ code: 'user-exists', status: 409 });
  });

  it('needs the organisation named once there are several', async () => {
    await importLedger(test.database, buildLedger(), { sourceName: 'a.txt', sha256: '0' });
    await expect(
      createUser(test.database, { username: 'x3', role: 'viewer' }),
    ).rejects.toMatchObject({ code: 'organization-required' });
    await expect(
      createUser(test.database, { username: 'x3', role: 'viewer', organization: '无此区' }),
    ).rejects.toMatchObject({ code: 'organization-not-found' });
    const password = await createUser(test.database, {
      username: 'x3',
      role: 'viewer',
      organization: '示范区',
    });
    expect(password).toHaveLength(16);
  });

  it('uses a given admin password and does not echo it', async () => {
    const fresh = await createTestDatabase(dialect);
    try {
      const result = await ensureDemo(fresh.database, { adminPassword: 'Given-Password-1' });
      expect(result).toEqual({ created: true });
      const admin = await fresh.database.db
        .selectFrom('users')
        .select('password_hash')
        .executeTakeFirstOrThrow();
      expect(await verifyPassword(admin.password_hash, 'Given-Password-1')).toBe(true);
    } finally {
      await fresh.destroy();
    }
  });
});
