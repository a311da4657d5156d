import {
  analyseLedger,
  findingsViewSchema,
  HALF_BEHIND_LIGHT_RULES,
  ledgerViewSchema,
  planLightRulesSchema,
  taskFiguresSchema,
  type Ledger,
  type LedgerView,
  type TaskFigures,
} from '@duban/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLedger } from '../services/export.service.ts';
import { importLedger } from '../services/import.service.ts';
import { buildTestApp, createTestUser, CSRF_HEADERS, loginCookie } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { readSeedLedger } from '../test/seed.ts';

const source = { sourceName: 'seed.txt', sha256: '0'.repeat(64) };

/** The seed's Q2 text again as Q3: every lagging task lags a second period running. */
function asQ3(seed: Ledger): Ledger {
  return { ...seed, period: { year: 2023, quarter: 3, label: '2023Q3' } };
}

describe.each(DIALECTS)('figures, lights and findings on %s', (dialect) => {
  const seed = readSeedLedger();
  let test: TestDatabase;
  let app: FastifyInstance;
  let admin: string;
  let leader: string;
  let viewer: string;
  /** A reporter of the lead unit of `ownTask`, and one of a unit not on it. */
  let reporter: string;
  let outsider: string;
  let ownTask: Ledger['tasks'][number];

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, seed, source);
    app = await buildTestApp(test.database);
    const organization = seed.organization;
    const cookie = async (
      username: string,
      role: 'admin' | 'leader' | 'viewer' | 'reporter',
      unit?: string,
    ): Promise<string> =>
      loginCookie(app, await createTestUser(test.database, { username, role, organization, unit }));
    admin = await cookie('fig-admin', 'admin');
    leader = await cookie('fig-leader', 'leader');
    viewer = await cookie('fig-viewer', 'viewer');
    // A task with a target and an actual core can measure, and a unit that is not on it.
    const measured = seed.tasks.find(
      (task) => task.targets.length > 0 && task.status.completion !== null && task.lead.length > 0,
    );
    if (measured === undefined) throw new Error('the seed has measurable tasks');
    ownTask = measured;
    const other = seed.tasks
      .flatMap((task) => task.lead)
      .find((unit) => !measured.lead.includes(unit) && !measured.co.includes(unit));
    reporter = await cookie('fig-reporter', 'reporter', measured.lead[0]);
    outsider = await cookie('fig-outsider', 'reporter', other);
  });
  afterAll(async () => {
    await app.close();
    await test.destroy();
  });

  async function getLedger(query: Record<string, string> = {}): Promise<LedgerView> {
    const response = await app.inject({ url: '/api/ledger', query, headers: { cookie: viewer } });
    expect(response.statusCode, response.body).toBe(200);
    return ledgerViewSchema.parse(response.json());
  }

  async function taskId(no: string): Promise<number> {
    const view = await getLedger();
    const row = view.tasks.find((task) => task.no === no);
    if (row === undefined) throw new Error(`no task ${no}`);
    return row.id;
  }

  async function getFigures(id: number, cookie = viewer): Promise<TaskFigures> {
    const response = await app.inject({ url: `/api/tasks/${id}/figures`, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return taskFiguresSchema.parse(response.json());
  }

  it('gives every task of the ledger the light core computes from the stored text', async () => {
    const view = await getLedger();
    expect(view.tasks).toHaveLength(seed.tasks.length);
    const expected = new Map(seed.tasks.map((task) => [task.no, task.status.light]));
    expect(new Map(view.tasks.map((task) => [task.no, task.status?.light]))).toEqual(expected);
    // The seed has tasks in several lights; the counts add up to the tasks shown.
    const counts: Record<string, number> = view.lights ?? {};
    expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(seed.tasks.length);
    expect(Object.values(counts).filter((n) => n > 0).length).toBeGreaterThan(2);
    const withTargets = view.tasks.find((task) => task.no === ownTask.no);
    expect(withTargets?.targets?.map((t) => t.value)).toEqual(ownTask.targets.map((t) => t.value));
    expect(withTargets?.targets?.every((t) => t.origin === 'extracted')).toBe(true);
  });

  it('filters by light and keeps the counts of the other lights', async () => {
    const all = await getLedger();
    for (const light of ['red', 'grey'] as const) {
      const view = await getLedger({ light });
      const want = seed.tasks.filter((task) => task.status.light === light).map((t) => t.no);
      expect(want.length).toBeGreaterThan(0);
      expect(view.tasks.map((task) => task.no)).toEqual(want);
      expect(view.lights).toEqual(all.lights);
    }
    const bad = await app.inject({ url: '/api/ledger?light=purple', headers: { cookie: viewer } });
    expect(bad.statusCode).toBe(400);
  });

  it('lets the task’s unit correct an actual, which then decides the light', async () => {
    const id = await taskId(ownTask.no);
    const before = await getFigures(id, reporter);
    expect(before.canEdit).toBe(true);
    expect((await getFigures(id, viewer)).canEdit).toBe(false);
    const target = before.targets[0];
    if (target === undefined) throw new Error('the task has a target');
    // Zero progress against the target: far behind expected progress in Q2 under any rule.
    const response = await app.inject({
      method: 'POST',
      url: `/api/tasks/${id}/figures`,
      headers: { ...CSRF_HEADERS, cookie: reporter },
      payload: {
        kind: 'actual',
        metric: target.metric,
        value: target.bound === 'max' ? target.value * 10 : 0,
        unit: target.unit,
        origin: 'corrected',
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const after = taskFiguresSchema.parse(response.json());
    expect(after.actuals.find((a) => a.metric === target.metric)?.origin).toBe('corrected');
    expect(after.status.light).toBe('red');
    const row = (await getLedger()).tasks.find((task) => task.no === ownTask.no);
    expect(row?.status?.light).toBe('red');
    // The export (reports, dashboard, `duban export`) counts the corrected figure too.
    const exported = await exportLedger(test.database, {
      organization: seed.organization,
      period: seed.period.label,
    });
    const task = exported.tasks.find((t) => t.no === ownTask.no);
    expect(task?.status.light).toBe('red');
    expect(task?.actuals.some((a) => a.metric === target.metric && a.source === '')).toBe(true);
  });

  it('refuses viewers and units not on the task (403)', async () => {
    const id = await taskId(ownTask.no);
    const payload = { kind: 'actual', metric: '测试', value: 1, unit: '个', origin: 'manual' };
    for (const cookie of [viewer, outsider, leader]) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/tasks/${id}/figures`,
        headers: { ...CSRF_HEADERS, cookie },
        payload,
      });
      expect(response.statusCode, response.body).toBe(403);
    }
    const assess = await app.inject({
      method: 'PUT',
      url: `/api/tasks/${id}/assessment`,
      headers: { ...CSRF_HEADERS, cookie: outsider },
      payload: { verdict: 'done' },
    });
    expect(assess.statusCode).toBe(403);
  });

  it('logs every target change, and requires a reason once a period is published', async () => {
    const id = await taskId(ownTask.no);
    const target = (await getFigures(id)).targets[0];
    if (target === undefined) throw new Error('the task has a target');
    const change = (value: number, reason?: string) =>
      app.inject({
        method: 'POST',
        url: `/api/tasks/${id}/figures`,
        headers: { ...CSRF_HEADERS, cookie: admin },
        payload: {
          kind: 'target',
          metric: target.metric,
          value,
          unit: target.unit,
          bound: target.bound ?? 'min',
          origin: 'corrected',
          ...(reason === undefined ? {} : { reason }),
        },
      });
    const first = await change(target.value * 2);
    expect(first.statusCode, first.body).toBe(200);
    await test.database.db.updateTable('periods').set({ state: 'published' }).execute();
    try {
      const quiet = await change(target.value * 3);
      expect(quiet.statusCode).toBe(400);
      expect(quiet.json()).toMatchObject({ error: { code: 'reason-required' } });
      const told = await change(target.value * 3, '市里调整了年度目标');
      expect(told.statusCode, told.body).toBe(200);
      const figures = taskFiguresSchema.parse(told.json());
      expect(figures.targets.find((t) => t.metric === target.metric)?.value).toBe(target.value * 3);
      expect(figures.targetChanges).toHaveLength(2);
      expect(figures.targetChanges[0]).toMatchObject({
        metric: target.metric,
        before: { value: target.value },
        after: { value: target.value * 2 },
        reason: null,
      });
      expect(figures.targetChanges[1]).toMatchObject({
        before: { value: target.value * 2 },
        after: { value: target.value * 3 },
        reason: '市里调整了年度目标',
        author: 'fig-admin',
      });
    } finally {
      await test.database.db.updateTable('periods').set({ state: 'open' }).execute();
    }
  });

  it('lights a task without figures from the office’s assessment, never from nothing', async () => {
    const bare = seed.tasks.find((task) => task.status.light === 'grey' && task.progress !== '');
    if (bare === undefined) throw new Error('the seed has unmeasured tasks');
    const id = await taskId(bare.no);
    expect((await getFigures(id)).status).toMatchObject({ light: 'grey', basis: 'none' });
    const response = await app.inject({
      method: 'PUT',
      url: `/api/tasks/${id}/assessment`,
      headers: { ...CSRF_HEADERS, cookie: admin },
      payload: { verdict: 'behind' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const figures = taskFiguresSchema.parse(response.json());
    expect(figures.status).toMatchObject({ light: 'yellow', basis: 'office' });
    expect(figures.assessments).toMatchObject([{ by: 'office', verdict: 'behind' }]);
  });

  it('lists the period’s findings for the office and leaders, and dismisses one with a reason', async () => {
    const denied = await app.inject({ url: '/api/findings', headers: { cookie: viewer } });
    expect(denied.statusCode).toBe(403);
    const response = await app.inject({ url: '/api/findings', headers: { cookie: leader } });
    expect(response.statusCode, response.body).toBe(200);
    const view = findingsViewSchema.parse(response.json());
    const duplicate = view.findings.find(
      (f) => f.kind === 'duplicate-progress' && f.tasks.some((t) => t.no === '123'),
    );
    expect(duplicate?.tasks.map((t) => t.no)).toEqual(['98', '123']);
    expect(duplicate?.dismissal).toBeNull();
    expect(view.findings.map((f) => f.kind)).toEqual(
      expect.arrayContaining(['duplicate-progress', 'conflicting-figure']),
    );

    const dismiss = await app.inject({
      method: 'POST',
      url: '/api/findings/dismissals',
      headers: { ...CSRF_HEADERS, cookie: admin },
      payload: {
        period: view.period.label,
        kind: 'duplicate-progress',
        tasks: ['98', '123'],
        reason: '两项任务确由同一项目支撑',
      },
    });
    expect(dismiss.statusCode, dismiss.body).toBe(204);
    const byLeader = await app.inject({
      method: 'POST',
      url: '/api/findings/dismissals',
      headers: { ...CSRF_HEADERS, cookie: leader },
      payload: {
        period: view.period.label,
        kind: 'duplicate-progress',
        tasks: ['98', '123'],
        reason: 'x',
      },
    });
    expect(byLeader.statusCode).toBe(403);
    const again = findingsViewSchema.parse(
      (await app.inject({ url: '/api/findings', headers: { cookie: admin } })).json(),
    );
    const dismissed = again.findings.find(
      (f) => f.kind === 'duplicate-progress' && f.tasks.some((t) => t.no === '123'),
    );
    expect(dismissed?.dismissal).toMatchObject({
      reason: '两项任务确由同一项目支撑',
      author: 'fig-admin',
    });
    // The finding shows on its tasks too.
    const onTask = await getFigures(await taskId('123'));
    expect(onTask.findings.some((f) => f.kind === 'duplicate-progress')).toBe(true);
  });

  it('keeps light rules per plan: defaults until the office chooses, validated', async () => {
    const view = await getLedger();
    const url = `/api/plans/${view.plan.id}/light-rules`;
    const initial = planLightRulesSchema.parse(
      (await app.inject({ url, headers: { cookie: viewer } })).json(),
    );
    expect(initial.stored).toBe(false);
    expect(initial.presets.length).toBeGreaterThanOrEqual(3);
    const invalid = await app.inject({
      method: 'PUT',
      url,
      headers: { ...CSRF_HEADERS, cookie: admin },
      payload: { rules: { ...HALF_BEHIND_LIGHT_RULES, yellowFrom: 0.6, redAbove: 0.2 } },
    });
    expect(invalid.statusCode).toBe(400);
    const saved = await app.inject({
      method: 'PUT',
      url,
      headers: { ...CSRF_HEADERS, cookie: admin },
      payload: { rules: HALF_BEHIND_LIGHT_RULES },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(planLightRulesSchema.parse(saved.json())).toMatchObject({
      stored: true,
      rules: HALF_BEHIND_LIGHT_RULES,
    });
    // The ledger now lights by the plan's rules, as core does with them (tasks changed by the
    // tests above aside).
    const touched = new Set([ownTask.no]);
    const expected = analyseLedger(seed, { rules: HALF_BEHIND_LIGHT_RULES });
    const relit = await getLedger();
    const differs = expected.tasks.filter(
      (task, i) => task.status.light !== seed.tasks[i]?.status.light,
    );
    expect(differs.length).toBeGreaterThan(0);
    for (const task of expected.tasks) {
      if (touched.has(task.no) || task.status.light === 'grey') continue;
      expect([task.no, relit.tasks.find((t) => t.no === task.no)?.status?.light]).toEqual([
        task.no,
        task.status.light,
      ]);
    }
    await app.inject({
      method: 'PUT',
      url,
      headers: { ...CSRF_HEADERS, cookie: admin },
      payload: { rules: initial.rules },
    });
  });

  it('puts tasks lagging two periods running on the ladder, and shows it on the task', async () => {
    await importLedger(test.database, asQ3(seed), source);
    const response = await app.inject({ url: '/api/findings', headers: { cookie: admin } });
    const view = findingsViewSchema.parse(response.json());
    expect(view.period.label).toBe('2023Q3');
    const q3 = analyseLedger(asQ3(seed));
    const lagging = seed.tasks
      .filter((task, i) => {
        const later = q3.tasks[i]?.status.light;
        return (
          !['98', '123', ownTask.no].includes(task.no) &&
          ['yellow', 'red'].includes(task.status.light) &&
          later !== undefined &&
          ['yellow', 'red'].includes(later)
        );
      })
      .map((task) => task.no);
    expect(lagging.length).toBeGreaterThan(0);
    const listed = view.escalations.map((e) => e.task.no);
    expect(listed).toEqual(expect.arrayContaining(lagging));
    expect(view.escalations.every((e) => e.escalation.action === 'reminder')).toBe(true);
    const one = lagging[0] ?? '';
    const figures = await getFigures(await taskId(one));
    expect(figures.escalation).toMatchObject({ action: 'reminder', periods: 2 });
    expect(figures.quarters.map((q) => q.period)).toEqual(['2023Q2', '2023Q3']);
    // The same progress as last period is a stale-progress finding now.
    expect(view.findings.some((f) => f.kind === 'stale-progress')).toBe(true);
  });
});
