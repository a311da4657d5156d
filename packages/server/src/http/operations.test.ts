import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { buildTestApp, buildTestConfig } from '../test/app.ts';
import { createTestDatabase, type TestDatabase } from '../test/database.ts';

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase('sqlite');
});
afterAll(async () => {
  await test.destroy();
});

describe('request ids', () => {
  it('gives every response an id, keeps a plain one from the proxy and replaces anything else', async () => {
    const app = await buildTestApp(test.database);
    const fresh = await app.inject({ method: 'GET', url: '/healthz' });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const other = await app.inject({ method: 'GET', url: '/healthz' });
    expect(other.headers['x-request-id']).not.toBe(fresh.headers['x-request-id']);

    const kept = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'lb-7f3a.42' },
    });
    expect(kept.headers['x-request-id']).toBe('lb-7f3a.42');

    const forged = await app.inject({
      method: 'GET',
      url: '/api/nothing',
      headers: { 'x-request-id': 'x\n{"level":60}' },
    });
    expect(forged.statusCode).toBe(404);
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await app.close();
  });
});

/** One GET on its own connection (no keep-alive agent that could hold the server open). */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  it('finishes a slow request in flight when closed, and takes no new ones', async () => {
    const app = await buildApp({ database: test.database, config: buildTestConfig() });
    const state = { started: false };
    app.get('/test/slow', { config: { access: 'public' } }, async () => {
      state.started = true;
      await sleep(700);
      return { done: true };
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const inFlight = get(`${address}/test/slow`);
    while (!state.started) await sleep(10);
    // What `duban serve` does on SIGTERM.
    const closing = app.close();
    await sleep(50);
    const refused = await get(`${address}/healthz`).then(
      (response) => response.status,
      () => 'refused',
    );
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ done: true });
    await closing;
    expect(refused).not.toBe(200);
  });
});

describe('limits', () => {
  it('refuses a body over the limit with 413 payload-too-large, before any handler', async () => {
    const app = await buildTestApp(test.database);
    const response = await app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'x-requested-with': 'duban', 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: 'payload-too-large' } });
    await app.close();
  });
});
