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
});

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
  };
}
