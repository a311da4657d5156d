import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { importLedger } from '../services/import.service.ts';
import { buildTestConfig, createTestUser, loginCookie } from '../test/app.ts';
import { createTestDatabase, type TestDatabase } from '../test/database.ts';
import { buildLedger } from '../test/factories.ts';
import { loggedUrl } from './request-log.ts';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  method?: string;
  url?: string;
  statusCode?: number;
  responseTime?: number;
  userId?: number;
  contentLength?: number;
  err?: { message: string; stack: string };
}

let test: TestDatabase;
let app: FastifyInstance;
const output: string[] = [];

beforeAll(async () => {
  test = await createTestDatabase('sqlite');
  await importLedger(test.database, buildLedger(), {
    sourceName: 'test.txt',
    sha256: '0'.repeat(64),
  });
  app = await buildApp({
    database: test.database,
    config: buildTestConfig({ logLevel: 'info' }),
    logStream: { write: (line) => output.push(line) },
  });
  app.get('/test/boom', { config: { access: 'public' } }, () => {
    throw new Error('boom at the test route');
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await test.destroy();
});

/** The log lines written for the request with this id. */
function linesOf(id: unknown): LogLine[] {
  return output
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line.reqId !== undefined && line.reqId === id);
}

describe('the request log', () => {
  it('writes exactly one line per request, when it completes, with what happened', async () => {
    const response = await app.inject({ url: '/healthz?check=1' });
    expect(response.statusCode).toBe(200);
    const lines = linesOf(response.headers['x-request-id']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request',
      method: 'GET',
      url: '/healthz?check=1',
      statusCode: 200,
      contentLength: response.rawPayload.length,
    });
    expect(lines[0]?.responseTime).toBeGreaterThanOrEqual(0);
    expect(lines[0]?.userId).toBeUndefined();
    const all = output.map((line) => JSON.parse(line) as LogLine);
    expect(all.filter((line) => line.msg === 'incoming request')).toEqual([]);
    expect(all.filter((line) => line.msg === 'request completed')).toEqual([]);
  });

  it('names the signed-in user and never the session cookie', async () => {
    const user = await createTestUser(test.database, {
      username: 'log-admin',
      role: 'admin',
      organization: '示范区',
    });
    const cookie = await loginCookie(app, user);
    const response = await app.inject({ url: '/api/session', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const lines = linesOf(response.headers['x-request-id']);
    expect(lines).toHaveLength(1);
    const me = await test.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'log-admin')
      .executeTakeFirstOrThrow();
    expect(lines[0]).toMatchObject({ statusCode: 200, userId: me.id, url: '/api/session' });
    const token = cookie.split('=')[1] ?? '';
    expect(token.length).toBeGreaterThan(10);
    expect(output.join('\n')).not.toContain(token);
  });

  it('masks secret-looking query values', async () => {
    const response = await app.inject({ url: '/api/nothing?token=s3cr3t-value&page=2' });
    expect(response.statusCode).toBe(404);
    const lines = linesOf(response.headers['x-request-id']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      statusCode: 404,
      url: '/api/nothing?token=[redacted]&page=2',
    });
    expect(output.join('\n')).not.toContain('s3cr3t-value');
  });

  it('keeps the error line with its stack for a 500, beside the one request line', async () => {
    const response = await app.inject({ url: '/test/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('boom at the test route');
    const lines = linesOf(response.headers['x-request-id']);
    expect(lines).toHaveLength(2);
    const error = lines.find((line) => line.level === 50);
    expect(error?.err?.stack).toContain('boom at the test route');
    expect(lines.filter((line) => line.msg === 'request')).toMatchObject([
      { statusCode: 500, url: '/test/boom' },
    ]);
  });
});

describe('loggedUrl', () => {
  it.each([
    ['/api/ledger', '/api/ledger'],
    ['/api/ledger?q=%E5%A5%87&limit=50', '/api/ledger?q=%E5%A5%87&limit=50'],
    ['/x?password=a&Api_Key=b&flag', '/x?password=[redacted]&Api_Key=[redacted]&flag'],
    ['/x?sessionId=%ZZ&a=1', '/x?sessionId=[redacted]&a=1'],
  ])('%s → %s', (url, logged) => {
    expect(loggedUrl(url)).toBe(logged);
  });
});
