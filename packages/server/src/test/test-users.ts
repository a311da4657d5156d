import { errorBodySchema, type Role } from '@duban/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Database } from '../db/dialect.ts';
import { createTestUser, CSRF_HEADERS, loginCookie, type TestUser } from './app.ts';

export interface TestUsers {
  /** Creates a user (of `organization`, else the factory's) and keeps its session cookie. */
  addUser: (name: string, role: Role, unit?: string, organization?: string) => Promise<TestUser>;
  /**
   * A request as the user named `who` (without a session if no such user was added), with the
   * CSRF header, to the test's app or to `on`.
   */
  call: (
    who: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    on?: FastifyInstance,
  ) => Promise<LightMyRequestResponse>;
}

/**
 * Named, logged-in users of a route test and requests made as them. `context` is read at each
 * call, because a test builds its database and app in `beforeAll`, after the factory is made:
 *
 *     const { addUser, call } = buildTestUsers(() => ({ app, database: test.database }));
 */
export function buildTestUsers(
  context: () => { app: FastifyInstance; database: Database },
  defaults: { organization?: string } = {},
): TestUsers {
  const cookies: Record<string, string> = {};
  return {
    addUser: async (name, role, unit, organization) => {
      const { app, database } = context();
      const user = await createTestUser(database, {
        username: name,
        role,
        unit,
        organization: organization ?? defaults.organization,
      });
      cookies[name] = await loginCookie(app, user);
      return user;
    },
    call: (who, method, url, payload, on) =>
      (on ?? context().app).inject({
        method,
        url,
        headers: { ...CSRF_HEADERS, cookie: cookies[who] ?? '' },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }), // inject takes any JSON body
      }),
  };
}

/** The error code of a response that must have `status`. */
export function errorOf(response: LightMyRequestResponse, status: number): string {
  expect(response.statusCode, response.body).toBe(status);
  return errorBodySchema.parse(response.json()).error.code;
}
