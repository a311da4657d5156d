import { afterEach, describe, expect, it, vi } from 'vitest';

import { errorResponse, installFakeServer, jsonResponse } from '../test/fake-server.ts';
import { ApiError, parseRetryAfter, requestJson, requestVoid } from './client.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('requests', () => {
  it('sends the CSRF header and the same-origin cookie on non-GET requests only', async () => {
    const server = installFakeServer({
      override: (request) =>
        request.url.pathname === '/api/echo' ? jsonResponse({ ok: true }) : undefined,
    });
    await requestJson('/api/echo');
    await requestVoid('/api/echo', { method: 'POST', body: { a: 1 } });
    await requestVoid('/api/echo', { method: 'DELETE' });

    const [get, post, del] = server.requests;
    expect(get?.headers.get('x-requested-with')).toBeNull();
    expect(post?.headers.get('x-requested-with')).toBe('duban');
    expect(post?.headers.get('content-type')).toBe('application/json');
    expect(post?.body).toEqual({ a: 1 });
    expect(del?.headers.get('x-requested-with')).toBe('duban');
    expect(server.requests.map((request) => request.credentials)).toEqual([
      'same-origin',
      'same-origin',
      'same-origin',
    ]);
  });

  it('turns an error body into an ApiError with code, message and Retry-After', async () => {
    installFakeServer({
      override: () => errorResponse(429, 'account-locked', '账户已锁定', { 'retry-after': '600' }),
    });
    const error: unknown = await requestJson('/api/session', {
      method: 'POST',
      body: {},
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 429,
      code: 'account-locked',
      message: '账户已锁定',
      retryAfterSeconds: 600,
    });
  });

  it('takes the wait from details.retryAfterSeconds when the header is missing', async () => {
    installFakeServer({
      override: () =>
        jsonResponse(
          {
            error: { code: 'account-locked', message: '锁定', details: { retryAfterSeconds: 300 } },
          },
          429,
        ),
    });
    await expect(requestJson('/api/session')).rejects.toMatchObject({ retryAfterSeconds: 300 });
  });

  it('still gives an ApiError when the error body is not the contract shape', async () => {
    installFakeServer({
      override: () => new Response('<html>Bad Gateway</html>', { status: 502 }),
    });
    await expect(requestJson('/api/ledger')).rejects.toMatchObject({
      status: 502,
      code: 'http',
      message: '',
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:05:00 GMT', now)).toBe(300);
    expect(parseRetryAfter('Mon, 01 Jan 2023 00:05:00 GMT', now)).toBe(0);
  });

  it('is undefined when absent or unreadable', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
