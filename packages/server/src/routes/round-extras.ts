import {
  createExtensionBodySchema,
  createInstructionBodySchema,
  decideExtensionBodySchema,
  extensionQuerySchema,
  extensionRequestSchema,
  idParamsSchema,
  instructionQuerySchema,
  instructionSchema,
  roundQuerySchema,
  timelinessSchema,
} from '@duban/core';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getAuth } from '../http/access.ts';
import {
  acknowledgeInstruction,
  createInstruction,
  decideExtensionRequest,
  getTimeliness,
  listExtensionDtos,
  listInstructionDtos,
  requestExtension,
} from '../services/round-extras.service.ts';
import { checkRemindersNow } from '../services/notification-jobs.ts';
import { errorResponses, type RouteDeps } from './deps.ts';

/**
 * 延期, 批示 and timeliness (issue 4). The access rule is the first gate; the service checks
 * that the caller's unit serves the task and that the request is still open.
 */
export const roundExtrasRoutes: FastifyPluginCallbackZod<RouteDeps> = (app, { database }, done) => {
  app.post(
    '/api/round/tasks/:id/extensions',
    {
      config: { access: ['reporter', 'unit_head'] },
      schema: {
        summary: '申请延期（本单位、本期、一项任务；同时只能有一条待审批）',
        tags: ['round'],
        params: idParamsSchema,
        body: createExtensionBodySchema,
        response: { 201: extensionRequestSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await requestExtension(
        database,
        getAuth(request).user,
        request.params.id,
        request.body,
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/round/extensions',
    {
      config: { access: ['admin', 'leader', 'reporter', 'unit_head'] },
      schema: {
        summary: '延期申请：单位看本单位的，督查室和领导看全部',
        tags: ['round'],
        querystring: extensionQuerySchema,
        response: { 200: z.array(extensionRequestSchema), ...errorResponses },
      },
    },
    (request) => listExtensionDtos(database, getAuth(request).user, request.query),
  );

  app.post(
    '/api/round/extensions/:id/decision',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '督查室同意（可改日期）或不同意（须写理由）延期',
        tags: ['round'],
        params: idParamsSchema,
        body: decideExtensionBodySchema,
        response: { 200: extensionRequestSchema, ...errorResponses },
      },
    },
    async (request) => {
      const decided = await decideExtensionRequest(
        database,
        getAuth(request).user,
        request.params.id,
        request.body,
      );
      // Committed: a granted date inside the reminder window reminds now (a new date earns its
      // own reminders), not at the next interval.
      if (decided.state === 'granted') void checkRemindersNow(app);
      return decided;
    },
  );

  app.post(
    '/api/round/tasks/:id/instructions',
    {
      config: { access: ['leader', 'admin'] },
      schema: {
        summary: '领导批示（任务的各责任单位须确认已阅）',
        tags: ['round'],
        params: idParamsSchema,
        body: createInstructionBodySchema,
        response: { 201: instructionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createInstruction(
        database,
        getAuth(request).user,
        request.params.id,
        request.body,
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/round/instructions',
    {
      config: { access: ['admin', 'leader', 'reporter', 'unit_head'] },
      schema: {
        summary: '本期批示及各单位确认情况',
        tags: ['round'],
        querystring: instructionQuerySchema,
        response: { 200: z.array(instructionSchema), ...errorResponses },
      },
    },
    (request) => listInstructionDtos(database, getAuth(request).user, request.query),
  );

  app.post(
    '/api/round/instructions/:id/acknowledgement',
    {
      config: { access: ['reporter', 'unit_head'] },
      schema: {
        summary: '单位确认已阅批示',
        tags: ['round'],
        params: idParamsSchema,
        response: { 200: instructionSchema, ...errorResponses },
      },
    },
    (request) => acknowledgeInstruction(database, getAuth(request).user, request.params.id),
  );

  app.get(
    '/api/round/timeliness',
    {
      config: { access: ['admin', 'leader'] },
      schema: {
        summary: '各单位本期报送及时情况（按时、逾期天数、退回次数）',
        tags: ['round'],
        querystring: roundQuerySchema,
        response: { 200: timelinessSchema, ...errorResponses },
      },
    },
    (request) => getTimeliness(database, getAuth(request).user, request.query.period),
  );
  done();
};
