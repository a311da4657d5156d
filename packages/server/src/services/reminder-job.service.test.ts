import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/dialect.ts';
import { buildTestApp, createTestUser, CSRF_HEADERS, loginCookie } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { buildLedger } from '../test/factories.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../test/smtp.ts';
import { importLedger } from './import.service.ts';
import { getNotificationJobs } from './notification-jobs.ts';
import {
  groupDueReminders,
  reminderKindFor,
  reminderMessage,
  runReminders,
} from './reminder-job.service.ts';

const Q3 = '2023Q3';
const DUE = '2023-10-10';

describe('reminderKindFor', () => {
  it('reminds from N days before the due date, then once it is past', () => {
    expect(reminderKindFor(DUE, '2023-10-06', 3)).toBeUndefined();
    expect(reminderKindFor(DUE, '2023-10-07', 3)).toBe('due-soon');
    expect(reminderKindFor(DUE, DUE, 3)).toBe('due-soon');
    expect(reminderKindFor(DUE, '2023-10-11', 3)).toBe('late');
    expect(reminderKindFor(DUE, DUE, 0)).toBe('due-soon');
    expect(reminderKindFor('2024-03-01', '2024-02-27', 3)).toBe('due-soon');
  });
});

describe('groupDueReminders', () => {
  const slot = (unitId: number, taskId: number) => ({ unitId, taskId, taskNo: String(taskId) });
  const slots = [slot(1, 1), slot(1, 2), slot(1, 3), slot(1, 4), slot(2, 1)];
  // Unit 1: tasks 1 and 2 on the period's date, 3 and 4 granted to the 20th; unit 2: none.
  const granted = new Map([
    ['3:1', '2023-10-20'],
    ['4:1', '2023-10-20'],
  ]);
  const summary = (today: string) =>
    groupDueReminders(slots, DUE, granted, today, 3).map((group) => ({
      unit: group.unitId,
      kind: group.kind,
      date: group.dueDate,
      extended: group.extended,
      tasks: group.tasks.map((task) => task.taskNo),
    }));

  it('makes one reminder per unit and due date, not one per task', () => {
    expect(summary('2023-10-08')).toEqual([
      { unit: 1, kind: 'due-soon', date: DUE, extended: false, tasks: ['1', '2'] },
      { unit: 2, kind: 'due-soon', date: DUE, extended: false, tasks: ['1'] },
    ]);
    expect(summary('2023-10-18')).toEqual([
      { unit: 1, kind: 'late', date: DUE, extended: false, tasks: ['1', '2'] },
      { unit: 1, kind: 'due-soon', date: '2023-10-20', extended: true, tasks: ['3', '4'] },
      { unit: 2, kind: 'late', date: DUE, extended: false, tasks: ['1'] },
    ]);
  });

  it('words the message with the date and the tasks it is about', () => {
    const [late, soon] = groupDueReminders(slots, DUE, granted, '2023-10-18', 3);
    if (late === undefined || soon === undefined) throw new Error('expected two reminders');
    expect(reminderMessage(Q3, late)).toBe(
      `${Q3} 期填报已于 ${DUE} 截止，本单位还有 2 项任务未报送（第 1、2 项），请尽快填写并报送。`,
    );
    expect(reminderMessage(Q3, soon)).toBe(
      `${Q3} 期第 3、4 项任务经批准延期至 2023-10-20，将于该日截止，本单位还有 2 项任务未报送，请按时填写并报送。`,
    );
    const many = { ...late, tasks: Array.from({ length: 12 }, (_, i) => slot(1, i + 1)) };
    expect(reminderMessage(Q3, many)).toContain(
      '本单位还有 12 项任务未报送（第 1、2、3、4、5、6、7、8、9、10 项等）',
    );
  });
});

describe.each(DIALECTS)('automatic reminders on %s', (dialect) => {
  let test: TestDatabase;
  let second: Database;
  let smtp: TestSmtpServer;
  const apps: FastifyInstance[] = [];
  let clock = new Date('2023-09-30T01:00:00Z');

  const count = async (table: 'reminder_runs' | 'notifications', kind?: string) => {
    let query = test.database.db
      .selectFrom(table)
      .select(sql<number | string>`count(*)`.as('n'))
      .where('org_id', '>', 0);
    if (kind !== undefined && table === 'reminder_runs') {
      query = query.where('kind', '=', kind as 'due-soon' | 'late');
    }
    return Number((await query.executeTakeFirstOrThrow()).n);
  };
  const runBoth = () =>
    Promise.all(
      apps.map((app) => getNotificationJobs(app).reminders?.runNow() ?? Promise.resolve(false)),
    );
  const flushBoth = () =>
    Promise.all(apps.map((app) => getNotificationJobs(app).outbox?.flush() ?? Promise.resolve()));

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    // Two instances: on PostgreSQL, two connections pools; on SQLite, one shared connection
    // (better-sqlite3 is synchronous: two connections in one process would wait on each
    // other's locks while blocking the event loop; separate processes do not have that issue).
    second = dialect === 'postgres' ? await openDatabase(test.url) : test.database;
    smtp = await startTestSmtpServer();
    await importLedger(test.database, buildLedger(), {
      sourceName: 'ledger.txt',
      sha256: '0'.repeat(64),
    });
    for (const database of [test.database, second]) {
      apps.push(
        await buildTestApp(database, {
          config: {
            smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'duban@test.local' },
            reminders: { daysBefore: 3, intervalMinutes: 60 },
          },
          now: () => clock,
        }),
      );
    }
    const [app] = apps;
    if (app === undefined) throw new Error('no app');
    const office = await loginCookie(
      app,
      await createTestUser(test.database, { username: 'office', role: 'admin' }),
    );
    await createTestUser(test.database, { username: 'fgw', role: 'reporter', unit: '区发改委' });
    const swj = await loginCookie(
      app,
      await createTestUser(test.database, { username: 'swj', role: 'reporter', unit: '区商务局' }),
    );
    await test.database.db
      .updateTable('users')
      .set({ email: sql`username || '@yijiang.gov.cn'` })
      .where('username', 'in', ['fgw', 'swj'])
      .execute();
    const call = (cookie: string, method: 'POST' | 'PUT', url: string, payload: object) =>
      app.inject({ method, url, headers: { ...CSRF_HEADERS, cookie }, payload: { ...payload } });
    expect(
      (await call(office, 'POST', '/api/periods', { label: Q3, dueDate: DUE })).statusCode,
    ).toBe(201);
    // 区商务局 submits its only task (3) before the reminders: it owes nothing.
    const task3 = await test.database.db
      .selectFrom('tasks')
      .select('id')
      .where('no', '=', '3')
      .executeTakeFirstOrThrow();
    const url = `/api/round/tasks/${task3.id}`;
    const body = { period: Q3, part: 'consolidated' };
    expect(
      (await call(swj, 'PUT', `${url}/progress`, { ...body, baseVersion: 0, text: '已完成' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await call(swj, 'POST', `${url}/transitions`, { ...body, action: 'submit' })).statusCode,
    ).toBe(200);
  }, 60_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    if (second !== test.database) await second.close();
    await smtp.close();
    await test.destroy();
  });

  it('sends nothing before the window', async () => {
    // Both instances ran once when ready; these runs find nothing either.
    await runBoth();
    expect(await count('reminder_runs')).toBe(0);
  });

  it('runs once across two instances at the same moment, and once per unit and kind', async () => {
    clock = new Date('2023-10-08T01:00:00Z');
    const ran = await runBoth();
    expect(ran.filter(Boolean)).toHaveLength(1);
    // Ten units serve the five tasks; 区商务局 submitted its one: nine owe a text.
    expect(await count('reminder_runs', 'due-soon')).toBe(9);
    expect(await count('notifications')).toBe(9);
    await flushBoth();
    const [mail] = await smtp.waitFor(1);
    expect(mail?.to).toEqual(['fgw@yijiang.gov.cn']);
    expect(mail?.subject).toBe(`【督办】${Q3} 期重点工作进展填报提醒（截止 ${DUE}）`);
    expect(mail?.body).toContain(
      `${Q3} 期填报将于 ${DUE} 截止，本单位还有 2 项任务未报送（第 1、2 项）`,
    );
    expect(mail?.body).toContain('1. 支持奇瑞新能源');

    // The next interval, another instance may hold the lease: still nothing twice.
    clock = new Date('2023-10-09T03:00:00Z');
    expect((await runBoth()).filter(Boolean)).toHaveLength(1);
    expect(await count('reminder_runs')).toBe(9);
    expect(await count('notifications')).toBe(9);
  });

  it('sends the late reminders once even when two runs race without the lease', async () => {
    // 延期 granted: 区经信局 (its one task, 2) and 区发改委 for task 1 (task 2 is still late).
    const { db } = test.database;
    const id = async (table: 'units' | 'tasks', column: 'name' | 'no', value: string) =>
      (await db.selectFrom(table).select('id').where(column, '=', value).executeTakeFirstOrThrow())
        .id;
    const period = await db
      .selectFrom('periods')
      .select(['id', 'org_id'])
      .where('label', '=', Q3)
      .executeTakeFirstOrThrow();
    const office = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'office')
      .executeTakeFirstOrThrow();
    for (const [unit, no] of [
      ['区经信局', '2'],
      ['区发改委', '1'],
    ] as const) {
      await db
        .insertInto('extension_requests')
        .values({
          org_id: period.org_id,
          task_id: await id('tasks', 'no', no),
          period_id: period.id,
          unit_id: await id('units', 'name', unit),
          requested_date: '2023-10-20',
          reason: '用地审批',
          state: 'granted',
          requested_by: office.id,
          created_at: '2023-10-05T00:00:00.000Z',
          decided_by: office.id,
          decided_at: '2023-10-06T00:00:00.000Z',
          granted_date: '2023-10-20',
          decision_reason: null,
        })
        .execute();
    }
    clock = new Date('2023-10-11T05:00:00Z');
    const [a, b] = await Promise.all([
      runReminders(test.database, { daysBefore: 3, now: clock }),
      runReminders(second, { daysBefore: 3, now: clock }),
    ]);
    expect(a.sent.length + b.sent.length).toBe(8);
    expect(await count('reminder_runs', 'late')).toBe(8);
    await flushBoth();
    const messages = await smtp.waitFor(2);
    // 区发改委's late reminder is about task 2 only: task 1 is due on its granted date.
    expect(messages[1]?.body).toContain(
      `${Q3} 期填报已于 ${DUE} 截止，本单位还有 1 项任务未报送（第 2 项）`,
    );
    expect(messages[1]?.body).not.toContain('1. 支持奇瑞新能源');

    clock = new Date('2023-10-12T05:00:00Z');
    await runBoth();
    await flushBoth();
    expect(await count('notifications')).toBe(17);
    expect(smtp.messages).toHaveLength(2);
  });

  const runsOf = (unit: string) =>
    test.database.db
      .selectFrom('reminder_runs')
      .innerJoin('units', 'units.id', 'reminder_runs.unit_id')
      .innerJoin('notifications', 'notifications.id', 'reminder_runs.notification_id')
      .select([
        'reminder_runs.kind',
        'reminder_runs.due_date as dueDate',
        'reminder_runs.notification_id as notificationId',
        'notifications.message',
      ])
      .where('units.name', '=', unit)
      .orderBy('reminder_runs.id')
      .execute();

  it('reminds again before a granted date, once, naming that date and its tasks', async () => {
    // The granted date is 2023-10-20: its window opens on the 17th (China time).
    clock = new Date('2023-10-16T15:00:00Z');
    await runBoth();
    expect(await count('notifications')).toBe(17);

    clock = new Date('2023-10-16T17:00:00Z');
    const [a, b] = await Promise.all([
      runReminders(test.database, { daysBefore: 3, now: clock }),
      runReminders(second, { daysBefore: 3, now: clock }),
      runBoth(),
    ]);
    // Two instances and a racing run: whoever sent them, each of the two units got one.
    expect(await count('reminder_runs', 'due-soon')).toBe(11);
    expect(await count('notifications')).toBe(19);
    expect(a.sent.length + b.sent.length).toBeLessThanOrEqual(2);
    const fgw = await runsOf('区发改委');
    expect(fgw.map((run) => [run.kind, run.dueDate])).toEqual([
      ['due-soon', DUE],
      ['late', DUE],
      ['due-soon', '2023-10-20'],
    ]);
    expect(fgw[2]?.message).toBe(
      `${Q3} 期第 1 项任务经批准延期至 2023-10-20，将于该日截止，本单位还有 1 项任务未报送，请按时填写并报送。`,
    );
    // 区经信局's one task was granted before it was late: no late reminder for the old date.
    expect((await runsOf('区经信局')).map((run) => [run.kind, run.dueDate])).toEqual([
      ['due-soon', DUE],
      ['due-soon', '2023-10-20'],
    ]);
    // A unit without 延期 is left alone: its two reminders were about the period's date.
    expect((await runsOf('区科技局')).map((run) => [run.kind, run.dueDate])).toEqual([
      ['due-soon', DUE],
      ['late', DUE],
    ]);

    // The e-mail names the granted date and lists only the task due on it.
    await flushBoth();
    const mail = (await smtp.waitFor(3))[2];
    expect(mail?.to).toEqual(['fgw@yijiang.gov.cn']);
    expect(mail?.subject).toBe(`【督办】${Q3} 期重点工作进展填报提醒（截止 2023-10-20）`);
    expect(mail?.body).toContain(`截止日期：2023-10-20（经批准延期；本期截止日期 ${DUE}）`);
    expect(mail?.body).toContain('1. 支持奇瑞新能源');
    expect(mail?.body).not.toContain('2. 加快数字经济发展');

    clock = new Date('2023-10-19T05:00:00Z');
    await runBoth();
    expect(await count('notifications')).toBe(19);
  });

  it('sends a late reminder once the granted date has passed, once', async () => {
    clock = new Date('2023-10-20T15:00:00Z');
    await runBoth();
    expect(await count('reminder_runs', 'late')).toBe(8);

    clock = new Date('2023-10-20T16:30:00Z');
    const [a, b] = await Promise.all([
      runReminders(test.database, { daysBefore: 3, now: clock }),
      runReminders(second, { daysBefore: 3, now: clock }),
    ]);
    expect(a.sent.length + b.sent.length).toBe(2);
    expect([...a.sent, ...b.sent].map((sent) => [sent.kind, sent.dueDate])).toEqual([
      ['late', '2023-10-20'],
      ['late', '2023-10-20'],
    ]);
    expect(await count('reminder_runs', 'late')).toBe(10);
    const fgw = await runsOf('区发改委');
    expect(fgw[3]?.message).toBe(
      `${Q3} 期第 1 项任务经批准延期至 2023-10-20，现已截止，本单位还有 1 项任务未报送，请尽快填写并报送。`,
    );
    await flushBoth();
    const mail = (await smtp.waitFor(4))[3];
    expect(mail?.subject).toBe(`【督办】${Q3} 期重点工作进展填报提醒（截止 2023-10-20）`);
    const deliveries = await test.database.db
      .selectFrom('notification_deliveries')
      .select(['subject', 'status'])
      .where('notification_id', '=', fgw[3]?.notificationId ?? -1)
      .execute();
    expect(deliveries).toEqual([
      { subject: `【督办】${Q3} 期重点工作进展填报提醒（截止 2023-10-20）`, status: 'sent' },
    ]);

    clock = new Date('2023-10-25T05:00:00Z');
    await runBoth();
    await flushBoth();
    expect(await count('notifications')).toBe(21);
    expect(smtp.messages).toHaveLength(4);
  });
});
