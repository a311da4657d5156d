import type { RouteOptions } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { importLedger } from '../services/import.service.ts';
import { buildTestConfig, createTestUser, CSRF_HEADERS, loginCookie } from '../test/app.ts';
import { createTestDatabase, type TestDatabase } from '../test/database.ts';
import { readSeedLedger } from '../test/seed.ts';

/**
 * Every JSON route under arbitrary bodies, path parameters and query strings, as an
 * administrator and as nobody: never a 5xx, every 4xx a `{ error: { code, message } }`.
 * `npm test` runs it for DUBAN_FUZZ_SECONDS × 3 (default 6 s); `npm run fuzz` longer.
 */
const SECONDS = Number(process.env.DUBAN_FUZZ_SECONDS ?? '2') * 3;

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase('sqlite');
  await importLedger(test.database, readSeedLedger(), {
    sourceName: 'seed.txt',
    sha256: 'a'.repeat(64),
  });
});
afterAll(async () => {
  await test.destroy();
});

const segment = fc.oneof(
  fc.integer({ min: -5, max: 200 }).map(String),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.constantFrom('2023Q2', '1', '0', '%00', '..', 'null', '1e9'),
);
const query = fc
  .dictionary(
    fc.constantFrom('period', 'plan', 'section', 'unit', 'unitRole', 'q', 'light', 'page', 'x'),
    fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), fc.constant('')),
    { maxKeys: 4 },
  )
  .map((entries) => new URLSearchParams(entries).toString());

describe('every JSON route under arbitrary input', () => {
  it(
    'answers 2xx/3xx or a clear 4xx, never 5xx',
    async () => {
      const routes: { method: string; url: string }[] = [];
      const app = await buildApp({
        database: test.database,
        config: buildTestConfig(),
        onRoute: (route: RouteOptions) => {
          const methods = Array.isArray(route.method) ? route.method : [route.method];
          for (const method of methods) {
            if (
              ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method) &&
              route.url.startsWith('/api/') &&
              !route.url.startsWith('/api/docs')
            ) {
              routes.push({ method, url: route.url });
            }
          }
        },
      });
      await app.ready();
      expect(routes.length).toBeGreaterThan(5);
      const user = await createTestUser(test.database, { username: 'fuzz', role: 'admin' });
      const cookie = await loginCookie(app, user);
      let requests = 0;
      let succeeded = 0;

      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes),
          fc.array(segment, { minLength: 3, maxLength: 3 }),
          query,
          fc.oneof(fc.jsonValue(), fc.object()),
          fc.boolean(),
          async (route, segments, search, body, signedIn) => {
            let index = 0;
            const path = route.url.replace(/:[A-Za-z]+/g, () => segments[index++] ?? '1');
            const response = await app.inject({
              method: route.method as 'GET', // one of the five methods collected above
              url: search === '' ? path : `${path}?${search}`,
              headers: { ...CSRF_HEADERS, ...(signedIn ? { cookie } : {}) },
              ...(route.method === 'GET' || route.method === 'DELETE'
                ? {}
                : {
                    payload: JSON.stringify(body),
                    headers: {
                      ...CSRF_HEADERS,
                      'content-type': 'application/json',
                      ...(signedIn ? { cookie } : {}),
                    },
                  }),
            });
            requests += 1;
            if (response.statusCode < 300) succeeded += 1;
            expect(
              response.statusCode,
              `${route.method} ${path}: ${response.body.slice(0, 300)}`,
            ).toBeLessThan(500);
            if (response.statusCode >= 400) {
              const payload = response.json<{ error: { code: string; message: string } }>();
              expect(payload.error.code.length).toBeGreaterThan(0);
              expect(payload.error.message.length).toBeGreaterThan(0);
            }
          },
        ),
        { numRuns: 1_000_000, plugins: [fc.interruptAfterTimeLimit(SECONDS * 1000)] },
      );
      expect(requests).toBeGreaterThan(50);
      // Not only refusals: part of the input got through to the handlers.
      expect(succeeded).toBeGreaterThan(0);
      await app.close();
    },
    SECONDS * 1000 + 60_000,
  );
});
