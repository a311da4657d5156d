import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * Query parameters whose values never reach the log. No route takes a secret in its URL (the
 * session is a cookie), but a client may send one by mistake, and logs outlive it.
 */
const SECRET_PARAM = /token|password|secret|session|key/i;

/** The request's path and query as logged: values of secret-looking parameters masked. */
export function loggedUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const params = url.slice(mark + 1).split('&');
  const masked = params.map((param) => {
    const equals = param.indexOf('=');
    const name = equals === -1 ? param : param.slice(0, equals);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // A malformed escape: judge the name as sent.
    }
    return equals !== -1 && SECRET_PARAM.test(decoded) ? `${name}=[redacted]` : param;
  });
  return `${url.slice(0, mark)}?${masked.join('&')}`;
}

/**
 * One log line per request, when its answer has been sent, instead of fastify's two ("incoming
 * request" and "request completed"): the request id (pino's `reqId`, bound to the request's
 * logger), method, path and query, status, time taken in ms, the user when signed in and the
 * bytes of the body. An unexpected error keeps its own line with the stack, written by the
 * error handler; a response that failed on the socket logs its line at `error` with the cause.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {
    // Nothing until the answer is sent.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const length = reply.getHeader('content-length');
    const line = {
      method: request.method,
      url: loggedUrl(request.url),
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 100) / 100,
      userId: request.auth?.user.id,
      contentLength: length === undefined ? undefined : Number(length),
    };
    if (error) request.log.error({ ...line, err: error }, 'request');
    else request.log.info(line, 'request');
  }
}
