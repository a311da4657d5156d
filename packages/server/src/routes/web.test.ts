import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../test/app.ts';
import { createTestDatabase, type TestDatabase } from '../test/database.ts';

/** A bundle large enough to be worth compressing, as the web build's plugin would. */
const SCRIPT = `export const rows = [${Array.from({ length: 400 }, (_, i) => `"督办任务${i}"`).join(',')}];\n`;
const PAGE =
  '<!doctype html><title>督办</title><script type="module" src="/assets/app-1a2b.js"></script>';

describe('the built web app', () => {
  let test: TestDatabase;
  let webRoot: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    test = await createTestDatabase('sqlite');
    webRoot = mkdtempSync(join(tmpdir(), 'duban-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), PAGE);
    writeFileSync(join(webRoot, 'index.html.gz'), gzipSync(PAGE));
    writeFileSync(join(webRoot, 'assets', 'app-1a2b.js'), SCRIPT);
    writeFileSync(join(webRoot, 'assets', 'app-1a2b.js.gz'), gzipSync(SCRIPT));
    writeFileSync(join(webRoot, 'assets', 'app-1a2b.js.br'), brotliCompressSync(SCRIPT));
    // A file the build left plain (too small): served plain to anyone.
    writeFileSync(join(webRoot, 'assets', 'tiny-9f9f.js'), 'console.log(1)');
    app = await buildTestApp(test.database, { webRoot });
  });
  afterAll(async () => {
    await app.close();
    await test.destroy();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('sends the precompressed asset to a client that accepts gzip, typed as JavaScript', async () => {
    const response = await app.inject({
      url: '/assets/app-1a2b.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['content-type']).toMatch(/^(?:text|application)\/javascript/);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.rawPayload.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 2);
    expect(gunzipSync(response.rawPayload).toString('utf8')).toBe(SCRIPT);
  });

  it('prefers the brotli file from a browser, and the plain file without the header', async () => {
    const browser = await app.inject({
      url: '/assets/app-1a2b.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(browser.headers['content-encoding']).toBe('br');
    const plain = await app.inject({ url: '/assets/app-1a2b.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    const refused = await app.inject({
      url: '/assets/app-1a2b.js',
      headers: { 'accept-encoding': 'gzip;q=0, br;q=0' },
    });
    expect(refused.headers['content-encoding']).toBeUndefined();
    const tiny = await app.inject({
      url: '/assets/tiny-9f9f.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(tiny.statusCode).toBe(200);
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body).toBe('console.log(1)');
  });

  it('keeps index.html uncached, compressed or not, for the SPA routes too', async () => {
    for (const url of ['/', '/ledger/1', '/index.html']) {
      const response = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.headers['content-encoding'], url).toBe('gzip');
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(gunzipSync(response.rawPayload).toString('utf8'), url).toBe(PAGE);
    }
  });
});
