import type { Role } from '@duban/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/dialect.ts';
import { SESSION_COOKIE } from '../http/session-cookie.ts';
import { createUser } from '../services/users.service.ts';

/** The header every state-changing API request carries (CSRF). */
export const CSRF_HEADERS = { 'x-requested-with': 'duban' } as const;

export function buildTestConfig(overrides: Partial<Config> = {}): Config {
  return {
    databaseUrl: 'unused: tests pass an open database',
    sessionIdleMinutes: 30,
    logLevel: 'silent',
    trustProxy: false,
    ...overrides,
  };
}

export async function buildTestApp(
  database: Database,
  options: { config?: Partial<Config>; webRoot?: string; now?: () => Date } = {},
): Promise<FastifyInstance> {
  const app = await buildApp({
    database,
    config: buildTestConfig(options.config),
    webRoot: options.webRoot,
    now: options.now,
  });
  await app.ready();
  return app;
}

export interface TestUser {
  username: string;
  password: string;
}

/**
 * A user of the organisation with its generated password. Its initial password counts as
 * changed (the server lets a user who must change it call nothing else) unless
 * `mustChangePassword` is set.
 */
export async function createTestUser(
  database: Database,
  user: {
    username: string;
    role: Role;
    organization?: string;
    unit?: string;
    mustChangePassword?: boolean;
  },
): Promise<TestUser> {
  const { mustChangePassword, ...account } = user;
  const password = await createUser(database, account);
  if (mustChangePassword !== true) {
    await database.db
      .updateTable('users')
      .set({ must_change_password: 0 })
      .where('username', '=', user.username)
      .execute();
  }
  return { username: user.username, password };
}

export function login(app: FastifyInstance, user: TestUser): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/session',
    headers: CSRF_HEADERS,
    payload: { username: user.username, password: user.password },
  });
}

/** Logs in and returns the Cookie header value for later requests. */
export async function loginCookie(app: FastifyInstance, user: TestUser): Promise<string> {
  const response = await login(app, user);
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (response.statusCode !== 200 || cookie === undefined) {
    throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  }
  return `${SESSION_COOKIE}=${cookie.value}`;
}
