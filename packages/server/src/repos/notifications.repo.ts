import { sql } from 'kysely';
import type { DeliveryStatus, Db, ReminderKind, Timestamp } from '../db/schema.ts';

/** A notification to a unit; every user of the unit sees it. Returns its id. */
export async function insertUnitNotification(
  db: Db,
  notification: {
    orgId: number;
    unitId: number;
    periodId: number | null;
    kind: string;
    message: string;
    createdBy: number | null;
  },
  now: Timestamp,
): Promise<number> {
  const row = await db
    .insertInto('notifications')
    .values({
      org_id: notification.orgId,
      unit_id: notification.unitId,
      period_id: notification.periodId,
      kind: notification.kind,
      message: notification.message,
      created_by: notification.createdBy,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The enabled users of a unit that have an e-mail address. */
export function listUnitEmailRecipients(
  db: Db,
  orgId: number,
  unitId: number,
): Promise<{ id: number; email: string }[]> {
  return db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('org_id', '=', orgId)
    .where('unit_id', '=', unitId)
    .where('disabled', '=', 0)
    .where('email', 'is not', null)
    .orderBy('id')
    .$narrowType<{ email: string }>()
    .execute();
}

export interface MyNotificationRecord {
  id: number;
  kind: string;
  message: string;
  period: string | null;
  createdAt: Timestamp;
  readAt: Timestamp | null;
}

/** A unit's latest notifications, newest first, with whether `userId` has read each. */
export function listUserNotifications(
  db: Db,
  target: { orgId: number; unitId: number; userId: number },
  limit: number,
): Promise<MyNotificationRecord[]> {
  return db
    .selectFrom('notifications')
    .leftJoin('periods', 'periods.id', 'notifications.period_id')
    .leftJoin('notification_reads', (join) =>
      join
        .onRef('notification_reads.notification_id', '=', 'notifications.id')
        .on('notification_reads.user_id', '=', target.userId),
    )
    .select([
      'notifications.id',
      'notifications.kind',
      'notifications.message',
      'periods.label as period',
      'notifications.created_at as createdAt',
      'notification_reads.read_at as readAt',
    ])
    .where('notifications.org_id', '=', target.orgId)
    .where('notifications.unit_id', '=', target.unitId)
    .orderBy('notifications.created_at', 'desc')
    .orderBy('notifications.id', 'desc')
    .limit(limit)
    .execute();
}

/** How many of a unit's notifications `userId` has not read. */
export async function countUnread(
  db: Db,
  target: { orgId: number; unitId: number; userId: number },
): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .leftJoin('notification_reads', (join) =>
      join
        .onRef('notification_reads.notification_id', '=', 'notifications.id')
        .on('notification_reads.user_id', '=', target.userId),
    )
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('notifications.org_id', '=', target.orgId)
    .where('notifications.unit_id', '=', target.unitId)
    .where('notification_reads.read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function findUnitNotification(
  db: Db,
  target: { orgId: number; unitId: number },
  id: number,
): Promise<{ id: number } | undefined> {
  return db
    .selectFrom('notifications')
    .select('id')
    .where('org_id', '=', target.orgId)
    .where('unit_id', '=', target.unitId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Marks one notification read by a user; reading it again keeps the first time. */
export async function insertRead(
  db: Db,
  read: { notificationId: number; userId: number },
  now: Timestamp,
): Promise<void> {
  await db
    .insertInto('notification_reads')
    .values({ notification_id: read.notificationId, user_id: read.userId, read_at: now })
    .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doNothing())
    .execute();
}

/** Marks every notification of a unit read by a user, in one statement. */
export async function insertAllReads(
  db: Db,
  target: { orgId: number; unitId: number; userId: number },
  now: Timestamp,
): Promise<void> {
  await db
    .insertInto('notification_reads')
    .columns(['notification_id', 'user_id', 'read_at'])
    .expression((eb) =>
      eb
        .selectFrom('notifications')
        .select([
          'notifications.id',
          // Typed casts: PostgreSQL would otherwise take the parameters for text.
          sql<number>`cast(${target.userId} as integer)`.as('user_id'),
          sql<string>`cast(${now} as text)`.as('read_at'),
        ])
        .where('notifications.org_id', '=', target.orgId)
        .where('notifications.unit_id', '=', target.unitId),
    )
    .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doNothing())
    .execute();
}

export interface DeliveryRecord {
  id: number;
  orgId: number;
  notificationId: number;
  userId: number;
  address: string;
  subject: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  error: string | null;
}

/** Queues e-mails in the outbox (status `pending`): the caller's transaction makes them durable. */
export async function insertDeliveries(
  db: Db,
  deliveries: {
    orgId: number;
    notificationId: number;
    userId: number;
    address: string;
    subject: string;
    body: string;
  }[],
  now: Timestamp,
): Promise<void> {
  if (deliveries.length === 0) return;
  await db
    .insertInto('notification_deliveries')
    .values(
      deliveries.map((d) => ({
        org_id: d.orgId,
        notification_id: d.notificationId,
        user_id: d.userId,
        address: d.address,
        subject: d.subject,
        body: d.body,
        status: 'pending' as const,
        error: null,
        next_attempt_at: now,
        claimed_by: null,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

const deliveryColumns = [
  'id',
  'org_id as orgId',
  'notification_id as notificationId',
  'user_id as userId',
  'address',
  'subject',
  'body',
  'status',
  'attempts',
  'error',
] as const;

/**
 * Claims up to `limit` e-mails that are due for `holder`: pending ones whose time has come, and
 * ones left `sending` by an instance that stopped before `staleBefore`. Each claim is one
 * conditional UPDATE, so two instances never send the same e-mail.
 */
export async function claimDueDeliveries(
  db: Db,
  holder: string,
  now: Timestamp,
  staleBefore: Timestamp,
  limit: number,
): Promise<DeliveryRecord[]> {
  const due = await db
    .selectFrom('notification_deliveries')
    .select(['id', 'status', 'updated_at'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('updated_at', '<', staleBefore)]),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
  const claimed: DeliveryRecord[] = [];
  for (const row of due) {
    const taken = await db
      .updateTable('notification_deliveries')
      .set({ status: 'sending', claimed_by: holder, updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .where('updated_at', '=', row.updated_at)
      .returning(deliveryColumns)
      .executeTakeFirst();
    if (taken !== undefined) claimed.push(taken);
  }
  return claimed;
}

/** Records the outcome of one send attempt. */
export async function updateDelivery(
  db: Db,
  id: number,
  outcome: {
    status: DeliveryStatus;
    attempts: number;
    error: string | null;
    nextAttemptAt?: Timestamp;
  },
  now: Timestamp,
): Promise<void> {
  await db
    .updateTable('notification_deliveries')
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      error: outcome.error,
      claimed_by: null,
      updated_at: now,
      ...(outcome.nextAttemptAt === undefined ? {} : { next_attempt_at: outcome.nextAttemptAt }),
    })
    .where('id', '=', id)
    .execute();
}

/** The e-mails of a notification and what became of them. */
export function listDeliveries(db: Db, notificationId: number): Promise<DeliveryRecord[]> {
  return db
    .selectFrom('notification_deliveries')
    .select(deliveryColumns)
    .where('notification_id', '=', notificationId)
    .orderBy('id')
    .execute();
}

export interface OpenRoundPeriod {
  id: number;
  orgId: number;
  planId: number;
  label: string;
  title: string;
  dueDate: string;
}

/** Every open period with a due date, of every organisation. */
export function listOpenPeriodsWithDueDate(db: Db): Promise<OpenRoundPeriod[]> {
  return db
    .selectFrom('periods')
    .select(['id', 'org_id as orgId', 'plan_id as planId', 'label', 'title', 'due_date as dueDate'])
    .where('state', '=', 'open')
    .where('due_date', 'is not', null)
    .orderBy('id')
    .$narrowType<{ dueDate: string }>()
    .execute();
}

export function findPeriodForNotice(
  db: Db,
  orgId: number,
  periodId: number,
): Promise<OpenRoundPeriod | undefined> {
  return db
    .selectFrom('periods')
    .select(['id', 'org_id as orgId', 'plan_id as planId', 'label', 'title', 'due_date as dueDate'])
    .where('org_id', '=', orgId)
    .where('id', '=', periodId)
    .$narrowType<{ dueDate: string }>()
    .executeTakeFirst();
}

export interface UnsubmittedSlot {
  unitId: number;
  unitName: string;
  taskId: number;
  taskNo: string;
  taskText: string;
  position: number;
}

/**
 * The texts a period still waits for: a lead unit's consolidated text, or a co-unit's part,
 * that is missing, a draft or returned. One row per owning unit and task; `unitId` narrows it.
 */
export function listUnsubmittedSlots(
  db: Db,
  period: { orgId: number; id: number; planId: number },
  unitId?: number,
): Promise<UnsubmittedSlot[]> {
  let query = db
    .selectFrom('task_units')
    .innerJoin('tasks', 'tasks.id', 'task_units.task_id')
    .innerJoin('units', 'units.id', 'task_units.unit_id')
    .leftJoin('progress_entries', (join) =>
      join
        .onRef('progress_entries.task_id', '=', 'task_units.task_id')
        .on('progress_entries.period_id', '=', period.id)
        .on((eb) =>
          eb.or([
            eb.and([
              eb('task_units.role', '=', 'lead'),
              eb('progress_entries.unit_id', 'is', null),
            ]),
            eb.and([
              eb('task_units.role', '=', 'co'),
              eb('progress_entries.unit_id', '=', eb.ref('task_units.unit_id')),
            ]),
          ]),
        ),
    )
    .select([
      'task_units.unit_id as unitId',
      'units.name as unitName',
      'tasks.id as taskId',
      'tasks.no as taskNo',
      'tasks.text as taskText',
      'tasks.position',
    ])
    .where('tasks.org_id', '=', period.orgId)
    .where('tasks.plan_id', '=', period.planId)
    .where((eb) =>
      eb.or([
        eb('progress_entries.id', 'is', null),
        eb('progress_entries.state', 'in', ['draft', 'returned']),
      ]),
    );
  if (unitId !== undefined) query = query.where('task_units.unit_id', '=', unitId);
  return query.orderBy('task_units.unit_id').orderBy('tasks.position').execute();
}

/**
 * Records that a unit got its automatic reminder of `kind` about `dueDate` in a period. Returns
 * undefined when it had that one already (another instance, or an earlier run): the unique key
 * makes each reminder once-only.
 */
export async function insertReminderRun(
  db: Db,
  run: { orgId: number; periodId: number; unitId: number; kind: ReminderKind; dueDate: string },
  now: Timestamp,
): Promise<number | undefined> {
  const row = await db
    .insertInto('reminder_runs')
    .values({
      org_id: run.orgId,
      period_id: run.periodId,
      unit_id: run.unitId,
      kind: run.kind,
      due_date: run.dueDate,
      notification_id: null,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['period_id', 'unit_id', 'kind', 'due_date']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function setReminderRunNotification(
  db: Db,
  runId: number,
  notificationId: number,
): Promise<void> {
  await db
    .updateTable('reminder_runs')
    .set({ notification_id: notificationId })
    .where('id', '=', runId)
    .execute();
}
