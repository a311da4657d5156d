import {
  boardSchema,
  errorBodySchema,
  publishBlockedDetailsSchema,
  myNotificationsSchema,
  roundEntrySchema,
  roundTaskSchema,
  roundViewSchema,
  staleVersionDetailsSchema,
  versionHistorySchema,
  type RoundEntryDto,
  type RoundTask,
} from '@duban/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLedger } from '../services/import.service.ts';
import { buildTestApp } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { buildLedger } from '../test/factories.ts';
import { getSeedTaskWithCoUnits, readSeedLedger } from '../test/seed.ts';
import { buildTestUsers, errorOf } from '../test/test-users.ts';

const source = { sourceName: 'seed.txt', sha256: '0'.repeat(64) };
const Q3 = '2023Q3';

describe.each(DIALECTS)('the reporting round on %s', (dialect) => {
  const seed = readSeedLedger();
  const { task: seedTask, leadUnit, coUnit } = getSeedTaskWithCoUnits(seed);

  let test: TestDatabase;
  let app: FastifyInstance;
  let taskId = 0;
  let coUnitId = 0;
  const { addUser, call } = buildTestUsers(() => ({ app, database: test.database }), {
    organization: seed.organization,
  });

  const save = (who: string, part: 'consolidated' | number, baseVersion: number, text: string) =>
    call(who, 'PUT', `/api/round/tasks/${taskId}/progress`, {
      period: Q3,
      part,
      baseVersion,
      text,
    });
  const step = (who: string, part: 'consolidated' | number, action: string, reason?: string) =>
    call(who, 'POST', `/api/round/tasks/${taskId}/transitions`, {
      period: Q3,
      part,
      action,
      ...(reason === undefined ? {} : { reason }),
    });
  const entryOf = (response: LightMyRequestResponse): RoundEntryDto => {
    expect(response.statusCode, response.body).toBe(200);
    return roundEntrySchema.parse(response.json());
  };
  async function taskAs(who: string): Promise<RoundTask> {
    const response = await call(who, 'GET', `/api/round/tasks/${taskId}?period=${Q3}`);
    expect(response.statusCode, response.body).toBe(200);
    return roundTaskSchema.parse(response.json());
  }

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, seed, source);
    await importLedger(test.database, buildLedger({ organization: '示范区' }), source);
    app = await buildTestApp(test.database);
    await addUser('office', 'admin');
    await addUser('lead-reporter', 'reporter', leadUnit);
    await addUser('lead-head', 'unit_head', leadUnit);
    await addUser('co-reporter', 'reporter', coUnit);
    await addUser('co-head', 'unit_head', coUnit);
    await addUser('leader', 'leader');
    await addUser('viewer', 'viewer');
    await addUser('other-org-admin', 'admin', undefined, '示范区');
    await addUser('other-org-reporter', 'reporter', '区发改委', '示范区');
  });
  afterAll(async () => {
    await app.close();
    await test.destroy();
  });

  it('lets only the office open a period, once, for a year that has a plan', async () => {
    expect(
      errorOf(
        await call('lead-reporter', 'POST', '/api/periods', { label: Q3, dueDate: '2023-10-10' }),
        403,
      ),
    ).toBe('forbidden');
    const opened = await call('office', 'POST', '/api/periods', {
      label: Q3,
      dueDate: '2023-10-10',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json()).toMatchObject({
      label: Q3,
      dueDate: '2023-10-10',
      state: 'open',
      title: `${seed.organization}2023年三季度重点工作进展和完成情况`,
    });
    expect(
      errorOf(
        await call('office', 'POST', '/api/periods', { label: Q3, dueDate: '2023-10-10' }),
        409,
      ),
    ).toBe('period-exists');
    expect(
      errorOf(
        await call('office', 'POST', '/api/periods', { label: '2031Q1', dueDate: '2031-04-10' }),
        404,
      ),
    ).toBe('not-found');
  });

  it("shows a reporter its unit's tasks, lead and co, with last period's text beside them", async () => {
    const response = await call('lead-reporter', 'GET', '/api/round?limit=200');
    expect(response.statusCode, response.body).toBe(200);
    const view = roundViewSchema.parse(response.json());
    expect(view.period.label).toBe(Q3);
    const expected = seed.tasks.filter(
      (task) => task.lead.includes(leadUnit) || task.co.includes(leadUnit),
    );
    expect(view.tasks.map((task) => task.no)).toEqual(expected.map((task) => task.no));
    const mine = view.tasks.find((task) => task.no === seedTask.no);
    if (mine === undefined) throw new Error('the task is missing from my tasks');
    taskId = mine.id;
    expect(mine.myRole).toBe('lead');
    // Consolidated first, then every co-unit's part, attributed.
    expect(mine.entries.map((entry) => entry.unit?.name ?? 'consolidated')).toEqual([
      'consolidated',
      ...seedTask.co,
    ]);
    const consolidated = mine.entries[0];
    expect(consolidated).toMatchObject({
      state: 'not_started',
      version: 0,
      previousText: seedTask.progress,
      actions: ['save'],
    });
    coUnitId = mine.entries[1]?.unit?.id ?? 0;

    const coView = roundViewSchema.parse(
      (await call('co-reporter', 'GET', '/api/round?limit=200')).json(),
    );
    const coTask = coView.tasks.find((task) => task.id === taskId);
    expect(coTask?.myRole).toBe('co');
    // A co-unit sees only its own part.
    expect(coTask?.entries.map((entry) => entry.part)).toEqual([coUnitId]);

    const office = roundViewSchema.parse(
      (await call('office', 'GET', '/api/round?limit=200')).json(),
    );
    expect(office.tasks).toHaveLength(seed.tasks.length);
  });

  it('runs a whole round: co-unit part, consolidation, approval, acceptance, publishing, reopening', async () => {
    // The co-unit writes and sends its part; its head approves.
    const part = entryOf(await save('co-reporter', coUnitId, 0, '配合完成项目用地报批。'));
    expect(part).toMatchObject({ state: 'draft', version: 1, actions: ['save', 'submit'] });
    expect(entryOf(await step('co-reporter', coUnitId, 'submit')).state).toBe('submitted');
    expect(entryOf(await step('co-head', coUnitId, 'approve')).state).toBe('approved');

    // The lead unit sees the co-unit's part, attributed, and another co-unit that sent nothing.
    const seen = await taskAs('lead-reporter');
    const coPart = seen.entries.find((entry) => entry.part === coUnitId);
    expect(coPart).toMatchObject({
      text: '配合完成项目用地报批。',
      state: 'approved',
      updatedBy: 'co-reporter',
    });
    if (seedTask.co.length > 1) {
      expect(seen.entries.filter((entry) => entry.state === 'not_started').length).toBeGreaterThan(
        0,
      );
    }

    // The lead writes the consolidated progress, submits; its head approves; the office returns.
    const first = entryOf(await save('lead-reporter', 'consolidated', 0, '三季度：项目加快推进。'));
    const second = entryOf(
      await save(
        'lead-reporter',
        'consolidated',
        first.version,
        '三季度：项目加快推进，用地已报批。',
      ),
    );
    expect(second.version).toBe(2);
    expect(entryOf(await step('lead-reporter', 'consolidated', 'submit')).state).toBe('submitted');
    expect(entryOf(await step('lead-head', 'consolidated', 'approve')).state).toBe('approved');
    const returned = entryOf(await step('office', 'consolidated', 'return', '请补充完成率'));
    expect(returned).toMatchObject({ state: 'returned', returnReason: '请补充完成率' });
    // The reporter sees the reason and may edit again.
    const asReporter = (await taskAs('lead-reporter')).entries[0];
    expect(asReporter).toMatchObject({
      state: 'returned',
      returnReason: '请补充完成率',
      actions: ['save', 'submit'],
    });
    const third = entryOf(
      await save(
        'lead-reporter',
        'consolidated',
        second.version,
        '三季度：项目加快推进，完成年度目标的75%。',
      ),
    );
    expect(entryOf(await step('lead-reporter', 'consolidated', 'submit'))).toMatchObject({
      state: 'submitted',
      returnReason: null,
    });
    expect(entryOf(await step('lead-head', 'consolidated', 'approve')).state).toBe('approved');
    expect(entryOf(await step('office', 'consolidated', 'accept')).state).toBe('accepted');

    // Publishing needs every task accepted, or an explicit override reason.
    const blocked = await call('office', 'POST', `/api/periods/${Q3}/publish`);
    expect(errorOf(blocked, 409)).toBe('publish-blocked');
    const details = publishBlockedDetailsSchema.parse(
      errorBodySchema.parse(blocked.json()).error.details,
    );
    expect(details.notAccepted).toBe(seed.tasks.length - 1);
    expect(details.tasks.map((task) => task.id)).not.toContain(taskId);
    expect(details.tasks.every((task) => task.state !== 'accepted')).toBe(true);
    expect(
      errorOf(
        await call('office', 'POST', `/api/periods/${Q3}/publish`, { overrideReason: '  ' }),
        409,
      ),
    ).toBe('publish-blocked');
    // Publishing locks the period.
    const published = await call('office', 'POST', `/api/periods/${Q3}/publish`, {
      overrideReason: '其余任务沿用上期内容，经领导同意先行发布',
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ state: 'published' });
    expect(
      errorOf(
        await call('office', 'POST', `/api/periods/${Q3}/publish`, { overrideReason: '再发一次' }),
        409,
      ),
    ).toBe('transition-invalid');
    expect(errorOf(await save('lead-reporter', 'consolidated', third.version, '改一下'), 409)).toBe(
      'period-locked',
    );
    expect(errorOf(await step('office', 'consolidated', 'reopen'), 400)).toBe('invalid-request');
    const reopened = entryOf(await step('office', 'consolidated', 'reopen', '数据口径调整'));
    expect(reopened).toMatchObject({ state: 'returned', returnReason: '数据口径调整' });
    const fourth = entryOf(
      await save(
        'lead-reporter',
        'consolidated',
        third.version,
        '三季度：项目加快推进，完成年度目标的78%。',
      ),
    );
    expect(fourth.version).toBe(third.version + 1);

    // Both the published text and the later one are kept.
    const versions = versionHistorySchema.parse(
      (await call('office', 'GET', `/api/round/tasks/${taskId}/versions`)).json(),
    );
    const texts = versions
      .filter((v) => v.period === Q3 && v.part === 'consolidated')
      .map((v) => v.text);
    expect(texts).toEqual([
      '三季度：项目加快推进。',
      '三季度：项目加快推进，用地已报批。',
      '三季度：项目加快推进，完成年度目标的75%。',
      '三季度：项目加快推进，完成年度目标的78%。',
    ]);
    expect(versions.some((v) => v.period === '2023Q2' && v.text === seedTask.progress)).toBe(true);
    // A co-unit's history shows only its own part.
    const coVersions = versionHistorySchema.parse(
      (await call('co-reporter', 'GET', `/api/round/tasks/${taskId}/versions`)).json(),
    );
    expect(coVersions.map((v) => v.part)).toEqual([coUnitId]);

    // Every save and every transition is in the audit log, with who and the reason.
    const audit = await test.database.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', 'like', 'round.%')
      .orderBy('id')
      .execute();
    expect(audit.map((row) => row.action)).toEqual([
      'round.open',
      'round.save',
      'round.submit',
      'round.approve',
      'round.save',
      'round.save',
      'round.submit',
      'round.approve',
      'round.return',
      'round.save',
      'round.submit',
      'round.approve',
      'round.accept',
      'round.publish',
      'round.reopen',
      'round.save',
    ]);
    const publishRow = audit.find((row) => row.action === 'round.publish');
    expect(JSON.parse(publishRow?.detail ?? '{}')).toMatchObject({
      overrideReason: '其余任务沿用上期内容，经领导同意先行发布',
      notAccepted: seed.tasks.length - 1,
    });
    const returnRow = audit.find((row) => row.action === 'round.return');
    expect(JSON.parse(returnRow?.detail ?? '{}')).toMatchObject({
      from: 'approved',
      to: 'returned',
      reason: '请补充完成率',
      part: 'consolidated',
    });
  });

  it('refuses every step a role may not take, with a clear code', async () => {
    // A fresh task of the lead unit in the (now published) period is locked; use a new period.
    const opened = await call('office', 'POST', '/api/periods', {
      label: '2023Q4',
      dueDate: '2024-01-10',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const put = (who: string, part: 'consolidated' | number, baseVersion: number, text: string) =>
      call(who, 'PUT', `/api/round/tasks/${taskId}/progress`, {
        period: '2023Q4',
        part,
        baseVersion,
        text,
      });
    const act = (who: string, part: 'consolidated' | number, action: string, reason?: string) =>
      call(who, 'POST', `/api/round/tasks/${taskId}/transitions`, {
        period: '2023Q4',
        part,
        action,
        ...(reason === undefined ? {} : { reason }),
      });
    // Q3 is now "last period": its accepted text is what the editor pre-fills.
    const q4 = roundTaskSchema.parse(
      (await call('lead-reporter', 'GET', `/api/round/tasks/${taskId}?period=2023Q4`)).json(),
    );
    expect(q4.entries[0]?.previousText).toBe('三季度：项目加快推进，完成年度目标的78%。');

    // Roles the route refuses outright.
    for (const who of ['leader', 'viewer', 'office', 'lead-head']) {
      expect(errorOf(await put(who, 'consolidated', 0, '越权'), 403), who).toBe('forbidden');
    }
    // A co-unit may not write the consolidated text; the lead may not write a co-unit's part.
    expect(errorOf(await put('co-reporter', 'consolidated', 0, '越权'), 403)).toBe(
      'transition-forbidden',
    );
    expect(errorOf(await put('lead-reporter', coUnitId, 0, '越权'), 403)).toBe(
      'transition-forbidden',
    );

    expect(entryOf(await put('lead-reporter', 'consolidated', 0, '四季度进展')).state).toBe(
      'draft',
    );
    // Nobody approves or accepts a draft; a reporter never approves; the office never submits.
    expect(errorOf(await act('lead-head', 'consolidated', 'approve'), 409)).toBe(
      'transition-invalid',
    );
    expect(errorOf(await act('office', 'consolidated', 'submit'), 403)).toBe(
      'transition-forbidden',
    );
    expect(entryOf(await act('lead-reporter', 'consolidated', 'submit')).state).toBe('submitted');
    expect(errorOf(await act('lead-reporter', 'consolidated', 'approve'), 403)).toBe(
      'transition-forbidden',
    );
    expect(errorOf(await act('co-head', 'consolidated', 'approve'), 403)).toBe(
      'transition-forbidden',
    );
    expect(errorOf(await act('co-head', 'consolidated', 'return', '不行'), 403)).toBe(
      'transition-forbidden',
    );
    expect(errorOf(await act('office', 'consolidated', 'accept'), 409)).toBe('transition-invalid');
    expect(errorOf(await act('leader', 'consolidated', 'accept'), 403)).toBe('forbidden');
    expect(errorOf(await put('lead-reporter', 'consolidated', 2, '已报送后再改'), 409)).toBe(
      'transition-invalid',
    );
    expect(errorOf(await act('lead-head', 'consolidated', 'return'), 400)).toBe('invalid-request');
    expect(entryOf(await act('lead-head', 'consolidated', 'return', '补充数据')).state).toBe(
      'returned',
    );
    expect(errorOf(await act('office', 'consolidated', 'reopen', '无需'), 409)).toBe(
      'transition-invalid',
    );
  });

  it('refuses a save based on an old version with 409 stale-version and both texts', async () => {
    const task = await taskAs('co-reporter');
    const base = task.entries[0]?.version ?? -1;
    expect(base).toBe(1);
    // Q3 is published and the part was not reopened: reopen it first.
    entryOf(await step('office', coUnitId, 'reopen', '请更新'));
    const current = (await taskAs('co-reporter')).entries[0];
    const mine = entryOf(await save('co-reporter', coUnitId, current?.version ?? 0, '甲的修改'));
    const theirs = await save('co-reporter', coUnitId, current?.version ?? 0, '乙的修改');
    expect(errorOf(theirs, 409)).toBe('stale-version');
    const details = staleVersionDetailsSchema.parse(
      errorBodySchema.parse(theirs.json()).error.details,
    );
    expect(details).toMatchObject({
      yours: '乙的修改',
      baseVersion: current?.version,
      current: { text: '甲的修改', version: mine.version, updatedBy: 'co-reporter' },
    });
    expect(details.current.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // Nothing was overwritten.
    expect((await taskAs('co-reporter')).entries[0]?.text).toBe('甲的修改');
  });

  it("keeps organisations apart: another district's users cannot read or write these tasks", async () => {
    expect(
      errorOf(await call('other-org-admin', 'GET', `/api/round/tasks/${taskId}?period=${Q3}`), 404),
    ).toBe('period-not-found');
    expect(
      errorOf(await call('other-org-admin', 'GET', `/api/round/tasks/${taskId}/versions`), 404),
    ).toBe('not-found');
    expect(
      errorOf(
        await call('other-org-reporter', 'PUT', `/api/round/tasks/${taskId}/progress`, {
          period: Q3,
          part: 'consolidated',
          baseVersion: 0,
          text: '越界',
        }),
        404,
      ),
    ).toBe('period-not-found');
    expect(errorOf(await call('other-org-admin', 'GET', '/api/round/board'), 404)).toBe(
      'period-not-found',
    );
  });

  it('counts every unit by state on the board, and reminds a late unit in the app', async () => {
    const response = await call('office', 'GET', `/api/round/board?period=${Q3}`);
    expect(response.statusCode, response.body).toBe(200);
    const board = boardSchema.parse(response.json());
    const lead = board.rows.find((row) => row.unit.name === leadUnit);
    const co = board.rows.find((row) => row.unit.name === coUnit);
    // Every entry of the plan counted once per owner unit.
    const expectedEntries = seed.tasks.reduce(
      (sum, task) => sum + task.lead.length + task.co.length,
      0,
    );
    expect(board.rows.reduce((sum, row) => sum + row.total, 0)).toBe(expectedEntries);
    expect(lead?.counts.draft).toBeGreaterThanOrEqual(1);
    expect(co?.counts.draft).toBeGreaterThanOrEqual(1);
    // The due date (2023-10-10) is past: whatever is not submitted is late.
    expect(lead?.counts.late).toBe(
      (lead?.counts.not_started ?? 0) + (lead?.counts.draft ?? 0) + (lead?.counts.returned ?? 0),
    );
    expect(errorOf(await call('lead-reporter', 'GET', '/api/round/board'), 403)).toBe('forbidden');

    expect(
      (await call('office', 'POST', '/api/round/reminders', { period: Q3, unitId: coUnitId }))
        .statusCode,
    ).toBe(204);
    const notes = myNotificationsSchema.parse(
      (await call('co-head', 'GET', '/api/notifications')).json(),
    ).items;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'reminder', period: Q3 });
    expect(notes[0]?.message).toContain('2023-10-10');
    const leadNotes = myNotificationsSchema.parse(
      (await call('lead-reporter', 'GET', '/api/notifications')).json(),
    ).items;
    expect(leadNotes).toEqual([]);
  });
});
