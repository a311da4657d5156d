import {
  idParamsSchema,
  ledgerQuerySchema,
  ledgerViewSchema,
  planSchema,
  type LedgerView,
  taskDetailQuerySchema,
  taskDetailSchema,
  unitRefSchema,
} from '@duban/core';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getAuth } from '../http/access.ts';
import { encodeForRequest } from '../http/compression.ts';
import {
  getCachedLedgerView,
  getTaskDetail,
  listPlanDtos,
  listUnitDtos,
} from '../services/ledger.service.ts';
import { getLedgerViewByReporting } from '../services/ledger-reported.service.ts';
import { errorResponses, type RouteDeps } from './deps.ts';

export const ledgerRoutes: FastifyPluginCallbackZod<RouteDeps> = (app, { database }, done) => {
  app.get(
    '/api/plans',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: '年度计划及其期次',
        tags: ['ledger'],
        response: { 200: z.array(planSchema), ...errorResponses },
      },
    },
    (request) => listPlanDtos(database, getAuth(request).user),
  );

  app.get(
    '/api/ledger',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: '台账（可按部分、单位、关键词筛选）',
        tags: ['ledger'],
        querystring: ledgerQuerySchema,
        response: { 200: ledgerViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { user } = getAuth(request);
      const { reported } = request.query;
      if (reported !== undefined) {
        return getLedgerViewByReporting(database, user, request.query, reported);
      }
      // Issue 7: the view's JSON bytes, encoded by ledgerViewSchema once per data version and
      // sent as they are (fastify neither serialises nor re-encodes a Buffer), compressed once
      // per data version too when the client accepts it.
      const body = await getCachedLedgerView(database, user, request.query);
      const bytes = await encodeForRequest(request, reply, body);
      // The route's typed answer is the view; these are its bytes, already encoded by its schema.
      return reply.type('application/json; charset=utf-8').send(bytes as unknown as LedgerView);
    },
  );

  app.get(
    '/api/tasks/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: '任务详情与进展历史',
        tags: ['ledger'],
        params: idParamsSchema,
        querystring: taskDetailQuerySchema,
        response: { 200: taskDetailSchema, ...errorResponses },
      },
    },
    (request) =>
      getTaskDetail(database, getAuth(request).user, request.params.id, request.query.period),
  );

  app.get(
    '/api/units',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: '单位',
        tags: ['ledger'],
        response: { 200: z.array(unitRefSchema), ...errorResponses },
      },
    },
    (request) => listUnitDtos(database, getAuth(request).user),
  );
  done();
};
