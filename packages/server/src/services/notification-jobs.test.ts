import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExtensionRequestDto } from '@duban/core';
import { buildTestApp, createTestUser, CSRF_HEADERS, loginCookie } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { buildLedger } from '../test/factories.ts';
import { importLedger } from './import.service.ts';
import { checkRemindersNow, getNotificationJobs } from './notification-jobs.ts';

const Q3 = '2023Q3';
const DUE = '2023-10-10';

/**
 * The reminder check that follows the office's changes (services/notification-jobs.ts
 * `checkRemindersNow`): the timer's interval is an hour and its first run came before the
 * change, so only the triggered run can send these reminders.
 */
describe.each(DIALECTS)('reminders right after a change on %s', (dialect) => {
  let test: TestDatabase;
  let app: FastifyInstance;
  let office: string;
  let fgw: string;
  // Inside the window of DUE (3 days before it), China time.
  const clock = new Date('2023-10-08T01:00:00Z');

  const runs = () =>
    test.database.db
      .selectFrom('reminder_runs')
      .innerJoin('units', 'units.id', 'reminder_runs.unit_id')
      .innerJoin('notifications', 'notifications.id', 'reminder_runs.notification_id')
      .select([
        'units.name as unit',
        'reminder_runs.kind',
        'reminder_runs.due_date as dueDate',
        'reminder_runs.notification_id as notificationId',
        'notifications.message',
      ])
      .orderBy('reminder_runs.id')
      .execute();
  const call = (cookie: string, url: string, payload: object) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...CSRF_HEADERS, cookie },
      payload: { ...payload },
    });
  /** Waits until the triggered run has written `count` reminders (it runs after the response). */
  const waitForRuns = (count: number) =>
    vi.waitFor(
      async () => {
        expect(await runs()).toHaveLength(count);
      },
      { timeout: 10_000, interval: 50 },
    );

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, buildLedger(), {
      sourceName: 'ledger.txt',
      sha256: '0'.repeat(64),
    });
    app = await buildTestApp(test.database, {
      config: { reminders: { daysBefore: 3, intervalMinutes: 60 } },
      now: () => clock,
    });
    // The run the app made when ready found no period; let it finish.
    await getNotificationJobs(app).reminders?.runNow();
    office = await loginCookie(
      app,
      await createTestUser(test.database, { username: 'office', role: 'admin' }),
    );
    fgw = await loginCookie(
      app,
      await createTestUser(test.database, { username: 'fgw', role: 'reporter', unit: '区发改委' }),
    );
    await test.database.db
      .updateTable('users')
      .set({ email: sql`username || '@yijiang.gov.cn'` })
      .where('username', '=', 'fgw')
      .execute();
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await test.destroy();
  });

  it('reminds every unit that owes a text at once when a period opens inside the window', async () => {
    expect(await runs()).toHaveLength(0);
    const opened = await call(office, '/api/periods', { label: Q3, dueDate: DUE });
    expect(opened.statusCode).toBe(201);
    // Ten units serve the five tasks and none has reported yet.
    await waitForRuns(10);
    const sent = await runs();
    expect(new Set(sent.map((run) => `${run.kind} ${run.dueDate}`))).toEqual(
      new Set([`due-soon ${DUE}`]),
    );
    expect(sent.find((run) => run.unit === '区发改委')?.message).toBe(
      `${Q3} 期填报将于 ${DUE} 截止，本单位还有 2 项任务未报送（第 1、2 项），请按时填写并报送。`,
    );
    // Checking again sends nothing twice.
    expect(await checkRemindersNow(app)).toBe(true);
    expect(await runs()).toHaveLength(10);
  });

  it('does not remind when the period opened is due outside the window', async () => {
    const opened = await call(office, '/api/periods', { label: '2023Q4', dueDate: '2023-12-31' });
    expect(opened.statusCode).toBe(201);
    // The triggered run and this one are serialised: once this one ran, the other had too.
    expect(await checkRemindersNow(app)).toBe(true);
    expect(await runs()).toHaveLength(10);
  });

  it('reminds before a granted date at once, naming it, with its e-mail queued', async () => {
    // 区发改委 had its reminder for the period's date; 2023-10-11's window opens today.
    const task1 = await test.database.db
      .selectFrom('tasks')
      .select('id')
      .where('no', '=', '1')
      .executeTakeFirstOrThrow();
    const requested = await call(fgw, `/api/round/tasks/${task1.id}/extensions`, {
      period: Q3,
      requestedDate: '2023-10-11',
      reason: '用地审批',
    });
    expect(requested.statusCode).toBe(201);
    const request = requested.json<ExtensionRequestDto>();
    const granted = await call(office, `/api/round/extensions/${request.id}/decision`, {
      decision: 'grant',
    });
    expect(granted.statusCode).toBe(200);
    await waitForRuns(11);
    const latest = (await runs())[10];
    expect(latest).toMatchObject({ unit: '区发改委', kind: 'due-soon', dueDate: '2023-10-11' });
    expect(latest?.message).toBe(
      `${Q3} 期第 1 项任务经批准延期至 2023-10-11，将于该日截止，本单位还有 1 项任务未报送，请按时填写并报送。`,
    );
    const deliveries = await test.database.db
      .selectFrom('notification_deliveries')
      .select(['address', 'subject', 'body'])
      .where('notification_id', '=', latest?.notificationId ?? -1)
      .execute();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.address).toBe('fgw@yijiang.gov.cn');
    expect(deliveries[0]?.subject).toBe(`【督办】${Q3} 期重点工作进展填报提醒（截止 2023-10-11）`);
    expect(deliveries[0]?.body).toContain('1. 支持奇瑞新能源');
    expect(deliveries[0]?.body).not.toContain('2. 加快数字经济发展');
  });
});
