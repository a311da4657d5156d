import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What a proxy may hand us as an id: short and plain, so it cannot forge log lines. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id of a request in every log line about it: the load balancer's `X-Request-Id` when it
 * sent a plain one (so its logs and ours join), otherwise a new UUID.
 */
export function generateRequestId(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
}

/** Echoes the id on every response, errors included, so a user can quote it to the office. */
export function registerRequestIdEcho(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
