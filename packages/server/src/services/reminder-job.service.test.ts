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
import { reminderKindFor, runReminders } from './reminder-job.service.ts';

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
    // Both instances ran once when ready; let those runs finish.
    expect(await runBoth()).toEqual([false, false]);
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
    expect(mail?.body).toContain(`${Q3} 期填报将于 ${DUE} 截止，本单位还有 2 项任务未报送`);
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
    expect(messages[1]?.body).toContain(`${Q3} 期填报已于 ${DUE} 截止，本单位还有 1 项任务未报送`);

    clock = new Date('2023-10-12T05:00:00Z');
    await runBoth();
    await flushBoth();
    expect(await count('notifications')).toBe(17);
    expect(smtp.messages).toHaveLength(2);
  });
});
