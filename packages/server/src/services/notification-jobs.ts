/**
 * Wires the notification jobs into an app: the e-mail outbox (every instance) and the
 * automatic reminders (every instance tries every interval; a lease held while a run lasts lets
 * one run at a time). Both start when the app is ready and stop when it closes; routes reach
 * the outbox through `getNotificationJobs`, and ask for a reminder check after a change that
 * can make a reminder due (a period opened, a 延期 granted) through `checkRemindersNow`.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/dialect.ts';
import { startLeasedJob, type LeasedJob } from './leased-job.ts';
import { startMailOutbox, type MailOutbox } from './mail-outbox.service.ts';
import { runReminders } from './reminder-job.service.ts';

const DECORATOR = 'notificationJobs';
const LEASE = 'automatic-reminders';
/** Bounds a reminder run whose instance died; a live run gives the lease back when it ends. */
const REMINDER_RUN_LEASE_MS = 10 * 60 * 1000;

export interface NotificationJobs {
  outbox?: MailOutbox;
  reminders?: LeasedJob;
}

export function registerNotificationJobs(
  app: FastifyInstance,
  options: { database: Database; config: Config; now?: () => Date },
): void {
  const { database, config, now } = options;
  const jobs: NotificationJobs = {};
  app.decorate(DECORATOR, jobs);
  app.addHook('onReady', (done) => {
    const outbox = startMailOutbox({
      database,
      smtp: config.smtp,
      log: app.log,
      ...(now === undefined ? {} : { now }),
    });
    jobs.outbox = outbox;
    const { reminders } = config;
    if (reminders !== undefined) {
      const intervalMs = reminders.intervalMinutes * 60 * 1000;
      jobs.reminders = startLeasedJob({
        database,
        lease: LEASE,
        leaseMs: Math.min(intervalMs, REMINDER_RUN_LEASE_MS),
        hold: 'run',
        checkEveryMs: intervalMs,
        log: app.log,
        ...(now === undefined ? {} : { now }),
        failureMessage: 'automatic reminders failed',
        run: async (at) => {
          const result = await runReminders(database, {
            daysBefore: reminders.daysBefore,
            now: at,
          });
          if (result.sent.length > 0) {
            app.log.info({ count: result.sent.length }, 'automatic reminders sent');
            outbox.kick();
          }
        },
      });
    }
    done();
  });
  app.addHook('onClose', async () => {
    await jobs.reminders?.stop();
    await jobs.outbox?.stop();
  });
}

export function getNotificationJobs(app: FastifyInstance): NotificationJobs {
  return app.getDecorator<NotificationJobs>(DECORATOR);
}

/**
 * Runs the reminder check now, without waiting for the next interval: call it after a change
 * that can make a reminder due has committed (a period opened or its due date changed, a 延期
 * granted). The caller does not wait; a failure is logged by the job, never the request's.
 * Resolves true once this instance ran the check (tests wait on it).
 */
export function checkRemindersNow(app: FastifyInstance): Promise<boolean> {
  return getNotificationJobs(app).reminders?.runSoon() ?? Promise.resolve(false);
}
