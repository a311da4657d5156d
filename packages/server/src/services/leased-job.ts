/**
 * "Run once across instances": every server instance runs the same periodic job; before each
 * run it tries to take a lease row (repos/leases.repo.ts) held for one interval, so one of them
 * does the work and the others skip. Used by the scheduled backup and the automatic reminders.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/dialect.ts';
import { tryTakeLease } from '../repos/leases.repo.ts';

export interface LeasedJobOptions {
  database: Database;
  /** The lease's name: one per job. */
  lease: string;
  /** How long a run holds the lease: nobody else runs the job within it. */
  leaseMs: number;
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
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Starts the job: a first attempt now, then one every `checkEveryMs` (the timer is unref'd). */
export function startLeasedJob(options: LeasedJobOptions): LeasedJob {
  const holder = options.holder ?? randomUUID();
  const clock = options.now ?? (() => new Date());
  let running: Promise<boolean> | undefined;

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
    await options.run(now);
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
  const timer = setInterval(tick, options.checkEveryMs);
  timer.unref();
  tick();
  return {
    runNow,
    stop: async () => {
      clearInterval(timer);
      await running?.catch(() => false);
    },
  };
}
