import {
  DEFAULT_LIGHT_RULES,
  ledgerViewSchema,
  taskFiguresSchema,
  type Ledger,
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

/**
 * Seed task 38 (区委人才办, 2023 Q2): 新招引领军人才 9 of 10, 高端人才 94 of 100, 大学生 9168 of
 * 15000 and 高层次人才团队 5 of 20. The weakest target decides: 25 % done against 50 %
 * time-proportional progress is 25 points behind, red under the default rules (more than 20).
 * With the office's milestone of 25 % at Q2 the task is on its own track (green); at 40 % it is
 * 15 points behind (yellow).
 */
const TASK_NO = '38';

describe.each(DIALECTS)(
  'milestones, the escalation ladder and deleting figures on %s',
  (dialect) => {
    const seed = readSeedLedger();
    let test: TestDatabase;
    let app: FastifyInstance;
    let admin: string;
    let leader: string;
    let reporter: string;
    let outsider: string;
    let task: Ledger['tasks'][number];
    let id: number;

    beforeAll(async () => {
      test = await createTestDatabase(dialect);
      await importLedger(test.database, seed, source);
      app = await buildTestApp(test.database);
      const found = seed.tasks.find((t) => t.no === TASK_NO);
      if (found === undefined) throw new Error(`the seed has task ${TASK_NO}`);
      task = found;
      const organization = seed.organization;
      const cookie = async (
        username: string,
        role: 'admin' | 'leader' | 'reporter',
        unit?: string,
      ): Promise<string> =>
        loginCookie(
          app,
          await createTestUser(test.database, { username, role, organization, unit }),
        );
      admin = await cookie('ms-admin', 'admin');
      leader = await cookie('ms-leader', 'leader');
      reporter = await cookie('ms-reporter', 'reporter', task.lead[0]);
      const other = seed.tasks
        .flatMap((t) => t.lead)
        .find((unit) => !task.lead.includes(unit) && !task.co.includes(unit));
      outsider = await cookie('ms-outsider', 'reporter', other);
      const view = ledgerViewSchema.parse(
        (await app.inject({ url: '/api/ledger', headers: { cookie: admin } })).json(),
      );
      const row = view.tasks.find((t) => t.no === TASK_NO);
      if (row === undefined) throw new Error(`task ${TASK_NO} is stored`);
      id = row.id;
    });
    afterAll(async () => {
      await app.close();
      await test.destroy();
    });

    async function getFigures(cookie = admin): Promise<TaskFigures> {
      const response = await app.inject({ url: `/api/tasks/${id}/figures`, headers: { cookie } });
      expect(response.statusCode, response.body).toBe(200);
      return taskFiguresSchema.parse(response.json());
    }

    function putMilestones(payload: unknown, cookie = admin, headers: object = CSRF_HEADERS) {
      return app.inject({
        method: 'PUT',
        url: `/api/tasks/${id}/milestones`,
        headers: { ...headers, cookie },
        payload: payload as Record<string, unknown>,
      });
    }

    async function ledgerLight(): Promise<string | undefined> {
      const view = ledgerViewSchema.parse(
        (await app.inject({ url: '/api/ledger', headers: { cookie: leader } })).json(),
      );
      return view.tasks.find((t) => t.no === TASK_NO)?.status?.light;
    }

    async function exportedLight(): Promise<string | undefined> {
      const ledger = await exportLedger(test.database, {
        organization: seed.organization,
        period: '2023Q2',
      });
      return ledger.tasks.find((t) => t.no === TASK_NO)?.status.light;
    }

    it('moves expected progress and the light with the office’s milestones, and logs them', async () => {
      const before = await getFigures();
      expect(task.status).toMatchObject({ light: 'red', expected: 0.5 });
      expect(before.status).toMatchObject({ light: 'red', expected: 0.5 });
      expect(before.milestones).toBeNull();
      expect(before.canSetMilestones).toBe(true);
      // One bar per target, each against expected progress.
      expect(before.targetProgress.map((t) => [t.metric, t.completion])).toEqual([
        ['新招引领军人才', 0.9],
        ['高端人才', 0.94],
        ['大学生', 9168 / 15000],
        ['高层次人才团队', 0.25],
      ]);

      const onTrack = await putMilestones({ milestones: { q1: 10, q2: 25, q3: 60, q4: 100 } });
      expect(onTrack.statusCode, onTrack.body).toBe(200);
      const green = taskFiguresSchema.parse(onTrack.json());
      expect(green.status).toMatchObject({ light: 'green', expected: 0.25 });
      expect(green.milestones).toEqual({ q1: 10, q2: 25, q3: 60, q4: 100 });
      expect(green.targetProgress.every((t) => t.expected === 0.25)).toBe(true);
      expect(await ledgerLight()).toBe('green');
      // Reports and the dashboard read the same analysis (exportLedger), cached or not.
      expect(await exportedLight()).toBe('green');

      const behind = await putMilestones({ milestones: { q1: 20, q2: 40, q3: 70, q4: 100 } });
      expect(taskFiguresSchema.parse(behind.json()).status).toMatchObject({
        light: 'yellow',
        expected: 0.4,
      });
      expect(await ledgerLight()).toBe('yellow');

      expect(await exportedLight()).toBe('yellow');
      const cleared = await putMilestones({ milestones: null });
      expect(cleared.statusCode, cleared.body).toBe(200);
      const figures = taskFiguresSchema.parse(cleared.json());
      expect(figures.status).toMatchObject({ light: 'red', expected: 0.5 });
      expect(figures.milestones).toBeNull();
      expect(
        figures.milestoneChanges.map((c) => [c.before?.q2 ?? null, c.after?.q2 ?? null]),
      ).toEqual([
        [null, 25],
        [25, 40],
        [40, null],
      ]);
      expect(figures.milestoneChanges[0]?.author).toBe('ms-admin');
    });

    it('rejects bad milestones with an error naming the field, and changes nothing', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ q1: 50, q2: 30, q3: 60, q4: 100 }, 'body.milestones.q2'],
        [{ q1: 10, q2: 30, q3: 60, q4: 90 }, 'body.milestones.q4'],
        [{ q1: 120, q2: 130, q3: 140, q4: 150 }, 'body.milestones.q1'],
        [{ q1: 10, q2: 30, q3: 60 }, 'body.milestones.q4'],
      ];
      for (const [milestones, path] of cases) {
        const response = await putMilestones({ milestones });
        expect(response.statusCode, response.body).toBe(400);
        const body = response.json<{
          error: { code: string; message: string; details: unknown };
        }>();
        expect(body.error.code).toBe('invalid-request');
        expect(body.error.details).toEqual(
          expect.arrayContaining([expect.objectContaining({ path })]),
        );
        expect(body.error.message).toContain(path);
      }
      // The office may plan a year that ends short of the target, if it says so.
      const short = await putMilestones({
        milestones: { q1: 10, q2: 20, q3: 40, q4: 80, finalBelowTarget: true },
      });
      expect(short.statusCode, short.body).toBe(200);
      expect(taskFiguresSchema.parse(short.json()).milestones).toEqual({
        q1: 10,
        q2: 20,
        q3: 40,
        q4: 80,
      });
      await putMilestones({ milestones: null });
      expect((await getFigures()).milestones).toBeNull();
    });

    it('lets only the office set milestones, with CSRF, and a reason once published', async () => {
      const milestones = { q1: 10, q2: 25, q3: 60, q4: 100 };
      for (const cookie of [leader, reporter, outsider]) {
        const response = await putMilestones({ milestones }, cookie);
        expect(response.statusCode, response.body).toBe(403);
      }
      const noCsrf = await putMilestones({ milestones }, admin, {});
      expect(noCsrf.statusCode).toBe(403);
      expect(noCsrf.json()).toMatchObject({ error: { code: 'csrf' } });
      expect((await getFigures(reporter)).canSetMilestones).toBe(false);
      expect((await getFigures()).milestoneChanges).toHaveLength(5);

      await test.database.db.updateTable('periods').set({ state: 'published' }).execute();
      try {
        const quiet = await putMilestones({ milestones });
        expect(quiet.statusCode).toBe(400);
        expect(quiet.json()).toMatchObject({ error: { code: 'reason-required' } });
        expect((await getFigures()).milestones).toBeNull();
        const told = await putMilestones({ milestones: null, reason: '项目下半年集中推进' });
        expect(told.statusCode, told.body).toBe(200);
        expect(taskFiguresSchema.parse(told.json()).milestoneChanges.at(-1)?.reason).toBe(
          '项目下半年集中推进',
        );
      } finally {
        await test.database.db.updateTable('periods').set({ state: 'open' }).execute();
      }
    });

    it('climbs the plan’s own escalation ladder; rules stored without one use the default', async () => {
      const view = ledgerViewSchema.parse(
        (await app.inject({ url: '/api/ledger', headers: { cookie: admin } })).json(),
      );
      const url = `/api/plans/${view.plan.id}/light-rules`;
      // One red period is not on the default ladder (two periods running).
      expect((await getFigures()).escalation).toBeNull();
      const put = (rules: unknown) =>
        app.inject({
          method: 'PUT',
          url,
          headers: { ...CSRF_HEADERS, cookie: admin },
          payload: { rules } as Record<string, unknown>,
        });
      const bad = await put({
        ...DEFAULT_LIGHT_RULES,
        escalation: {
          lights: ['red'],
          steps: [
            { action: 'reminder', label: '提醒督促', periods: 3 },
            { action: 'interview', label: '列入约谈名单', periods: 2 },
          ],
        },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ error: { message: string } }>().error.message).toContain(
        'body.rules.escalation.steps.1.periods',
      );
      const saved = await put({
        ...DEFAULT_LIGHT_RULES,
        escalation: {
          lights: ['yellow', 'red'],
          steps: [
            { action: 'reminder', label: '提醒督促', periods: 1 },
            { action: 'interview', label: '列入约谈名单', periods: 2, lights: ['red'] },
          ],
        },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      expect((await getFigures()).escalation).toEqual({
        action: 'reminder',
        label: '提醒督促',
        periods: 1,
      });
      const findings = await app.inject({ url: '/api/findings', headers: { cookie: leader } });
      const listed = findings.json<{
        escalations: { task: { no: string }; escalation: { action: string } }[];
      }>().escalations;
      expect(listed.find((e) => e.task.no === TASK_NO)?.escalation.action).toBe('reminder');

      // Rules stored before ladders existed still read, with the default ladder.
      await test.database.db
        .updateTable('plan_light_rules')
        .set({ rules: JSON.stringify(DEFAULT_LIGHT_RULES) })
        .execute();
      const old = await app.inject({ url, headers: { cookie: leader } });
      expect(old.statusCode, old.body).toBe(200);
      expect((await getFigures()).escalation).toBeNull();
    });

    it('deletes people’s figures by the rights of who stored them; a target with a reason', async () => {
      const add = (cookie: string, payload: Record<string, unknown>) =>
        app.inject({
          method: 'POST',
          url: `/api/tasks/${id}/figures`,
          headers: { ...CSRF_HEADERS, cookie },
          payload: { origin: 'manual', unit: '个', ...payload },
        });
      const remove = (figureId: number, cookie: string, payload: Record<string, unknown> = {}) =>
        app.inject({
          method: 'DELETE',
          url: `/api/tasks/${id}/figures/${figureId}`,
          headers: { ...CSRF_HEADERS, cookie },
          payload,
        });
      const byUnit = taskFiguresSchema.parse(
        (await add(reporter, { kind: 'actual', metric: '高层次人才团队', value: 12 })).json(),
      );
      const unitFigure = byUnit.actuals.find((a) => a.metric === '高层次人才团队');
      expect(unitFigure?.origin).toBe('manual');
      const unitFigureId = unitFigure?.id ?? -1;
      expect(byUnit.deletableFigureIds).toContain(unitFigureId);
      const byOffice = taskFiguresSchema.parse(
        (await add(admin, { kind: 'forecast', metric: '高层次人才团队', value: 20 })).json(),
      );
      const officeFigureId = byOffice.forecasts[0]?.id ?? -1;
      expect((await getFigures(reporter)).deletableFigureIds).toEqual([unitFigureId]);

      // An extracted figure has no id; an id of another task is not this task's.
      const extracted = await remove(999999, admin);
      expect(extracted.statusCode).toBe(404);
      expect((await remove(officeFigureId, outsider)).statusCode).toBe(403);
      expect((await remove(officeFigureId, reporter)).statusCode).toBe(403);
      expect((await remove(unitFigureId, leader)).statusCode).toBe(403);
      const noCsrf = await app.inject({
        method: 'DELETE',
        url: `/api/tasks/${id}/figures/${unitFigureId}`,
        headers: { cookie: reporter },
      });
      expect(noCsrf.statusCode).toBe(403);

      const gone = await remove(unitFigureId, reporter);
      expect(gone.statusCode, gone.body).toBe(200);
      const after = taskFiguresSchema.parse(gone.json());
      // The text's 5 teams measure the target again.
      expect(after.actuals.find((a) => a.metric === '高层次人才团队')).toMatchObject({
        value: 5,
        origin: 'extracted',
      });
      expect((await remove(officeFigureId, admin)).statusCode).toBe(200);
      expect((await getFigures()).forecasts).toEqual([]);

      // A target the office set, deleted after publication: a reason, and the log.
      const target = taskFiguresSchema.parse(
        (
          await add(admin, {
            kind: 'target',
            metric: '高层次人才团队',
            value: 10,
            bound: 'min',
            origin: 'corrected',
          })
        ).json(),
      );
      const targetId = target.targets.find((t) => t.metric === '高层次人才团队')?.id ?? -1;
      expect(target.status.light).toBe('green');
      await test.database.db.updateTable('periods').set({ state: 'published' }).execute();
      try {
        const quiet = await remove(targetId, admin);
        expect(quiet.statusCode).toBe(400);
        expect(quiet.json()).toMatchObject({ error: { code: 'reason-required' } });
        const told = await remove(targetId, admin, { reason: '恢复年初目标' });
        expect(told.statusCode, told.body).toBe(200);
        const figures = taskFiguresSchema.parse(told.json());
        expect(figures.targets.find((t) => t.metric === '高层次人才团队')).toMatchObject({
          value: 20,
          origin: 'extracted',
        });
        expect(figures.status.light).toBe('red');
        expect(figures.targetChanges.at(-1)).toMatchObject({
          metric: '高层次人才团队',
          before: { value: 10 },
          after: { value: 20, bound: 'min' },
          reason: '恢复年初目标',
          author: 'ms-admin',
        });
      } finally {
        await test.database.db.updateTable('periods').set({ state: 'open' }).execute();
      }
    });
  },
);
