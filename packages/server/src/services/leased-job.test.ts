import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryTakeLease } from '../repos/leases.repo.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { startLeasedJob, type LeasedJob, type LeasedJobOptions } from './leased-job.ts';

const T0 = Date.parse('2023-10-08T01:00:00Z');
const HOUR = 3600 * 1000;

describe.each(DIALECTS)('leased job on %s', (dialect) => {
  let test: TestDatabase;
  const jobs: LeasedJob[] = [];
  const errors: string[] = [];
  const log = pino({ level: 'error' }, { write: (line: string) => errors.push(line) });

  /** A job that counts its runs; the timer's first attempt (at start) is awaited. */
  const start = async (
    lease: string,
    options: Partial<LeasedJobOptions> & { work?: () => Promise<void> } = {},
  ) => {
    const ran: Date[] = [];
    const { work, ...rest } = options;
    const job = startLeasedJob({
      database: test.database,
      lease,
      leaseMs: HOUR,
      checkEveryMs: HOUR,
      log,
      now: () => new Date(T0),
      failureMessage: `${lease} failed`,
      run: async (at) => {
        ran.push(at);
        await work?.();
      },
      ...rest,
    });
    jobs.push(job);
    // The first attempt is in progress: runNow waits for it and does not run again.
    expect(await job.runNow()).toBe(false);
    return { job, ran };
  };

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    for (const job of jobs) await job.stop();
    await test.destroy();
  });

  it("keeps the lease an interval by default, gives it back after the run with hold: 'run'", async () => {
    const interval = await start('interval-job');
    // The first run holds the lease an hour.
    expect(interval.ran).toHaveLength(1);
    expect(await interval.job.runNow()).toBe(false);
    const run = await start('run-job', { hold: 'run' });
    expect(run.ran).toHaveLength(1);
    expect(await run.job.runNow()).toBe(true);
    expect(run.ran).toHaveLength(2);
  });

  it('runs again after a run in progress here, which may have read before the change', async () => {
    let release: () => void = () => undefined;
    let gate = Promise.resolve();
    // One attempt: only waiting for the run in progress, not a retry, can make it run.
    const { job, ran } = await start('busy-job', {
      hold: 'run',
      retry: { attempts: 1, delayMs: 10 },
      work: () => gate,
    });
    gate = new Promise<void>((resolve) => (release = resolve));
    const first = job.runNow();
    const soon = job.runSoon();
    // A plain runNow meanwhile joins the run in progress instead.
    const joined = job.runNow();
    release();
    expect(await joined).toBe(false);
    expect(await first).toBe(true);
    expect(await soon).toBe(true);
    expect(ran).toHaveLength(3);
  });

  it('tries again while another instance holds the lease', async () => {
    // The other instance's lease ends 1 ms after T0; this job's clock reads T0, then later.
    await tryTakeLease(
      test.database.db,
      { name: 'shared-job', holder: 'other', expiresAt: new Date(T0 + 1).toISOString() },
      new Date(T0).toISOString(),
    );
    let reads = 0;
    const { job, ran } = await start('shared-job', {
      hold: 'run',
      retry: { attempts: 3, delayMs: 10 },
      now: () => new Date(T0 + (reads++ < 2 ? 0 : 1)),
    });
    // The timer's first attempt and runSoon's first attempt both found the lease taken.
    expect(ran).toHaveLength(0);
    expect(await job.runSoon()).toBe(true);
    expect(ran).toHaveLength(1);
  });

  it('logs a failed run and resolves false, never rejecting', async () => {
    let fail = false;
    const { job } = await start('failing-job', {
      hold: 'run',
      work: () => (fail ? Promise.reject(new Error('database gone')) : Promise.resolve()),
    });
    fail = true;
    expect(await job.runSoon()).toBe(false);
    expect(errors.join('\n')).toContain('failing-job failed');
    // The lease was given back despite the failure.
    fail = false;
    expect(await job.runNow()).toBe(true);
  });
});
