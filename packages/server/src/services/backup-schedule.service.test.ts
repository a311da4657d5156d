import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/dialect.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { readBackup } from './backup.service.ts';
import { startBackupSchedule, writeScheduledBackup } from './backup-schedule.service.ts';

const log = pino({ level: 'silent' });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(
  dialect: (typeof DIALECTS)[number],
): Promise<{ test: TestDatabase; dir: string }> {
  const test = await createTestDatabase(dialect);
  const dir = mkdtempSync(join(tmpdir(), 'duban-backups-'));
  cleanups.push(() => test.destroy());
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return { test, dir };
}

describe('scheduled backups', () => {
  for (const dialect of DIALECTS) {
    it(`${dialect}: keeps the newest backups only`, async () => {
      const { test, dir } = await setUp(dialect);
      const times = [
        '2026-01-01T00:00:00Z',
        '2026-01-02T00:00:00Z',
        '2026-01-03T00:00:00Z',
        '2026-01-04T00:00:00Z',
      ];
      for (const time of times) await writeScheduledBackup(test.database, dir, 2, new Date(time));
      const files = readdirSync(dir).sort();
      expect(files).toEqual(['duban-20260103T000000Z.dbk', 'duban-20260104T000000Z.dbk']);
      const { header } = readBackup(readFileSync(join(dir, files[1] ?? ''), 'utf8'));
      expect(header.createdAt).toBe('2026-01-04T00:00:00.000Z');
    });

    it(`${dialect}: of two instances on one database, one writes the backup`, async () => {
      const { test, dir } = await setUp(dialect);
      // A second instance: its own connection to the same database.
      const other = await openDatabase(test.url);
      cleanups.push(() => other.close());
      const options = { dir, intervalHours: 1, keep: 10, log, checkEveryMs: 20 };
      const stops = [
        startBackupSchedule({ ...options, database: test.database, holder: 'a' }),
        startBackupSchedule({ ...options, database: other, holder: 'b' }),
      ];
      await new Promise((resolve) => setTimeout(resolve, 600));
      for (const stop of stops) await stop();
      expect(readdirSync(dir).filter((name) => name.endsWith('.dbk'))).toHaveLength(1);
      const lease = await test.database.db.selectFrom('leases').selectAll().execute();
      expect(lease).toHaveLength(1);
      expect(['a', 'b']).toContain(lease[0]?.holder);
    });
  }
});
