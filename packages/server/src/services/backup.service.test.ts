import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { SqlDialect } from '../db/dialect.ts';
import { MIGRATION_NAMES } from '../db/migrations/index.ts';
import { AppError } from '../errors.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { readSeedLedger } from '../test/seed.ts';
import { createBackup, readBackup, restoreBackup } from './backup.service.ts';
import { importLedger } from './import.service.ts';
import { createUser } from './users.service.ts';

const opened: TestDatabase[] = [];
afterEach(async () => {
  for (const test of opened.splice(0)) await test.destroy();
});

async function open(dialect: SqlDialect, migrate = true): Promise<TestDatabase> {
  const test = await createTestDatabase(dialect, { migrate });
  opened.push(test);
  return test;
}

/** A database holding the real seed, an account and their audit entries. */
async function openSeeded(dialect: SqlDialect): Promise<TestDatabase> {
  const test = await open(dialect);
  await importLedger(test.database, readSeedLedger(), {
    sourceName: 'seed.txt',
    sha256: 'a'.repeat(64),
  });
  await createUser(test.database, { username: 'fgw', role: 'reporter', unit: '区发改委' });
  return test;
}

function bodyOf(text: string): string {
  return text.slice(text.indexOf('\n') + 1);
}

async function expectAppError(work: Promise<unknown>, code: string): Promise<AppError> {
  const error: unknown = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code); // narrowed by the assertion above
  return error as AppError; // likewise
}

describe('backup and restore', () => {
  for (const [from, to] of [
    ['sqlite', 'postgres'],
    ['postgres', 'sqlite'],
    ['sqlite', 'sqlite'],
    ['postgres', 'postgres'],
  ] as const) {
    it(`restores a ${from} backup into an empty ${to} database row for row`, async () => {
      const source = await openSeeded(from);
      const backup = await createBackup(source.database);
      expect(backup.header.schema).toEqual([...MIGRATION_NAMES]);
      expect(backup.header.dialect).toBe(from);
      expect(backup.header.tables.tasks).toBe(126);
      expect(backup.header.tables.audit_log).toBeGreaterThan(0);

      const target = await open(to, false);
      const result = await restoreBackup(target.database, backup.text);
      expect(result.rows).toBe(Object.values(backup.header.tables).reduce((a, b) => a + b, 0));

      // A backup of the restored database holds exactly the same rows.
      const again = await createBackup(target.database);
      expect(again.header.tables).toEqual(backup.header.tables);
      expect(bodyOf(again.text)).toBe(bodyOf(backup.text));

      // New rows get fresh keys (PostgreSQL identity sequences were moved on).
      await createUser(target.database, { username: 'after', role: 'viewer' });
      const ids = await target.database.db.selectFrom('users').select('id').execute();
      expect(new Set(ids.map((row) => row.id)).size).toBe(ids.length);
    });
  }

  for (const dialect of DIALECTS) {
    it(`${dialect}: refuses a changed file, a newer schema and a non-empty target`, async () => {
      const source = await openSeeded(dialect);
      const { text } = await createBackup(source.database);

      const target = await open(dialect, false);
      const tampered = text.replace('区发改委', '区财政局');
      expect(tampered).not.toBe(text);
      const bad = await expectAppError(restoreBackup(target.database, tampered), 'invalid-backup');
      expect(bad.message).toContain('校验和');

      const header = readBackup(text).header;
      const newer = text.replace(
        JSON.stringify(header),
        JSON.stringify({ ...header, schema: [...header.schema, '2099_01_01_0001_future'] }),
      );
      const tooNew = await expectAppError(restoreBackup(target.database, newer), 'schema-too-new');
      expect(tooNew.message).toContain('2099_01_01_0001_future');

      // Nothing of the refused restores was written.
      const tables = await target.database.db.introspection.getTables();
      expect(tables.map((t) => t.name)).not.toContain('tasks');

      const full = await openSeeded(dialect);
      await expectAppError(restoreBackup(full.database, text), 'restore-target-not-empty');
      await restoreBackup(full.database, text, { force: true });
      const users = await full.database.db.selectFrom('users').select('username').execute();
      expect(users.map((u) => u.username).sort()).toEqual(['fgw']);
    });

    it(`${dialect}: a failed restore leaves the target as it was`, async () => {
      const source = await openSeeded(dialect);
      const { text } = await createBackup(source.database);
      const target = await openSeeded(dialect);
      await createUser(target.database, { username: 'keep', role: 'viewer' });
      // A row the schema refuses (null in a not-null column), with a valid checksum.
      const lines = text.split('\n');
      const body = [
        ...lines.slice(1, -1),
        JSON.stringify({ t: 'organizations', r: { id: 999, name: null, created_at: null } }),
        '',
      ].join('\n');
      const { createHash } = await import('node:crypto');
      const header = { ...readBackup(text).header };
      header.sha256 = createHash('sha256').update(body, 'utf8').digest('hex');
      await expect(
        restoreBackup(target.database, `${JSON.stringify(header)}\n${body}`, { force: true }),
      ).rejects.toThrow();
      const users = await target.database.db.selectFrom('users').select('username').execute();
      expect(users.map((u) => u.username).sort()).toEqual(['fgw', 'keep']);
    });

    it(`${dialect}: the audit log is append-only in the database itself`, async () => {
      const test = await openSeeded(dialect);
      const { db } = test.database;
      const before = await db.selectFrom('audit_log').selectAll().execute();
      expect(before.length).toBeGreaterThan(0);
      await expect(db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(
        /append-only/,
      );
      await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
      if (dialect === 'postgres') {
        await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
      }
      await db
        .insertInto('audit_log')
        .values({
          org_id: null,
          actor_id: null,
          action: 'test',
          entity: 'test',
          entity_id: null,
          detail: '{}',
          at: new Date().toISOString(),
        })
        .execute();
      const after = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after).toHaveLength(before.length + 1);
    });
  }
});
