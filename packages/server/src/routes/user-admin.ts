import {
  adminUserSchema,
  createUserBodySchema,
  idParamsSchema,
  initialPasswordSchema,
  userEmailBodySchema,
} from '@duban/core';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getAuth } from '../http/access.ts';
import {
  createAdminUser,
  disableAdminUser,
  listAdminUsers,
  resetAdminUserPassword,
  setAdminUserEmail,
} from '../services/user-admin.service.ts';
import { errorResponses, type RouteDeps } from './deps.ts';

/** Account administration: the office (admin) only. */
export const userAdminRoutes: FastifyPluginCallbackZod<RouteDeps> = (app, { database }, done) => {
  app.get(
    '/api/users',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '本组织的用户',
        tags: ['users'],
        response: { 200: z.array(adminUserSchema), ...errorResponses },
      },
    },
    (request) => listAdminUsers(database, getAuth(request).user),
  );

  app.post(
    '/api/users',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '新建用户（初始密码只显示这一次）',
        tags: ['users'],
        body: createUserBodySchema,
        response: { 201: initialPasswordSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createAdminUser(database, getAuth(request).user, request.body);
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/api/users/:id/password-reset',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '重置密码（新的初始密码只显示这一次，下次登录须修改）',
        tags: ['users'],
        params: idParamsSchema,
        response: { 200: initialPasswordSchema, ...errorResponses },
      },
    },
    (request) => resetAdminUserPassword(database, getAuth(request).user, request.params.id),
  );

  app.post(
    '/api/users/:id/disable',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '停用用户',
        tags: ['users'],
        params: idParamsSchema,
        response: { 200: adminUserSchema, ...errorResponses },
      },
    },
    (request) => disableAdminUser(database, getAuth(request).user, request.params.id),
  );

  app.put(
    '/api/users/:id/email',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '设置或清除用户的电子邮箱（催办提醒会发到这里）',
        tags: ['users'],
        params: idParamsSchema,
        body: userEmailBodySchema,
        response: { 200: adminUserSchema, ...errorResponses },
      },
    },
    (request) =>
      setAdminUserEmail(database, getAuth(request).user, request.params.id, request.body),
  );
  done();
};
