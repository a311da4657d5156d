import {
  boardSchema,
  idParamsSchema,
  openPeriodBodySchema,
  periodLabelParamsSchema,
  publishBodySchema,
  remindBodySchema,
  roundEntrySchema,
  roundPeriodSchema,
  roundListQuerySchema,
  roundPageSchema,
  roundQuerySchema,
  roundTaskSchema,
  saveProgressBodySchema,
  transitionBodySchema,
  versionHistorySchema,
} from '@duban/core';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getAuth } from '../http/access.ts';
import {
  getBoard,
  getRoundPage,
  getRoundTask,
  listTaskVersionDtos,
  openPeriod,
  publishPeriod,
  remindUnit,
  saveProgress,
  transitionEntry,
} from '../services/round.service.ts';
import { checkRemindersNow, getNotificationJobs } from '../services/notification-jobs.ts';
import { errorResponses, type RouteDeps } from './deps.ts';

const noContent = { 204: z.null().describe('No content'), ...errorResponses };

/**
 * The reporting round (填报). The access rule is the first gate (who may call at all); which
 * step a caller may take on which entry is core's state machine, applied by the service.
 */
export const roundRoutes: FastifyPluginCallbackZod<RouteDeps> = (app, { database }, done) => {
  app.post(
    '/api/periods',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '发起一期填报（期次与截止日期）',
        tags: ['round'],
        body: openPeriodBodySchema,
        response: { 201: roundPeriodSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const period = await openPeriod(database, getAuth(request).user, request.body);
      // Committed: a due date inside the reminder window reminds now, not at the next interval.
      void checkRemindersNow(app);
      return reply.code(201).send(period);
    },
  );

  app.post(
    '/api/periods/:label/publish',
    {
      config: { access: ['admin'] },
      schema: {
        summary:
          '发布本期（发布后锁定）；有任务未经督查室采纳时返回 409 publish-blocked，须写明 overrideReason 才能强制发布',
        tags: ['round'],
        params: periodLabelParamsSchema,
        body: publishBodySchema,
        response: { 200: roundPeriodSchema, ...errorResponses },
      },
    },
    (request) => publishPeriod(database, getAuth(request).user, request.params.label, request.body),
  );

  app.get(
    '/api/round',
    {
      config: { access: 'authenticated' },
      schema: {
        summary:
          '本期填报：我的任务（单位用户）或全部任务，分页（limit 1–200，默认 50），按待我处理/已批示、状态、单位、部分、序号或文字筛选；附筛选后总数与各标签数量',
        tags: ['round'],
        querystring: roundListQuerySchema,
        response: { 200: roundPageSchema, ...errorResponses },
      },
    },
    (request) => getRoundPage(database, getAuth(request).user, request.query),
  );

  app.get(
    '/api/round/tasks/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: '一项任务本期的各单位进展',
        tags: ['round'],
        params: idParamsSchema,
        querystring: roundQuerySchema,
        response: { 200: roundTaskSchema, ...errorResponses },
      },
    },
    (request) =>
      getRoundTask(database, getAuth(request).user, request.params.id, request.query.period),
  );

  app.put(
    '/api/round/tasks/:id/progress',
    {
      config: { access: ['reporter'] },
      schema: {
        summary: '保存进展草稿（基于版本号；版本过期返回 409 stale-version 及两段文字）',
        tags: ['round'],
        params: idParamsSchema,
        body: saveProgressBodySchema,
        response: { 200: roundEntrySchema, ...errorResponses },
      },
    },
    (request) => saveProgress(database, getAuth(request).user, request.params.id, request.body),
  );

  app.post(
    '/api/round/tasks/:id/transitions',
    {
      config: { access: ['reporter', 'unit_head', 'admin'] },
      schema: {
        summary: '报送、审核、采纳、退回或重新打开',
        tags: ['round'],
        params: idParamsSchema,
        body: transitionBodySchema,
        response: { 200: roundEntrySchema, ...errorResponses },
      },
    },
    (request) => transitionEntry(database, getAuth(request).user, request.params.id, request.body),
  );

  app.get(
    '/api/round/tasks/:id/versions',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: '任务各期各版本进展（时间线与比较）',
        tags: ['round'],
        params: idParamsSchema,
        response: { 200: versionHistorySchema, ...errorResponses },
      },
    },
    (request) => listTaskVersionDtos(database, getAuth(request).user, request.params.id),
  );

  app.get(
    '/api/round/board',
    {
      config: { access: ['admin', 'leader'] },
      schema: {
        summary: '催办看板：各单位各状态数量',
        tags: ['round'],
        querystring: roundQuerySchema,
        response: { 200: boardSchema, ...errorResponses },
      },
    },
    (request) => getBoard(database, getAuth(request).user, request.query.period),
  );

  app.post(
    '/api/round/reminders',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '催办：向一个单位发送站内提醒（有邮箱的用户同时收到邮件）',
        tags: ['round'],
        body: remindBodySchema,
        response: noContent,
      },
    },
    async (request, reply) => {
      await remindUnit(database, getAuth(request).user, request.body);
      // The e-mails were queued in the reminder's transaction; send them without waiting.
      getNotificationJobs(app).outbox?.kick();
      return reply.code(204).send(null);
    },
  );

  done();
};
