import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const CSRF_HEADER = 'x-requested-with';
const CSRF_HEADER_VALUE = 'duban';

/**
 * Refuses a state-changing API request that a page on another site could have sent: it must
 * carry `x-requested-with: duban` (a custom header needs a CORS preflight, which this server
 * never grants) and, when the browser names an Origin, that origin must be this host.
 */
export function checkCsrf(request: FastifyRequest): void {
  if (!STATE_CHANGING.has(request.method) || !request.url.startsWith('/api/')) return;
  if (request.headers[CSRF_HEADER] !== CSRF_HEADER_VALUE) {
    throw new AppError('csrf', `请求缺少 ${CSRF_HEADER} 头，已拒绝`);
  }
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  if (originHost !== request.host) {
    throw new AppError('csrf', '请求来自其他网站，已拒绝');
  }
}
