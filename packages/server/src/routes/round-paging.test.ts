import { roundPageSchema, type RoundPage, type RoundState } from '@duban/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPlanTaskUnitRoles, listTaskUnits, type TaskUnitRole } from '../repos/tasks.repo.ts';
import { importLedger } from '../services/import.service.ts';
import { buildTestApp } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { getSeedTaskWithCoUnits, readSeedLedger } from '../test/seed.ts';
import { buildTestUsers, errorOf } from '../test/test-users.ts';

const source = { sourceName: 'seed.txt', sha256: '0'.repeat(64) };
const Q3 = '2023Q3';

/** Issue 7: 本期填报 paged and filtered on the server, with the tabs' counts. */
describe.each(DIALECTS)('the round’s pages on %s', (dialect) => {
  const seed = readSeedLedger();
  const { task: seedTask, leadUnit, coUnit } = getSeedTaskWithCoUnits(seed);
  const servedBy = (unit: string) =>
    seed.tasks.filter((task) => task.lead.includes(unit) || task.co.includes(unit));

  let test: TestDatabase;
  let app: FastifyInstance;
  let taskId = 0;
  const { addUser, call } = buildTestUsers(() => ({ app, database: test.database }), {
    organization: seed.organization,
  });

  async function pageAs(who: string, query = ''): Promise<RoundPage> {
    const response = await call(who, 'GET', `/api/round?period=${Q3}${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return roundPageSchema.parse(response.json());
  }
  const nos = (page: RoundPage) => page.tasks.map((task) => task.no);
  const act = async (who: string, action: string, text?: string) => {
    const response =
      text === undefined
        ? await call(who, 'POST', `/api/round/tasks/${taskId}/transitions`, {
            period: Q3,
            part: 'consolidated',
            action,
          })
        : await call(who, 'PUT', `/api/round/tasks/${taskId}/progress`, {
            period: Q3,
            part: 'consolidated',
            baseVersion: 0,
            text,
          });
    expect(response.statusCode, response.body).toBe(200);
  };

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, seed, source);
    app = await buildTestApp(test.database);
    await addUser('office', 'admin');
    await addUser('lead-reporter', 'reporter', leadUnit);
    await addUser('lead-head', 'unit_head', leadUnit);
    await addUser('co-reporter', 'reporter', coUnit);
    await addUser('leader', 'leader');
    const opened = await call('office', 'POST', '/api/periods', {
      label: Q3,
      dueDate: '2023-10-10',
    });
    expect(opened.statusCode, opened.body).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await test.destroy();
  });

  it('pages every task for the office: 50 by default, in ledger order, with the total', async () => {
    const first = await pageAs('office');
    expect(first).toMatchObject({
      offset: 0,
      limit: 50,
      total: seed.tasks.length,
      counts: { todo: 0, instructed: 0, all: seed.tasks.length },
    });
    expect(first.tasks).toHaveLength(50);
    const pages = [
      first,
      await pageAs('office', '&offset=50'),
      await pageAs('office', '&offset=100'),
    ];
    expect(pages.flatMap(nos)).toEqual(seed.tasks.map((task) => task.no));
    expect(pages[2]?.tasks).toHaveLength(seed.tasks.length - 100);
    const big = await pageAs('office', '&limit=200');
    expect(nos(big)).toEqual(seed.tasks.map((task) => task.no));
    expect(await pageAs('office', '&offset=500')).toMatchObject({
      tasks: [],
      total: seed.tasks.length,
    });
    const task = big.tasks.find((candidate) => candidate.no === seedTask.no);
    taskId = task?.id ?? 0;
    // The task keeps its answer's form: the office sees every part, attributed.
    expect(task?.entries.map((entry) => entry.unit?.name ?? 'consolidated')).toEqual([
      'consolidated',
      ...seedTask.co,
    ]);
  });

  it('shows a unit’s users only their unit’s tasks, and narrows them by another unit', async () => {
    const mine = await pageAs('lead-reporter', '&limit=200');
    expect(nos(mine)).toEqual(servedBy(leadUnit).map((task) => task.no));
    expect(mine.total).toBe(servedBy(leadUnit).length);
    // A reporter's to-do: every entry it may write (its consolidated texts and its parts).
    expect(mine.counts).toEqual({ todo: mine.total, instructed: 0, all: mine.total });
    const coId = mine.tasks
      .find((task) => task.no === seedTask.no)
      ?.co.find((unit) => unit.name === coUnit)?.id;
    const both = await pageAs('lead-reporter', `&unit=${coId}&limit=200`);
    expect(nos(both)).toEqual(
      seed.tasks
        .filter((task) => servedBy(leadUnit).includes(task) && servedBy(coUnit).includes(task))
        .map((task) => task.no),
    );
    const co = await pageAs('co-reporter', '&limit=200');
    expect(nos(co)).toEqual(servedBy(coUnit).map((task) => task.no));
  });

  it('filters by unit, section and search (序号 exact and first, or text)', async () => {
    const all = await pageAs('office', '&limit=200');
    const coId = all.tasks.flatMap((task) => task.co).find((unit) => unit.name === coUnit)?.id;
    const byUnit = await pageAs('office', `&unit=${coId}&limit=200`);
    expect(nos(byUnit)).toEqual(servedBy(coUnit).map((task) => task.no));
    expect(byUnit.counts.all).toBe(byUnit.total);
    const section = seed.tasks[0]?.section ?? '';
    const bySection = await pageAs('office', `&section=${encodeURIComponent(section)}&limit=200`);
    expect(nos(bySection)).toEqual(
      seed.tasks.filter((task) => task.section === section).map((task) => task.no),
    );
    const byNo = await pageAs('office', `&q=${encodeURIComponent(seedTask.no)}`);
    expect(byNo.tasks[0]?.no).toBe(seedTask.no);
    const word = Array.from(seedTask.text).slice(0, 6).join('');
    const byText = await pageAs('office', `&q=${encodeURIComponent(word)}&limit=200`);
    expect(nos(byText)).toContain(seedTask.no);
    expect(byText.total).toBe(byText.tasks.length);
    for (const task of byText.tasks) {
      expect(
        task.no === word ||
          task.text.includes(word) ||
          [...task.lead, ...task.co].some((unit) => unit.name.includes(word)),
      ).toBe(true);
    }
    expect((await pageAs('office', '&q=没有这样的任务文字')).total).toBe(0);
  });

  it('puts a task in the office’s 待我处理 once approved, by state, and keeps it after acceptance', async () => {
    await act('lead-reporter', 'save', '三季度：项目加快推进。');
    await act('lead-reporter', 'submit');
    // The head's to-do: what its reporter submitted.
    const head = await pageAs('lead-head', '&filter=todo');
    expect(head.tasks.map((task) => task.id)).toEqual([taskId]);
    expect(head.counts.todo).toBe(1);
    await act('lead-head', 'approve');
    const todo = await pageAs('office', '&filter=todo');
    expect(todo.tasks.map((task) => task.id)).toEqual([taskId]);
    expect(todo).toMatchObject({ total: 1, counts: { todo: 1, all: seed.tasks.length } });
    const approved = await pageAs('office', '&state=approved');
    expect(approved.tasks.map((task) => task.id)).toEqual([taskId]);
    expect(approved.counts).toEqual({ todo: 1, instructed: 0, all: 1 });

    await act('office', 'accept');
    expect((await pageAs('office', '&filter=todo')).total).toBe(0);
    // Acted on during this visit: it stays listed, but no longer counts as waiting.
    const kept = await pageAs('office', `&filter=todo&keep=${taskId}`);
    expect(kept.tasks.map((task) => task.id)).toEqual([taskId]);
    expect(kept).toMatchObject({ total: 1, counts: { todo: 0 } });
    const states = (await pageAs('office', '&limit=200')).tasks.map(
      (task) => new Set(task.entries.map((entry) => entry.state)),
    );
    for (const state of ['accepted', 'not_started'] as RoundState[]) {
      const page = await pageAs('office', `&state=${state}&limit=200`);
      expect(page.total).toBe(states.filter((set) => set.has(state)).length);
      for (const task of page.tasks) {
        expect(task.entries.some((entry) => entry.state === state)).toBe(true);
      }
    }
  });

  it('lists a leader’s 已批示: the tasks carrying a 批示 this period', async () => {
    expect((await pageAs('leader', '&filter=instructed')).total).toBe(0);
    const written = await call('leader', 'POST', `/api/round/tasks/${taskId}/instructions`, {
      period: Q3,
      text: '请加快进度',
    });
    expect(written.statusCode, written.body).toBe(201);
    const instructed = await pageAs('leader', '&filter=instructed');
    expect(instructed.tasks.map((task) => task.id)).toEqual([taskId]);
    expect(instructed).toMatchObject({
      total: 1,
      counts: { todo: 0, instructed: 1, all: seed.tasks.length },
    });
  });

  it('reads the units of a large list by plan as listTaskUnits reads them by id', async () => {
    // Lists of more than 500 tasks take this path; the seed's 126 take the other.
    const { db } = test.database;
    const task = await db
      .selectFrom('tasks')
      .select(['plan_id as planId'])
      .where('id', '=', taskId)
      .executeTakeFirstOrThrow();
    const ids = (
      await db.selectFrom('tasks').select('id').where('plan_id', '=', task.planId).execute()
    ).map((row) => row.id);
    const byPlan = await listPlanTaskUnitRoles(db, task.planId);
    const byId = await listTaskUnits(db, ids);
    const roles = (map: ReadonlyMap<number, readonly TaskUnitRole[]>) =>
      [...map.entries()]
        .flatMap(([id, units]) => units.map((unit) => `${id}:${unit.unitId}:${unit.role}`))
        .sort();
    expect(roles(byPlan)).toEqual(roles(byId));
    expect(byPlan.get(taskId)?.length).toBe(1 + seedTask.co.length);
  });

  it('refuses bad paging and filters with 400, saying where and what', async () => {
    for (const [query, path] of [
      ['limit=0', 'querystring.limit'],
      ['limit=201', 'querystring.limit'],
      ['limit=abc', 'querystring.limit'],
      ['offset=-1', 'querystring.offset'],
      ['filter=mine', 'querystring.filter'],
      ['state=done', 'querystring.state'],
      ['keep=1,x', 'querystring.keep'],
    ] as const) {
      const response = await call('office', 'GET', `/api/round?${query}`);
      expect(errorOf(response, 400), query).toBe('invalid-request');
      expect(response.json()).toMatchObject({
        error: { message: expect.stringContaining(path) as unknown, details: [{ path }] },
      });
    }
  });
});
