import { z } from 'zod';
import { AppError } from './errors.ts';

/** Where the embedded database lives when `DUBAN_DB` is unset, relative to the working directory. */
export const DEFAULT_DATABASE_PATH = './data/duban.db';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** An empty variable (`DUBAN_DB=`) means the same as an unset one. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const envSchema = z.object({
  DUBAN_DB: optional(z.string().trim().min(1)),
  DUBAN_SESSION_IDLE_MINUTES: optional(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  ),
  DUBAN_LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
  DUBAN_TRUST_PROXY: optional(z.enum(['true', 'false', '1', '0'])),
  DUBAN_BACKUP_DIR: optional(z.string().trim().min(1)),
  DUBAN_BACKUP_INTERVAL_HOURS: optional(
    z.coerce
      .number()
      .min(0.01)
      .max(24 * 31),
  ),
  DUBAN_BACKUP_KEEP: optional(z.coerce.number().int().min(1).max(10000)),
  DUBAN_SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: '应为 smtp:// 或 smtps:// 地址' })),
  DUBAN_SMTP_HOST: optional(z.string().trim().min(1)),
  DUBAN_SMTP_PORT: optional(z.coerce.number().int().min(1).max(65535)),
  DUBAN_SMTP_SECURE: optional(z.enum(['true', 'false', '1', '0'])),
  DUBAN_SMTP_USER: optional(z.string()),
  DUBAN_SMTP_PASS: optional(z.string()),
  DUBAN_SMTP_FROM: optional(z.string().trim().min(3)),
  DUBAN_REMIND_DAYS_BEFORE: optional(z.coerce.number().int().min(0).max(60)),
  DUBAN_REMIND_INTERVAL_MINUTES: optional(
    z.coerce
      .number()
      .min(0.05)
      .max(24 * 60),
  ),
  DUBAN_REMIND: optional(z.enum(['on', 'off'])),
  DUBAN_REPORT_WORKERS: optional(z.coerce.number().int().min(0).max(64)),
  DUBAN_REPORT_QUEUE: optional(z.coerce.number().int().min(0).max(10_000)),
  DUBAN_REPORT_CACHE_MB: optional(
    z.coerce
      .number()
      .min(0)
      .max(64 * 1024),
  ),
});

/** SMTP settings: a URL (`smtp://user:pass@host:587`), or host/port/user/pass. */
export interface SmtpConfig {
  url?: string;
  host?: string;
  port?: number;
  secure?: boolean;
  user?: string;
  pass?: string;
  /** The From header, e.g. `督办 <duban@example.gov.cn>`. */
  from: string;
}

/** Automatic reminders (催办): N days before a period's due date, and once it is past. */
export interface ReminderConfig {
  daysBefore: number;
  /** How often each instance checks (a lease lets one of them run). */
  intervalMinutes: number;
}

function readSmtp(vars: z.infer<typeof envSchema>): SmtpConfig | undefined {
  const from = vars.DUBAN_SMTP_FROM ?? '督办 <duban@localhost>';
  if (vars.DUBAN_SMTP_URL !== undefined) return { url: vars.DUBAN_SMTP_URL, from };
  if (vars.DUBAN_SMTP_HOST === undefined) return undefined;
  const secure = vars.DUBAN_SMTP_SECURE === 'true' || vars.DUBAN_SMTP_SECURE === '1';
  return {
    host: vars.DUBAN_SMTP_HOST,
    port: vars.DUBAN_SMTP_PORT ?? (secure ? 465 : 587),
    secure,
    ...(vars.DUBAN_SMTP_USER === undefined ? {} : { user: vars.DUBAN_SMTP_USER }),
    ...(vars.DUBAN_SMTP_PASS === undefined ? {} : { pass: vars.DUBAN_SMTP_PASS }),
    from,
  };
}

export interface Config {
  /** A `postgres://` URL, or the path of the SQLite file. */
  databaseUrl: string;
  /** Sliding idle timeout of a session. */
  sessionIdleMinutes: number;
  logLevel: LogLevel;
  /** Honour X-Forwarded-Proto/-For/-Host: only behind a reverse proxy we control. */
  trustProxy: boolean;
  /** Scheduled backups (DUBAN_BACKUP_DIR …); absent when DUBAN_BACKUP_DIR is unset. */
  backup?: { dir: string; intervalHours: number; keep: number };
  /** E-mail for reminders; absent: in-app notifications only. */
  smtp?: SmtpConfig;
  /** Automatic reminders; absent (DUBAN_REMIND=off, and in tests unless given): none. */
  reminders?: ReminderConfig;
  /** Report files (services/report-files.service.ts); what is absent takes its default. */
  reports?: ReportsConfig;
}

/** Worker threads that write report files, the queue before 503, the bytes kept. */
export interface ReportsConfig {
  /** Default max(1, cores − 1); 0 writes files on the event loop. */
  workers?: number;
  /** Files waiting for a worker before `report-busy` (503); default 32. */
  queue?: number;
  /** Default 64; 0 keeps no file. */
  cacheMegabytes?: number;
  /** The worker's entry module: tests swap in one they control. */
  workerUrl?: URL;
  /**
   * Start one worker as soon as the server listens, so the first report does not wait for it
   * to load: on from the environment (`duban serve`) unless DUBAN_REPORT_WORKERS=0; absent
   * (tests): off.
   */
  warm?: boolean;
}

function readReports(vars: z.infer<typeof envSchema>): ReportsConfig {
  return {
    ...(vars.DUBAN_REPORT_WORKERS === undefined ? {} : { workers: vars.DUBAN_REPORT_WORKERS }),
    ...(vars.DUBAN_REPORT_QUEUE === undefined ? {} : { queue: vars.DUBAN_REPORT_QUEUE }),
    ...(vars.DUBAN_REPORT_CACHE_MB === undefined
      ? {}
      : { cacheMegabytes: vars.DUBAN_REPORT_CACHE_MB }),
    warm: vars.DUBAN_REPORT_WORKERS !== 0,
  };
}

/**
 * Reads and validates the environment once, at start. A bad value stops the start with a
 * message that names the variable.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new AppError('invalid-config', `环境变量有误：${lines.join('；')}`, lines);
  }
  const vars = parsed.data;
  const smtp = readSmtp(vars);
  const reports = readReports(vars);
  return {
    databaseUrl: vars.DUBAN_DB ?? DEFAULT_DATABASE_PATH,
    sessionIdleMinutes: vars.DUBAN_SESSION_IDLE_MINUTES ?? 30,
    logLevel: vars.DUBAN_LOG_LEVEL ?? 'info',
    trustProxy: vars.DUBAN_TRUST_PROXY === 'true' || vars.DUBAN_TRUST_PROXY === '1',
    ...(vars.DUBAN_BACKUP_DIR === undefined
      ? {}
      : {
          backup: {
            dir: vars.DUBAN_BACKUP_DIR,
            intervalHours: vars.DUBAN_BACKUP_INTERVAL_HOURS ?? 24,
            keep: vars.DUBAN_BACKUP_KEEP ?? 14,
          },
        }),
    ...(smtp === undefined ? {} : { smtp }),
    reports,
    ...(vars.DUBAN_REMIND === 'off'
      ? {}
      : {
          reminders: {
            daysBefore: vars.DUBAN_REMIND_DAYS_BEFORE ?? 3,
            intervalMinutes: vars.DUBAN_REMIND_INTERVAL_MINUTES ?? 60,
          },
        }),
  };
}
