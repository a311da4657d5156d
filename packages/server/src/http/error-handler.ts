import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors.ts';
import { isDatabaseUnavailable } from './database-errors.ts';
import { RequestValidationError } from './validation.ts';

function send(
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  details?: unknown,
): FastifyReply {
  return reply
    .code(ERROR_STATUS[code])
    .send({ error: details === undefined ? { code, message } : { code, message, details } });
}

/** Fastify's own client errors (malformed JSON, too large a body…) in our catalogue. */
const CLIENT_ERRORS: Partial<Record<number, { code: ErrorCode; message: string }>> = {
  400: { code: 'invalid-request', message: '请求格式有误' },
  403: { code: 'forbidden', message: '不允许访问' },
  404: { code: 'not-found', message: '没有找到' },
  413: { code: 'payload-too-large', message: '请求内容过大' },
  415: { code: 'unsupported-media-type', message: '不支持的请求内容类型' },
};

function retryAfterOf(details: unknown): number | undefined {
  if (typeof details !== 'object' || details === null || !('retryAfterSeconds' in details)) {
    return undefined;
  }
  return typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : undefined;
}

/**
 * The one error handler: every error leaves as `{ error: { code, message, details } }`.
 * Anything unexpected is logged and answered with `internal`, without its message or stack.
 */
export function handleError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof AppError) {
    const retryAfter = retryAfterOf(error.details);
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    // An expected state (not ready, schema too new), not a bug: worth a warning, not an error.
    if (error.status >= 500) request.log.warn({ code: error.code }, error.message);
    return send(reply, error.code, error.message, error.details);
  }
  if (error instanceof RequestValidationError) {
    const issues = error.describeIssues();
    const first = issues[0];
    // The first issue, where and what ("body.label 期次格式应为 2023Q2"); the code says it is a
    // bad request, and the web adds its own "请求有误：" in front.
    const message = first === undefined ? '请求参数有误' : `${first.path} ${first.message}`;
    return send(reply, 'invalid-request', message, issues);
  }
  const status = 'statusCode' in error ? error.statusCode : undefined;
  if (status !== undefined && status >= 400 && status < 500) {
    const known = CLIENT_ERRORS[status] ?? CLIENT_ERRORS[400];
    if (known !== undefined) return send(reply, known.code, known.message);
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    void reply.header('retry-after', '5');
    return send(reply, 'database-unavailable', '数据库暂时无法访问，本次操作没有完成，请稍后重试');
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(reply, 'internal', '服务器内部错误，请稍后再试');
}
