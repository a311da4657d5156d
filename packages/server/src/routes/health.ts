import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inspectSchema } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import { errorResponses, type RouteDeps } from './deps.ts';

const statusSchema = z.object({ status: z.string() });

/** Liveness and readiness, for a load balancer or an orchestrator. */
export const healthRoutes: FastifyPluginCallbackZod<RouteDeps> = (app, { database }, done) => {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: { summary: '进程存活', tags: ['health'], response: { 200: statusSchema } },
    },
    () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        summary: '数据库可用且结构为最新',
        tags: ['health'],
        response: { 200: statusSchema, ...errorResponses },
      },
    },
    async (request) => {
      let schema: Awaited<ReturnType<typeof inspectSchema>>;
      try {
        schema = await inspectSchema(database);
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: database unreachable');
        throw new AppError('not-ready', '数据库无法访问');
      }
      if (schema.state !== 'current') {
        throw new AppError('not-ready', '数据库结构不是最新', schema);
      }
      return { status: 'ready' };
    },
  );
  done();
};
