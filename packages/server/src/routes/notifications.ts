import { idParamsSchema, myNotificationsSchema } from '@duban/core';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { getAuth } from '../http/access.ts';
import {
  getMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from '../services/notifications.service.ts';
import { errorResponses, type RouteDeps } from './deps.ts';

const listResponse = { 200: myNotificationsSchema, ...errorResponses };

/** Notifications (提醒): a unit's reminders, read per user (issue 4). */
export const notificationRoutes: FastifyPluginCallbackZod<RouteDeps> = (
  app,
  { database },
  done,
) => {
  app.get(
    '/api/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: '本单位收到的提醒（含我是否已读）与未读数',
        tags: ['notifications'],
        response: listResponse,
      },
    },
    (request) => getMyNotifications(database, getAuth(request).user),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: '把一条提醒标为已读',
        tags: ['notifications'],
        params: idParamsSchema,
        response: listResponse,
      },
    },
    (request) => markNotificationRead(database, getAuth(request).user, request.params.id),
  );

  app.post(
    '/api/notifications/read-all',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: '把本单位的提醒全部标为已读',
        tags: ['notifications'],
        response: listResponse,
      },
    },
    (request) => markAllNotificationsRead(database, getAuth(request).user),
  );
  done();
};
