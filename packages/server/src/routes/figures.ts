import {
  deleteFigureBodySchema,
  dismissFindingBodySchema,
  figureParamsSchema,
  findingsQuerySchema,
  findingsViewSchema,
  idParamsSchema,
  planLightRulesSchema,
  saveAssessmentBodySchema,
  saveFigureBodySchema,
  saveLightRulesBodySchema,
  saveMilestonesBodySchema,
  taskDetailQuerySchema,
  taskFiguresSchema,
} from '@duban/core';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getAuth } from '../http/access.ts';
import {
  deleteTaskFigure,
  dismissFinding,
  getFindingsView,
  getLightRules,
  getTaskFigures,
  saveLightRules,
  saveTaskAssessment,
  saveTaskFigure,
  saveTaskMilestones,
} from '../services/figures.service.ts';
import { errorResponses, type RouteDeps } from './deps.ts';

/** The office, or a unit's reporter or head; the service checks the unit is on the task. */
const EDITORS = ['admin', 'reporter', 'unit_head'] as const;

export const figuresRoutes: FastifyPluginCallbackZod<RouteDeps> = (app, { database }, done) => {
  app.get(
    '/api/tasks/:id/figures',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: '任务的目标、实绩、灯色、预测与审核发现',
        tags: ['figures'],
        params: idParamsSchema,
        querystring: taskDetailQuerySchema,
        response: { 200: taskFiguresSchema, ...errorResponses },
      },
    },
    (request) =>
      getTaskFigures(database, getAuth(request).user, request.params.id, request.query.period),
  );

  app.post(
    '/api/tasks/:id/figures',
    {
      config: { access: EDITORS },
      schema: {
        summary: '确认、更正或补充一个数字（目标变更须说明理由并留痕）',
        tags: ['figures'],
        params: idParamsSchema,
        body: saveFigureBodySchema,
        response: { 200: taskFiguresSchema, ...errorResponses },
      },
    },
    (request) => saveTaskFigure(database, getAuth(request).user, request.params.id, request.body),
  );

  app.delete(
    '/api/tasks/:id/figures/:figureId',
    {
      config: { access: EDITORS },
      schema: {
        summary: '删除人工录入的数字（发布后删除目标须说明理由并留痕）',
        tags: ['figures'],
        params: figureParamsSchema,
        body: deleteFigureBodySchema,
        response: { 200: taskFiguresSchema, ...errorResponses },
      },
    },
    (request) =>
      deleteTaskFigure(
        database,
        getAuth(request).user,
        request.params.id,
        request.params.figureId,
        request.body,
      ),
  );

  app.put(
    '/api/tasks/:id/milestones',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '设置任务的季度节点目标（发布后修改须说明理由并留痕）',
        tags: ['figures'],
        params: idParamsSchema,
        body: saveMilestonesBodySchema,
        response: { 200: taskFiguresSchema, ...errorResponses },
      },
    },
    (request) =>
      saveTaskMilestones(database, getAuth(request).user, request.params.id, request.body),
  );

  app.put(
    '/api/tasks/:id/assessment',
    {
      config: { access: EDITORS },
      schema: {
        summary: '督查办或责任单位对任务的研判与全年预测',
        tags: ['figures'],
        params: idParamsSchema,
        body: saveAssessmentBodySchema,
        response: { 200: taskFiguresSchema, ...errorResponses },
      },
    },
    (request) =>
      saveTaskAssessment(database, getAuth(request).user, request.params.id, request.body),
  );

  app.get(
    '/api/findings',
    {
      config: { access: ['admin', 'leader'] },
      schema: {
        summary: '本期审核发现与约谈名单',
        tags: ['figures'],
        querystring: findingsQuerySchema,
        response: { 200: findingsViewSchema, ...errorResponses },
      },
    },
    (request) => getFindingsView(database, getAuth(request).user, request.query),
  );

  app.post(
    '/api/findings/dismissals',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '忽略一条审核发现（须说明理由）',
        tags: ['figures'],
        body: dismissFindingBodySchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await dismissFinding(database, getAuth(request).user, request.body);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/plans/:id/light-rules',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: '年度计划的亮灯规则',
        tags: ['figures'],
        params: idParamsSchema,
        response: { 200: planLightRulesSchema, ...errorResponses },
      },
    },
    (request) => getLightRules(database, getAuth(request).user, request.params.id),
  );

  app.put(
    '/api/plans/:id/light-rules',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '设置年度计划的亮灯规则',
        tags: ['figures'],
        params: idParamsSchema,
        body: saveLightRulesBodySchema,
        response: { 200: planLightRulesSchema, ...errorResponses },
      },
    },
    (request) =>
      saveLightRules(database, getAuth(request).user, request.params.id, request.body.rules),
  );
  done();
};
