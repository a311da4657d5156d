import { dashboardQuerySchema, dashboardSchema } from '@duban/core';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { getAuth } from '../http/access.ts';
import { getDashboard } from '../services/dashboard.service.ts';
import { errorResponses, type RouteDeps } from './deps.ts';

export const dashboardRoutes: FastifyPluginCallbackZod<RouteDeps> = (app, { database }, done) => {
  app.get(
    '/api/dashboard',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: '仪表盘：按灯号、部分、牵头单位统计，趋势、滞后任务与发现的问题',
        tags: ['dashboard'],
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema, ...errorResponses },
      },
    },
    (request) => getDashboard(database, getAuth(request).user, request.query),
  );
  done();
};
