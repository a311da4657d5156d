import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { CompressibleBody, MIN_COMPRESSED_BYTES } from '../services/compressible-body.ts';
import { encodeForRequest, negotiateCoding, registerJsonCompression } from './compression.ts';

describe('negotiateCoding', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['GZIP', 'gzip'],
    ['gzip;q=0', undefined],
    ['gzip; q=0.0', undefined],
    ['gzip;q=0, br', 'br'],
    ['br;q=0.5, gzip;q=0.9', 'gzip'],
    ['br;q=0.9, gzip;q=0.9', 'br'],
    ['deflate', undefined],
    ['identity', undefined],
    ['*', 'br'],
    ['*;q=0', undefined],
    ['br;q=0, *', 'gzip'],
    ['gzip;q=2', undefined],
    ['gzip;q=abc, br;q=0.1', 'br'],
  ] as const)('%s → %s', (header, coding) => {
    expect(negotiateCoding(header)).toBe(coding);
  });

  it('chooses among the codings offered', () => {
    expect(negotiateCoding('gzip, deflate, br', ['gzip'])).toBe('gzip');
  });
});

describe('CompressibleBody', () => {
  const json = Buffer.from(JSON.stringify({ rows: Array.from({ length: 200 }, () => '进展顺利') }));

  it('compresses once, shares the bytes and reports that it grew', async () => {
    let grown = 0;
    const body = new CompressibleBody(json, () => (grown += 1));
    expect(body.byteLength).toBe(json.length);
    const [first, concurrent] = await Promise.all([body.encode('gzip'), body.encode('gzip')]);
    expect(concurrent).toBe(first);
    expect(await body.encode('gzip')).toBe(first);
    expect(gunzipSync(first).equals(json)).toBe(true);
    expect(grown).toBe(1);
    expect(body.byteLength).toBe(json.length + first.length);
  });

  it('sends a small answer plain even to a client that accepts gzip', async () => {
    const app = fastify();
    const small = new CompressibleBody(Buffer.from('{"ok":true}'));
    const large = new CompressibleBody(json);
    expect(small.plain.length).toBeLessThan(MIN_COMPRESSED_BYTES);
    expect(large.plain.length).toBeGreaterThanOrEqual(MIN_COMPRESSED_BYTES);
    app.get('/small', async (request, reply) =>
      reply.send(await encodeForRequest(request, reply, small)),
    );
    app.get('/large', async (request, reply) =>
      reply.send(await encodeForRequest(request, reply, large)),
    );
    const headers = { 'accept-encoding': 'gzip' };
    const plain = await app.inject({ url: '/small', headers });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body).toBe('{"ok":true}');
    const zipped = await app.inject({ url: '/large', headers });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    await app.close();
  });
});

describe('compression on the fly', () => {
  const rows = Array.from({ length: 300 }, (_, i) => ({ no: i, text: `第${i}项任务进展顺利` }));
  const xlsx = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));

  async function buildApp() {
    const app = fastify();
    registerJsonCompression(app);
    app.get('/json', () => ({ rows }));
    app.get('/small', () => ({ ok: true }));
    app.get('/xlsx', (_request, reply) =>
      reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(xlsx),
    );
    // An answer compressed already (as the cached ledger's): not compressed twice.
    const zipped = gzipSync(JSON.stringify({ rows }));
    app.get('/zipped', (_request, reply) =>
      reply.type('application/json').header('content-encoding', 'gzip').send(zipped),
    );
    await app.ready();
    return app;
  }

  it('compresses a large JSON answer for a client that accepts it, and only then', async () => {
    const app = await buildApp();
    const plain = await app.inject({ url: '/json' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.json()).toEqual({ rows });
    const br = await app.inject({
      url: '/json',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);
    const gzip = await app.inject({ url: '/json', headers: { 'accept-encoding': 'gzip' } });
    expect(gunzipSync(gzip.rawPayload).equals(plain.rawPayload)).toBe(true);
    const refused = await app.inject({ url: '/json', headers: { 'accept-encoding': 'gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    await app.close();
  });

  it('leaves small answers, files and compressed answers alone', async () => {
    const app = await buildApp();
    const headers = { 'accept-encoding': 'gzip, deflate, br' };
    const small = await app.inject({ url: '/small', headers });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toEqual({ ok: true });
    const file = await app.inject({ url: '/xlsx', headers });
    expect(file.headers['content-encoding']).toBeUndefined();
    expect(file.rawPayload.equals(xlsx)).toBe(true);
    const zipped = await app.inject({ url: '/zipped', headers });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual({ rows });
    await app.close();
  });
});
