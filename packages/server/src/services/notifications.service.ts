/**
 * Notifications (issue 4). A reminder goes to a unit: every user of the unit sees it in the app
 * (each with their own read state), and each user with an e-mail address gets it by e-mail. The
 * e-mails are queued in the outbox in the reminder's own transaction and sent after it commits
 * (services/mail-outbox.service.ts), so a request never waits for, or fails because of, SMTP.
 */
import type { MyNotifications } from '@duban/core';
import type { Database } from '../db/dialect.ts';
import { nowIso, type Db, type Timestamp } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { listGrantedDueDates } from '../repos/round-extras.repo.ts';
import {
  countUnread,
  findPeriodForNotice,
  findUnitNotification,
  insertAllReads,
  insertDeliveries,
  insertRead,
  insertUnitNotification,
  listUnitEmailRecipients,
  listUnsubmittedSlots,
  listUserNotifications,
  type UnsubmittedSlot,
} from '../repos/notifications.repo.ts';
import type { UserRecord } from '../repos/users.repo.ts';

type Actor = Pick<UserRecord, 'id' | 'orgId' | 'unitId'>;

/** How many notifications the bell lists. */
const LIST_LIMIT = 30;
/** Tasks listed in one e-mail; the rest are counted. */
const MAIL_TASK_LIMIT = 30;

export interface UnitNotice {
  orgId: number;
  unitId: number;
  periodId: number | null;
  kind: string;
  message: string;
  /** Null for the automatic reminders. */
  createdBy: number | null;
  /** An automatic reminder's due date and tasks; without it, the period's date and every task owed. */
  scope?: ReminderScope;
}

/**
 * What one automatic reminder is about: one due date (the period's, or one granted by 延期) and
 * the unit's tasks still owed on it. Its e-mail names that date and lists only those tasks.
 */
export interface ReminderScope {
  dueDate: string;
  /** True when the date was granted by 延期 rather than the period's own. */
  extended: boolean;
  taskIds: readonly number[];
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // Code points are enough here: task texts are Chinese prose, not emoji sequences.
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, max).join('')}…`;
}

/** An owed task with the date the unit owes it by when a 延期 moved it (null: the period's). */
export type OwedTask = UnsubmittedSlot & { grantedDate: string | null };

/**
 * The tasks a unit still owes in a period (missing, draft or returned), each with its granted
 * 延期 date if any: what a manual reminder names.
 */
export async function listOwedTasks(
  db: Db,
  period: { orgId: number; id: number; planId: number },
  unitId: number,
): Promise<OwedTask[]> {
  const granted = new Map(
    (await listGrantedDueDates(db, period.orgId, period.id))
      .filter((grant) => grant.unitId === unitId)
      .map((grant) => [grant.taskId, grant.dueDate]),
  );
  return (await listUnsubmittedSlots(db, period, unitId)).map((slot) => ({
    ...slot,
    grantedDate: granted.get(slot.taskId) ?? null,
  }));
}

/**
 * A manual reminder's default text. Tasks granted a 延期 are named with their own date, so a
 * unit is not told a date that no longer binds it: `（截止 2023-10-10：第 1 项；经批准延期至
 * 2023-10-20：第 2 项）`. With no granted date among the owed tasks, the period's date alone.
 */
export function manualReminderMessage(
  period: { label: string; dueDate: string | null },
  owed: readonly Pick<OwedTask, 'taskNo' | 'grantedDate'>[],
): string {
  const periodDue = period.dueDate ?? '—';
  const extended = owed.filter((task) => task.grantedDate !== null);
  if (extended.length === 0) {
    return `请尽快完成 ${period.label} 期重点工作进展填报（截止 ${periodDue}）`;
  }
  const byDate = new Map<string, string[]>();
  for (const task of extended) {
    const date = task.grantedDate ?? periodDue;
    byDate.set(date, [...(byDate.get(date) ?? []), task.taskNo]);
  }
  const onPeriodDate = owed.filter((task) => task.grantedDate === null).map((task) => task.taskNo);
  const parts = [
    ...(onPeriodDate.length === 0 ? [] : [`截止 ${periodDue}：第 ${onPeriodDate.join('、')} 项`]),
    ...[...byDate.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, nos]) => `经批准延期至 ${date}：第 ${nos.join('、')} 项`),
  ];
  return `请尽快完成 ${period.label} 期重点工作进展填报（${parts.join('；')}）`;
}

/**
 * The e-mail of a reminder: the period, the due date (the reminder's own when it has a scope)
 * and the unit's tasks not yet submitted, each granted a 延期 named with its own date.
 */
export function composeReminderMail(input: {
  unitName: string;
  message: string;
  period: { label: string; title: string; dueDate: string | null } | undefined;
  tasks: readonly (Pick<UnsubmittedSlot, 'taskNo' | 'taskText'> & {
    grantedDate?: string | null;
  })[];
  scope?: Pick<ReminderScope, 'dueDate' | 'extended'> | undefined;
}): { subject: string; body: string } {
  const { period, tasks } = input;
  // Without a scope (a manual reminder) every owed task granted the same date: that date binds.
  const sharedGrant = tasks[0]?.grantedDate;
  const scope =
    input.scope ??
    (typeof sharedGrant === 'string' && tasks.every((task) => task.grantedDate === sharedGrant)
      ? { dueDate: sharedGrant, extended: true }
      : undefined);
  const due = scope?.dueDate ?? period?.dueDate ?? '—';
  const dueLine =
    scope?.extended === true
      ? `截止日期：${due}（经批准延期；本期截止日期 ${period?.dueDate ?? '—'}）`
      : `截止日期：${due}`;
  const subject =
    period === undefined
      ? `【督办】${input.unitName}：${shorten(input.message, 40)}`
      : `【督办】${period.label} 期重点工作进展填报提醒（截止 ${due}）`;
  const lines = [`${input.unitName}：`, '', input.message, ''];
  if (period !== undefined) {
    lines.push(`期次：${period.label}（${period.title}）`, dueLine, '');
  }
  if (tasks.length > 0) {
    lines.push(`本单位尚未报送的任务（${tasks.length} 项）：`);
    for (const task of tasks.slice(0, MAIL_TASK_LIMIT)) {
      const own =
        typeof task.grantedDate === 'string' && task.grantedDate !== due
          ? `（经批准延期至 ${task.grantedDate}）`
          : '';
      lines.push(`  ${task.taskNo}. ${shorten(task.taskText, 60)}${own}`);
    }
    if (tasks.length > MAIL_TASK_LIMIT) lines.push(`  ……另有 ${tasks.length - MAIL_TASK_LIMIT} 项`);
    lines.push('');
  }
  lines.push('请登录督办系统填写并报送。', '', '（此邮件由督办系统自动发送，请勿直接回复。）');
  return { subject, body: lines.join('\n') };
}

/**
 * Notifies a unit inside the caller's transaction: the in-app notification, and one outbox
 * e-mail per user of the unit with an address. Returns the notification's id. The caller kicks
 * the outbox after commit (or the outbox finds the e-mails on its next round).
 */
export async function notifyUnit(db: Db, notice: UnitNotice, now: Timestamp): Promise<number> {
  const notificationId = await insertUnitNotification(db, notice, now);
  const recipients = await listUnitEmailRecipients(db, notice.orgId, notice.unitId);
  if (recipients.length === 0) return notificationId;
  const unit = await db
    .selectFrom('units')
    .select('name')
    .where('id', '=', notice.unitId)
    .executeTakeFirstOrThrow();
  const period =
    notice.periodId === null
      ? undefined
      : await findPeriodForNotice(db, notice.orgId, notice.periodId);
  const { scope } = notice;
  // A scoped (automatic) reminder is about one date; a manual one names each task's own date.
  const tasks =
    period === undefined
      ? []
      : scope === undefined
        ? await listOwedTasks(db, period, notice.unitId)
        : (await listUnsubmittedSlots(db, period, notice.unitId)).filter((slot) =>
            scope.taskIds.includes(slot.taskId),
          );
  const mail = composeReminderMail({
    unitName: unit.name,
    message: notice.message,
    period,
    tasks,
    scope,
  });
  await insertDeliveries(
    db,
    recipients.map((user) => ({
      orgId: notice.orgId,
      notificationId,
      userId: user.id,
      address: user.email,
      ...mail,
    })),
    now,
  );
  return notificationId;
}

function unitTarget(actor: Actor): { orgId: number; unitId: number; userId: number } | undefined {
  return actor.unitId === null
    ? undefined
    : { orgId: actor.orgId, unitId: actor.unitId, userId: actor.id };
}

/** The caller's unit's latest notifications with the caller's read state, and the unread count. */
export async function getMyNotifications(
  database: Database,
  actor: Actor,
): Promise<MyNotifications> {
  const target = unitTarget(actor);
  if (target === undefined) return { items: [], unreadCount: 0 };
  const [items, unreadCount] = await Promise.all([
    listUserNotifications(database.db, target, LIST_LIMIT),
    countUnread(database.db, target),
  ]);
  return { items, unreadCount };
}

/** Marks one of the caller's unit's notifications read by the caller. */
export async function markNotificationRead(
  database: Database,
  actor: Actor,
  id: number,
): Promise<MyNotifications> {
  const target = unitTarget(actor);
  const found =
    target === undefined ? undefined : await findUnitNotification(database.db, target, id);
  if (target === undefined || found === undefined) {
    throw new AppError('not-found', `没有这条提醒（编号 ${id}）`);
  }
  await insertRead(database.db, { notificationId: id, userId: actor.id }, nowIso());
  return getMyNotifications(database, actor);
}

/** Marks every notification of the caller's unit read by the caller. */
export async function markAllNotificationsRead(
  database: Database,
  actor: Actor,
): Promise<MyNotifications> {
  const target = unitTarget(actor);
  if (target !== undefined) await insertAllReads(database.db, target, nowIso());
  return getMyNotifications(database, actor);
}
