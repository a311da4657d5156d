/**
 * "Run once across instances": every server instance runs the same periodic job; before each
 * run it tries to take a lease row (repos/leases.repo.ts) held for one interval, so one of them
 * does the work and the others skip (the scheduled backup). A job whose repeated runs are
 * harmless may hold the lease only while it runs (`hold: 'run'`: one at a time, not one per
 * interval) and be asked to run right after a change (`runSoon`): the automatic reminders.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/dialect.ts';
import { releaseLease, tryTakeLease } from '../repos/leases.repo.ts';

export interface LeasedJobOptions {
  database: Database;
  /** The lease's name: one per job. */
  lease: string;
  /** How long a run holds the lease: nobody else runs the job within it. */
  leaseMs: number;
  /**
   * 'interval' (default): the lease is kept `leaseMs` from the start of a run, so one instance
   * of several runs per interval (the backup). 'run': it is given back when the run ends, and
   * `leaseMs` only bounds a run whose instance died; every instance may then run once per
   * interval, and `runSoon` can follow a change at once (the reminders, whose repeats are
   * harmless).
   */
  hold?: 'interval' | 'run';
  /** `runSoon` with `hold: 'run'`: tries while another instance holds the lease (default 5, 2 s apart). */
  retry?: { attempts: number; delayMs: number };
  /** How often each instance tries. */
  checkEveryMs: number;
  /** This instance's name in the lease table (default: a random id). */
  holder?: string;
  log: FastifyBaseLogger;
  /** The clock (tests inject one). */
  now?: () => Date;
  /** The work, run only by the instance that took the lease. */
  run(now: Date): Promise<void>;
  /** Logged with the error when a run fails. */
  failureMessage: string;
}

export interface LeasedJob {
  /** Tries the lease now and runs the job if taken; true if this instance ran it. */
  runNow(): Promise<boolean>;
  /**
   * Runs the job because something changed (call it after the change commits): after this
   * instance's run in progress, which may have read too early, and, with `hold: 'run'`, trying
   * again while another instance holds the lease. Never rejects: a failure is logged. True
   * once this instance ran it.
   */
  runSoon(): Promise<boolean>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Starts the job: a first attempt now, then one every `checkEveryMs` (the timer is unref'd). */
export function startLeasedJob(options: LeasedJobOptions): LeasedJob {
  const holder = options.holder ?? randomUUID();
  const clock = options.now ?? (() => new Date());
  const hold = options.hold ?? 'interval';
  const retry = options.retry ?? { attempts: 5, delayMs: 2000 };
  let running: Promise<boolean> | undefined;
  let stopped = false;

  const attempt = async (): Promise<boolean> => {
    const now = clock();
    const taken = await tryTakeLease(
      options.database.db,
      {
        name: options.lease,
        holder,
        expiresAt: new Date(now.getTime() + options.leaseMs).toISOString(),
      },
      now.toISOString(),
    );
    if (!taken) return false;
    try {
      await options.run(now);
    } finally {
      if (hold === 'run') await releaseLease(options.database.db, options.lease, holder);
    }
    return true;
  };
  const runNow = (): Promise<boolean> => {
    if (running !== undefined) return running.then(() => false);
    const current = attempt().finally(() => {
      running = undefined;
    });
    running = current;
    return current;
  };
  const tick = (): void => {
    runNow().catch((error: unknown) => {
      options.log.error({ err: error }, options.failureMessage);
    });
  };
  const runSoon = async (): Promise<boolean> => {
    const attempts = hold === 'run' ? retry.attempts : 1;
    try {
      for (let attempt = 0; attempt < attempts; attempt += 1) {
        if (attempt > 0) await sleep(retry.delayMs, undefined, { ref: false });
        while (running !== undefined) await running.catch(() => false);
        if (stopped) return false;
        if (await runNow()) return true;
      }
    } catch (error) {
      options.log.error({ err: error }, options.failureMessage);
    }
    return false;
  };
  const timer = setInterval(tick, options.checkEveryMs);
  timer.unref();
  tick();
  return {
    runNow,
    runSoon,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => false);
    },
  };
}
