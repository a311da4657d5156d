/**
 * The HTTP contract of notifications (issue 4): a unit's reminders with each user's read state,
 * marking them read, and users' e-mail addresses (reminders are also e-mailed).
 */
import { z } from 'zod';
import { notificationSchema } from './round-api.ts';

/** One notification as its reader sees it; `readAt` is null while unread. */
export const myNotificationSchema = notificationSchema.extend({
  readAt: z.string().nullable(),
});
export type MyNotification = z.infer<typeof myNotificationSchema>;

/** GET /api/notifications: the latest notifications of the caller's unit and how many are unread. */
export const myNotificationsSchema = z.object({
  items: z.array(myNotificationSchema),
  unreadCount: z.number().int().nonnegative(),
});
export type MyNotifications = z.infer<typeof myNotificationsSchema>;

/** An e-mail address: optional on an account; null or '' removes it. */
export const emailSchema = z.email('电子邮箱格式不正确').max(254);

/** PUT /api/users/:id/email */
export const userEmailBodySchema = z.object({
  email: z.union([emailSchema, z.literal(''), z.null()]),
});
export type UserEmailBody = z.infer<typeof userEmailBodySchema>;
