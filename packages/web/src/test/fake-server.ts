import type { User } from '@duban/core';
import { vi } from 'vitest';

import { buildLedgerView, buildTaskDetail, SEED_PLAN } from './ledger-fixture.ts';

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  body: unknown;
}

type Handler = (request: RecordedRequest) => Response | undefined;

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  return jsonResponse({ error: { code, message } }, status, headers);
}

/**
 * A stand-in for the server behind `fetch`: the contract's routes over the seed fixture, a
 * session that login/logout change, every request recorded. `override` runs first, so a test
 * can answer one route differently (a 401, a lockout …).
 */
export function installFakeServer(options: { user?: User | null; override?: Handler } = {}) {
  let session: User | null = options.user ?? null;
  const requests: RecordedRequest[] = [];

  const route = (request: RecordedRequest): Response => {
    const overridden = options.override?.(request);
    if (overridden) return overridden;
    const { method, url } = request;
    const path = url.pathname;
    if (path === '/api/session' && method === 'GET') {
      return session ? jsonResponse(session) : errorResponse(401, 'unauthenticated', '未登录');
    }
    if (path === '/api/session' && method === 'DELETE') {
      session = null;
      return new Response(null, { status: 204 });
    }
    if (!session) return errorResponse(401, 'unauthenticated', '未登录');
    if (path === '/api/plans') return jsonResponse([SEED_PLAN]);
    if (path === '/api/ledger') return jsonResponse(buildLedgerView(url.searchParams));
    const taskMatch = /^\/api\/tasks\/(\d+)$/.exec(path);
    if (taskMatch) {
      const detail = buildTaskDetail(Number(taskMatch[1]));
      return detail ? jsonResponse(detail) : errorResponse(404, 'not-found', '任务不存在');
    }
    return errorResponse(404, 'not-found', `no route ${method} ${path}`);
  };

  const fetchMock = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost');
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      url,
      headers: new Headers(init.headers),
      credentials: init.credentials,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    return Promise.resolve(route(request));
  });
  vi.stubGlobal('fetch', fetchMock);

  return {
    requests,
    fetchMock,
    setSession(user: User | null) {
      session = user;
    },
    /** The requests to one path, in order. */
    requestsTo(path: string) {
      return requests.filter((request) => request.url.pathname === path);
    },
  };
}
