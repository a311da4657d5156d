import { mkdir, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/dialect.ts';
import { createBackup } from './backup.service.ts';
import { startLeasedJob } from './leased-job.ts';

export interface BackupScheduleOptions {
  database: Database;
  dir: string;
  intervalHours: number;
  /** How many backups to keep; older ones are deleted after each new one. */
  keep: number;
  log: FastifyBaseLogger;
  /** How often an instance checks whether a backup is due (default: a twelfth of the interval, at most 10 minutes). */
  checkEveryMs?: number;
  /** This instance's name in the lease table. */
  holder?: string;
}

const FILE_PATTERN = /^duban-\d{8}T\d{6}Z\.dbk$/;
const LEASE = 'scheduled-backup';

function fileName(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `duban-${stamp}.dbk`;
}

/**
 * Writes one backup into `dir` (a `.partial` file renamed when complete) and deletes all but
 * the newest `keep` backups. Returns the new file's path.
 */
export async function writeScheduledBackup(
  database: Database,
  dir: string,
  keep: number,
  now = new Date(),
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const backup = await createBackup(database, now);
  const path = join(dir, fileName(now));
  await writeFile(`${path}.partial`, backup.text);
  await rename(`${path}.partial`, path);
  const files = (await readdir(dir)).filter((name) => FILE_PATTERN.test(name)).sort();
  for (const old of files.slice(0, Math.max(0, files.length - keep))) {
    await unlink(join(dir, old));
  }
  return path;
}

/**
 * Every instance checks now and then whether a backup is due; the lease (held for one
 * interval) makes exactly one of them write it. Returns the function that stops the schedule.
 */
export function startBackupSchedule(options: BackupScheduleOptions): () => Promise<void> {
  const intervalMs = options.intervalHours * 3600 * 1000;
  const job = startLeasedJob({
    database: options.database,
    lease: LEASE,
    leaseMs: intervalMs,
    checkEveryMs: options.checkEveryMs ?? Math.min(intervalMs / 12, 10 * 60 * 1000),
    ...(options.holder === undefined ? {} : { holder: options.holder }),
    log: options.log,
    failureMessage: 'scheduled backup failed',
    run: async (now) => {
      const path = await writeScheduledBackup(options.database, options.dir, options.keep, now);
      options.log.info({ path }, 'scheduled backup written');
    },
  });
  return () => job.stop();
}
