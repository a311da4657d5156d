import { dashboardSchema, summarizeDashboard } from '@duban/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertProgress } from '../repos/progress.repo.ts';
import { exportLedger } from '../services/export.service.ts';
import { importLedger } from '../services/import.service.ts';
import { buildTestApp, createTestUser, CSRF_HEADERS, loginCookie } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { buildLedger, changeTask } from '../test/factories.ts';

const source = { sourceName: 'test.txt', sha256: '0'.repeat(64) };

describe.each(DIALECTS)('GET /api/dashboard on %s', (dialect) => {
  let test: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    const q2 = buildLedger();
    await importLedger(test.database, q2, source);
    const q3 = buildLedger({ period: { year: 2023, quarter: 3, label: '2023Q3' } });
    await importLedger(test.database, changeTask(q3, '1', { progress: '' }), source);
    app = await buildTestApp(test.database);
    const user = await createTestUser(test.database, {
      username: 'leader',
      role: 'leader',
      organization: q2.organization,
    });
    cookie = await loginCookie(app, user);
  });

  afterAll(async () => {
    await app.close();
    await test.destroy();
  });

  it('summarises the latest period with the earlier ones as its trend, as core does', async () => {
    const response = await app.inject({ url: '/api/dashboard', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const body = dashboardSchema.parse(response.json());
    expect(body.period.label).toBe('2023Q3');
    expect(body.periods.map((p) => p.label)).toEqual(['2023Q2', '2023Q3']);
    const q2 = await exportLedger(test.database, { period: '2023Q2' });
    const q3 = await exportLedger(test.database, { period: '2023Q3' });
    const expected = summarizeDashboard(q3, [q2]);
    expect(body.kpis).toEqual(expected.kpis);
    expect(body.kpis.notReported).toBeGreaterThanOrEqual(1);
    expect(body.trend).toEqual(expected.trend);
    expect(body.bySection).toEqual(expected.bySection);
    expect(body.byLead.map((l) => l.unit)).toEqual(expected.byLead.map((l) => l.unit));
    expect(body.byLead.every((l) => l.unitId !== null)).toBe(true);
    expect(body.behind.map((b) => b.no)).toEqual(expected.behind.map((b) => b.no));
    expect(body.behind.every((b) => b.taskId !== null)).toBe(true);
  });

  it('shows an earlier period without the later ones in its trend', async () => {
    const response = await app.inject({
      url: '/api/dashboard?period=2023Q2',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    const body = dashboardSchema.parse(response.json());
    expect(body.trend.map((p) => p.period)).toEqual(['2023Q2']);
  });

  it('stays on the latest reported period while a new round has nothing accepted', async () => {
    const office = await createTestUser(test.database, {
      username: 'office',
      role: 'admin',
      organization: '示范区',
    });
    const officeCookie = await loginCookie(app, office);
    const opened = await app.inject({
      method: 'POST',
      url: '/api/periods',
      headers: { ...CSRF_HEADERS, cookie: officeCookie },
      payload: { label: '2023Q4', dueDate: '2024-01-10' },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const shown = async (): Promise<string> => {
      const response = await app.inject({ url: '/api/dashboard', headers: { cookie } });
      expect(response.statusCode, response.body).toBe(200);
      const body = dashboardSchema.parse(response.json());
      // The open round is always offered in the picker.
      expect(body.periods.map((p) => p.label)).toEqual(['2023Q2', '2023Q3', '2023Q4']);
      return body.period.label;
    };
    expect(await shown()).toBe('2023Q3');
    const q4 = await app.inject({ url: '/api/dashboard?period=2023Q4', headers: { cookie } });
    expect(q4.statusCode).toBe(200);
    expect(dashboardSchema.parse(q4.json()).period.label).toBe('2023Q4');

    // A text submitted by a unit is not yet reported; the office's acceptance makes it so.
    const { db } = test.database;
    const period = await db
      .selectFrom('periods')
      .select(['id', 'org_id'])
      .where('label', '=', '2023Q4')
      .executeTakeFirstOrThrow();
    const task = await db
      .selectFrom('tasks')
      .select('id')
      .where('org_id', '=', period.org_id)
      .where('no', '=', '1')
      .executeTakeFirstOrThrow();
    await insertProgress(
      db,
      [
        {
          orgId: period.org_id,
          taskId: task.id,
          periodId: period.id,
          unitId: null,
          text: '已完成全年目标的八成',
          state: 'submitted',
          authorId: null,
        },
      ],
      new Date().toISOString(),
    );
    expect(await shown()).toBe('2023Q3');
    const accept = (at: string | null) =>
      db
        .updateTable('progress_entries')
        .set({ state: at === null ? 'submitted' : 'approved', accepted_at: at })
        .where('period_id', '=', period.id)
        .execute();
    await accept(new Date().toISOString());
    expect(await shown()).toBe('2023Q4');

    // Published (here with the override reason) counts as reported whatever was accepted.
    await accept(null);
    expect(await shown()).toBe('2023Q3');
    const published = await app.inject({
      method: 'POST',
      url: '/api/periods/2023Q4/publish',
      headers: { ...CSRF_HEADERS, cookie: officeCookie },
      payload: { overrideReason: '年终会议急用' },
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(await shown()).toBe('2023Q4');
  });

  it('answers 404 for a period the plan does not have', async () => {
    const response = await app.inject({
      url: '/api/dashboard?period=2030Q1',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(404);
  });
});
