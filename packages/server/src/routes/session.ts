import { changePasswordBodySchema, loginBodySchema, userSchema } from '@duban/core';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getAuth } from '../http/access.ts';
import { clearSessionCookie, setSessionCookie } from '../http/session-cookie.ts';
import {
  changePassword,
  login,
  logout,
  pruneSessions,
  toUserDto,
} from '../services/session.service.ts';
import { errorResponses, type RouteDeps } from './deps.ts';

const noContent = { 204: z.null().describe('No content'), ...errorResponses };

export const sessionRoutes: FastifyPluginCallbackZod<RouteDeps> = (
  app,
  { database, config },
  done,
) => {
  app.post(
    '/api/session',
    {
      config: { access: 'public' },
      schema: {
        summary: '登录',
        tags: ['session'],
        body: loginBodySchema,
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await pruneSessions(database, config.sessionIdleMinutes);
      const result = await login(database, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      // A login replaces whatever session the browser had.
      if (request.auth !== null) await logout(database, request.auth);
      setSessionCookie(request, reply, result.token, result.expiresAt);
      return toUserDto(result.user);
    },
  );

  app.delete(
    '/api/session',
    {
      config: { access: 'public' },
      schema: { summary: '退出登录', tags: ['session'], response: noContent },
    },
    async (request, reply) => {
      if (request.auth !== null) await logout(database, request.auth);
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/session',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: '当前用户',
        tags: ['session'],
        response: { 200: userSchema, ...errorResponses },
      },
    },
    (request) => toUserDto(getAuth(request).user),
  );

  app.post(
    '/api/session/password',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: '修改密码',
        tags: ['session'],
        body: changePasswordBodySchema,
        response: noContent,
      },
    },
    async (request, reply) => {
      await changePassword(database, getAuth(request), request.body);
      return reply.code(204).send(null);
    },
  );
  done();
};
