import {
  toLocalDate,
  adminUserSchema,
  errorBodySchema,
  initialPasswordSchema,
  myNotificationsSchema,
  type MyNotifications,
  type Role,
} from '@duban/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeliveries } from '../repos/notifications.repo.ts';
import { importLedger } from '../services/import.service.ts';
import { getNotificationJobs } from '../services/notification-jobs.ts';
import { buildTestApp, createTestUser, CSRF_HEADERS, loginCookie } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { buildLedger } from '../test/factories.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../test/smtp.ts';

const source = { sourceName: 'ledger.txt', sha256: '0'.repeat(64) };
const Q3 = '2023Q3';
const DUE = '2023-10-10';
const LEAD = '区发改委';
const OTHER = '区商务局';
const DAY_MS = 86_400_000;
// 延期 dates must lie ahead of today (the organisation's calendar day).
const IN_TEN_DAYS = toLocalDate(new Date(Date.now() + 10 * DAY_MS).toISOString());
const IN_TWENTY_DAYS = toLocalDate(new Date(Date.now() + 20 * DAY_MS).toISOString());

describe.each(DIALECTS)('notifications and reminder e-mails on %s', (dialect) => {
  let test: TestDatabase;
  let smtp: TestSmtpServer;
  let app: FastifyInstance;
  const cookies: Record<string, string> = {};
  const userIds: Record<string, number> = {};
  let leadUnitId = 0;
  let otherUnitId = 0;

  function call(
    who: string,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: Record<string, unknown>,
    headers: Record<string, string> = CSRF_HEADERS,
  ): Promise<LightMyRequestResponse> {
    return app.inject({
      method,
      url,
      headers: { ...headers, cookie: cookies[who] ?? '' },
      ...(payload === undefined ? {} : { payload }),
    });
  }
  async function addUser(name: string, role: Role, unit?: string) {
    const user = await createTestUser(test.database, {
      username: name,
      role,
      unit,
      organization: '示范区',
    });
    cookies[name] = await loginCookie(app, user);
    const row = await test.database.db
      .selectFrom('users')
      .select(['id', 'unit_id'])
      .where('username', '=', name)
      .executeTakeFirstOrThrow();
    userIds[name] = row.id;
    return row;
  }
  async function mine(who: string): Promise<MyNotifications> {
    const response = await call(who, 'GET', '/api/notifications');
    expect(response.statusCode, response.body).toBe(200);
    return myNotificationsSchema.parse(response.json());
  }
  const errorOf = (response: LightMyRequestResponse, status: number): string => {
    expect(response.statusCode, response.body).toBe(status);
    return errorBodySchema.parse(response.json()).error.code;
  };

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    smtp = await startTestSmtpServer();
    await importLedger(test.database, buildLedger(), source);
    app = await buildTestApp(test.database, {
      config: {
        smtp: {
          host: '127.0.0.1',
          port: smtp.port,
          secure: false,
          from: '督办 <duban@test.local>',
        },
      },
    });
    await addUser('office', 'admin');
    leadUnitId = (await addUser('fgw-1', 'reporter', LEAD)).unit_id ?? 0;
    await addUser('fgw-2', 'unit_head', LEAD);
    otherUnitId = (await addUser('swj-1', 'reporter', OTHER)).unit_id ?? 0;
    await addUser('leader', 'leader');
    const opened = await call('office', 'POST', '/api/periods', { label: Q3, dueDate: DUE });
    expect(opened.statusCode, opened.body).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await test.destroy();
  });

  it('lets the office set, validate and clear a user e-mail address', async () => {
    const bad = await call('office', 'PUT', `/api/users/${userIds['fgw-1']}/email`, {
      email: 'not-an-address',
    });
    expect(errorOf(bad, 400)).toBe('invalid-request');
    expect(
      errorOf(
        await call('fgw-1', 'PUT', `/api/users/${userIds['fgw-1']}/email`, { email: 'a@b.cn' }),
        403,
      ),
    ).toBe('forbidden');
    expect(
      errorOf(await call('office', 'PUT', '/api/users/999999/email', { email: 'a@b.cn' }), 404),
    ).toBe('not-found');
    const unchanged = await test.database.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', userIds['fgw-1'] ?? 0)
      .executeTakeFirstOrThrow();
    expect(unchanged.email).toBeNull();

    const set = await call('office', 'PUT', `/api/users/${userIds['fgw-1']}/email`, {
      email: 'fgw@yijiang.gov.cn',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(adminUserSchema.parse(set.json()).email).toBe('fgw@yijiang.gov.cn');
    const cleared = await call('office', 'PUT', `/api/users/${userIds['fgw-2']}/email`, {
      email: '',
    });
    expect(adminUserSchema.parse(cleared.json()).email).toBeNull();

    const created = await call('office', 'POST', '/api/users', {
      username: 'fgw-3',
      role: 'reporter',
      unitId: leadUnitId,
      email: 'fgw3@yijiang.gov.cn',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(initialPasswordSchema.parse(created.json()).user.email).toBe('fgw3@yijiang.gov.cn');
    expect(
      errorOf(
        await call('office', 'POST', '/api/users', {
          username: 'fgw-4',
          role: 'reporter',
          unitId: leadUnitId,
          email: 'fgw4@',
        }),
        400,
      ),
    ).toBe('invalid-request');
  });

  it('e-mails a manual reminder to the unit users with an address, in Chinese', async () => {
    const before = smtp.messages.length;
    const response = await call('office', 'POST', '/api/round/reminders', {
      period: Q3,
      unitId: leadUnitId,
    });
    expect(response.statusCode, response.body).toBe(204);
    const messages = (await smtp.waitFor(before + 2)).slice(before);
    expect(
      messages
        .map((m) => m.to)
        .flat()
        .sort(),
    ).toEqual(['fgw3@yijiang.gov.cn', 'fgw@yijiang.gov.cn']);
    const mail = messages[0];
    expect(mail?.from).toBe('duban@test.local');
    expect(mail?.subject).toBe(`【督办】${Q3} 期重点工作进展填报提醒（截止 ${DUE}）`);
    expect(mail?.body).toContain(`${LEAD}：`);
    expect(mail?.body).toContain(`期次：${Q3}（示范区2023年三季度重点工作进展和完成情况）`);
    expect(mail?.body).toContain(`截止日期：${DUE}`);
    expect(mail?.body).toContain('本单位尚未报送的任务（2 项）');
    expect(mail?.body).toContain('1. 支持奇瑞新能源、奇瑞商用车做大做强');
    expect(mail?.body).toContain('2. 加快数字经济发展，全年新增规模以上工业企业10家');
    // Another unit's task is not listed.
    expect(mail?.body).not.toContain('长江路商圈');

    const notification = (await mine('fgw-1')).items[0];
    expect(notification?.kind).toBe('reminder');
    await getNotificationJobs(app).outbox?.flush();
    const deliveries = await listDeliveries(test.database.db, notification?.id ?? 0);
    expect(deliveries.map((d) => [d.address, d.status, d.attempts, d.error])).toEqual([
      ['fgw@yijiang.gov.cn', 'sent', 1, null],
      ['fgw3@yijiang.gov.cn', 'sent', 1, null],
    ]);
  });

  it('keeps the read state per user, with the unread count', async () => {
    const first = await mine('fgw-1');
    expect(first.unreadCount).toBe(1);
    const id = first.items[0]?.id ?? 0;
    expect(first.items[0]?.readAt).toBeNull();
    expect(first.items[0]?.period).toBe(Q3);

    const read = await call('fgw-1', 'POST', `/api/notifications/${id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    const after = myNotificationsSchema.parse(read.json());
    expect(after.unreadCount).toBe(0);
    expect(after.items[0]?.readAt).not.toBeNull();
    // Reading again keeps the first time.
    const again = myNotificationsSchema.parse(
      (await call('fgw-1', 'POST', `/api/notifications/${id}/read`)).json(),
    );
    expect(again.items[0]?.readAt).toBe(after.items[0]?.readAt);
    // The other user of the unit still has it unread; another unit does not see it at all.
    expect((await mine('fgw-2')).unreadCount).toBe(1);
    expect((await mine('swj-1')).items).toEqual([]);
    expect((await mine('leader')).items).toEqual([]);

    expect(errorOf(await call('swj-1', 'POST', `/api/notifications/${id}/read`), 404)).toBe(
      'not-found',
    );
    expect(
      errorOf(await call('fgw-2', 'POST', `/api/notifications/${id}/read`, undefined, {}), 403),
    ).toBe('csrf');
    expect((await mine('fgw-2')).unreadCount).toBe(1);

    await call('office', 'POST', '/api/round/reminders', {
      period: Q3,
      unitId: leadUnitId,
      message: '请今天报送',
    });
    expect((await mine('fgw-2')).unreadCount).toBe(2);
    const all = await call('fgw-2', 'POST', '/api/notifications/read-all');
    expect(all.statusCode, all.body).toBe(200);
    expect(myNotificationsSchema.parse(all.json()).unreadCount).toBe(0);
    expect((await mine('fgw-1')).unreadCount).toBe(1);
    await smtp.waitFor(4);
  });

  it('records a failed send for a retry and never fails the request', async () => {
    const down = await buildTestApp(test.database, {
      // Nothing listens on port 9 of 127.0.0.1: every connection is refused.
      config: { smtp: { host: '127.0.0.1', port: 9, secure: false, from: 'duban@test.local' } },
    });
    const unconfigured = await buildTestApp(test.database);
    try {
      // Only the app under test may send these (the first app's outbox would deliver them).
      await getNotificationJobs(app).outbox?.stop();
      const remind = (target: FastifyInstance) =>
        target.inject({
          method: 'POST',
          url: '/api/round/reminders',
          headers: { ...CSRF_HEADERS, cookie: cookies.office ?? '' },
          payload: { period: Q3, unitId: leadUnitId },
        });
      const started = Date.now();
      expect((await remind(down)).statusCode).toBe(204);
      expect(Date.now() - started).toBeLessThan(5000);
      await getNotificationJobs(down).outbox?.flush();
      const failedId = (await mine('fgw-1')).items[0]?.id ?? 0;
      const failed = await listDeliveries(test.database.db, failedId);
      expect(failed).toHaveLength(2);
      for (const delivery of failed) {
        expect(delivery.status).toBe('pending');
        expect(delivery.attempts).toBe(1);
        expect(delivery.error).toMatch(/ECONNREFUSED|connect/i);
      }

      expect((await remind(unconfigured)).statusCode).toBe(204);
      await getNotificationJobs(unconfigured).outbox?.flush();
      const skippedId = (await mine('fgw-1')).items[0]?.id ?? 0;
      expect(skippedId).not.toBe(failedId);
      const skipped = await listDeliveries(test.database.db, skippedId);
      expect(skipped.map((d) => [d.status, d.error])).toEqual([
        ['skipped', 'SMTP 未配置'],
        ['skipped', 'SMTP 未配置'],
      ]);
    } finally {
      await down.close();
      await unconfigured.close();
    }
    expect(otherUnitId).toBeGreaterThan(0);
  });

  it('names the granted 延期 date of each task in a manual reminder, not the period’s', async () => {
    // The app's outbox was stopped above: the queued e-mails are read from the outbox table.
    const taskIdOf = async (no: string) =>
      (
        await test.database.db
          .selectFrom('tasks')
          .select('id')
          .where('no', '=', no)
          .executeTakeFirstOrThrow()
      ).id;
    const grant = async (no: string, date: string) => {
      const asked = await call(
        'fgw-1',
        'POST',
        `/api/round/tasks/${await taskIdOf(no)}/extensions`,
        {
          period: Q3,
          requestedDate: date,
          reason: '项目用地审批尚未完成',
        },
      );
      expect(asked.statusCode, asked.body).toBe(201);
      const { id } = asked.json<{ id: number }>();
      const decided = await call('office', 'POST', `/api/round/extensions/${id}/decision`, {
        decision: 'grant',
      });
      expect(decided.statusCode, decided.body).toBe(200);
    };
    const remind = async () => {
      const response = await call('office', 'POST', '/api/round/reminders', {
        period: Q3,
        unitId: leadUnitId,
      });
      expect(response.statusCode, response.body).toBe(204);
      const notification = (await mine('fgw-1')).items[0];
      const mail = (await listDeliveries(test.database.db, notification?.id ?? 0))[0];
      return { message: notification?.message ?? '', subject: mail?.subject, body: mail?.body };
    };

    await grant('2', IN_TEN_DAYS);
    const mixed = await remind();
    expect(mixed.message).toBe(
      `请尽快完成 ${Q3} 期重点工作进展填报（截止 ${DUE}：第 1 项；经批准延期至 ${IN_TEN_DAYS}：第 2 项）`,
    );
    expect(mixed.subject).toBe(`【督办】${Q3} 期重点工作进展填报提醒（截止 ${DUE}）`);
    expect(mixed.body).toContain(`截止日期：${DUE}\n`);
    expect(mixed.body).toContain(
      '  1. 支持奇瑞新能源、奇瑞商用车做大做强，2023年产值双双突破200亿元\n',
    );
    expect(mixed.body).toContain(
      `  2. 加快数字经济发展，全年新增规模以上工业企业10家（经批准延期至 ${IN_TEN_DAYS}）`,
    );

    // Every owed task moved to one date: that date is the reminder's date.
    await grant('1', IN_TWENTY_DAYS);
    await grant('2', IN_TWENTY_DAYS);
    const moved = await remind();
    expect(moved.message).toBe(
      `请尽快完成 ${Q3} 期重点工作进展填报（经批准延期至 ${IN_TWENTY_DAYS}：第 1、2 项）`,
    );
    expect(moved.subject).toBe(`【督办】${Q3} 期重点工作进展填报提醒（截止 ${IN_TWENTY_DAYS}）`);
    expect(moved.body).toContain(`截止日期：${IN_TWENTY_DAYS}（经批准延期；本期截止日期 ${DUE}）`);
    expect(moved.body).not.toContain(`截止日期：${DUE}\n`);
  });
});
