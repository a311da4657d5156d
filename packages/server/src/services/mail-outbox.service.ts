/**
 * Sends the e-mails queued in the outbox (notification_deliveries) over SMTP with nodemailer.
 * Every instance runs it; each e-mail is claimed by one conditional UPDATE, so none is sent
 * twice. A failed send is retried with back-off and, after the last attempt, kept as `failed`
 * with its error: never lost silently. Without SMTP settings the e-mails are marked `skipped`
 * (reminders are then in-app only, which is logged once at start).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../config.ts';
import type { Database } from '../db/dialect.ts';
import {
  claimDueDeliveries,
  updateDelivery,
  type DeliveryRecord,
} from '../repos/notifications.repo.ts';

/** Attempts per e-mail before it is kept as failed. */
export const MAX_ATTEMPTS = 4;
const BATCH = 20;
/** A claim older than this is taken to belong to an instance that stopped mid-send. */
const STALE_CLAIM_MS = 10 * 60 * 1000;

export interface MailOutboxOptions {
  database: Database;
  smtp: SmtpConfig | undefined;
  log: FastifyBaseLogger;
  now?: () => Date;
  /** How often pending e-mails are looked for besides kicks (default 30 s). */
  pollMs?: number;
}

export interface MailOutbox {
  /** Sends what is due soon (after a reminder commits); never throws. */
  kick(): void;
  /** Sends what is due now; resolves when done (tests). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

function createTransport(smtp: SmtpConfig): Transporter {
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
  if (smtp.url !== undefined) return nodemailer.createTransport({ url: smtp.url, ...timeouts });
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.pass ?? '' } }),
    ...timeouts,
  });
}

function retryDelayMs(attempts: number): number {
  return Math.min(60, 2 ** attempts) * 60 * 1000;
}

export function startMailOutbox(options: MailOutboxOptions): MailOutbox {
  const { database, smtp, log } = options;
  const clock = options.now ?? (() => new Date());
  const holder = randomUUID();
  const transporter = smtp === undefined ? undefined : createTransport(smtp);
  if (smtp === undefined) {
    log.info(
      'SMTP is not configured (DUBAN_SMTP_URL or DUBAN_SMTP_HOST): reminders are in-app only',
    );
  }
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const sendOne = async (delivery: DeliveryRecord): Promise<void> => {
    const now = clock();
    if (transporter === undefined || smtp === undefined) {
      await updateDelivery(
        database.db,
        delivery.id,
        { status: 'skipped', attempts: delivery.attempts, error: 'SMTP 未配置' },
        now.toISOString(),
      );
      return;
    }
    const attempts = delivery.attempts + 1;
    try {
      await transporter.sendMail({
        from: smtp.from,
        to: delivery.address,
        subject: delivery.subject,
        text: delivery.body,
      });
      await updateDelivery(
        database.db,
        delivery.id,
        { status: 'sent', attempts, error: null },
        clock().toISOString(),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const last = attempts >= MAX_ATTEMPTS;
      log.warn(
        { err: error, deliveryId: delivery.id, address: delivery.address, attempts },
        last ? 'reminder e-mail failed; giving up' : 'reminder e-mail failed; will retry',
      );
      await updateDelivery(
        database.db,
        delivery.id,
        {
          status: last ? 'failed' : 'pending',
          attempts,
          error: message.slice(0, 1000),
          ...(last
            ? {}
            : { nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)).toISOString() }),
        },
        clock().toISOString(),
      );
    }
  };

  const drain = async (): Promise<void> => {
    for (;;) {
      const now = clock();
      const batch = await claimDueDeliveries(
        database.db,
        holder,
        now.toISOString(),
        new Date(now.getTime() - STALE_CLAIM_MS).toISOString(),
        BATCH,
      );
      for (const delivery of batch) await sendOne(delivery);
      if (batch.length < BATCH || stopped) return;
    }
  };

  const flush = (): Promise<void> => {
    // A kick scheduled just before stop() must not touch a database that is closing.
    if (stopped) return Promise.resolve();
    if (running !== undefined) {
      again = true;
      return running;
    }
    const current = drain()
      .catch((error: unknown) => {
        log.error({ err: error }, 'sending reminder e-mails failed');
      })
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          void flush();
        }
      });
    running = current;
    return current;
  };

  const timer = setInterval(() => void flush(), options.pollMs ?? 30_000);
  timer.unref();
  void flush();
  return {
    kick: () => {
      setImmediate(() => void flush());
    },
    flush: async () => {
      // A kick may be running with an older clock reading: wait for it, then run once more.
      await running;
      await flush();
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
      transporter?.close();
    },
  };
}
