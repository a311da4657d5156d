import {
  boardSchema,
  extensionRequestSchema,
  instructionSchema,
  ledgerViewSchema,
  roundTaskSchema,
  timelinessSchema,
  toLocalDate,
} from '@duban/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { importLedger } from '../services/import.service.ts';
import { buildTestApp } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { buildLedger } from '../test/factories.ts';
import { getSeedTaskWithCoUnits, readSeedLedger } from '../test/seed.ts';
import { buildTestUsers, errorOf } from '../test/test-users.ts';

const source = { sourceName: 'seed.txt', sha256: '0'.repeat(64) };
const Q3 = '2023Q3';
const DAY_MS = 86_400_000;
const localDate = (offsetDays: number): string =>
  toLocalDate(new Date(Date.now() + offsetDays * DAY_MS).toISOString());
// Due yesterday: a submission today is one day late, unless the unit was granted more time.
const YESTERDAY = localDate(-1);
const TOMORROW = localDate(1);
const NEXT_WEEK = localDate(7);

describe.each(DIALECTS)('延期, 批示 and timeliness on %s', (dialect) => {
  const seed = readSeedLedger();
  const { task: seedTask, leadUnit, coUnit } = getSeedTaskWithCoUnits(seed);
  // A unit of the seed that has nothing to do with the task.
  const strangerUnit =
    seed.tasks
      .flatMap((task) => task.lead)
      .find((unit) => !seedTask.lead.includes(unit) && !seedTask.co.includes(unit)) ?? '';

  let test: TestDatabase;
  let app: FastifyInstance;
  let taskId = 0;
  const { addUser, call } = buildTestUsers(() => ({ app, database: test.database }), {
    organization: seed.organization,
  });
  const ok = <T>(response: LightMyRequestResponse, schema: z.ZodType<T>, status = 200): T => {
    expect(response.statusCode, response.body).toBe(status);
    return schema.parse(response.json());
  };
  const ask = (who: string, requestedDate: string, reason = '项目用地审批尚未完成') =>
    call(who, 'POST', `/api/round/tasks/${taskId}/extensions`, {
      period: Q3,
      requestedDate,
      reason,
    });
  const decide = (who: string, id: number, body: Record<string, unknown>) =>
    call(who, 'POST', `/api/round/extensions/${id}/decision`, body);
  const auditActions = async (prefix: string) =>
    (
      await test.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', `${prefix}%`)
        .orderBy('id')
        .execute()
    ).map((row) => row.action);

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, seed, source);
    await importLedger(test.database, buildLedger({ organization: '示范区' }), source);
    app = await buildTestApp(test.database);
    await addUser('office', 'admin');
    await addUser('lead-reporter', 'reporter', leadUnit);
    await addUser('co-reporter', 'reporter', coUnit);
    await addUser('co-head', 'unit_head', coUnit);
    await addUser('stranger', 'reporter', strangerUnit);
    await addUser('leader', 'leader');
    await addUser('viewer', 'viewer');
    await addUser('other-org-admin', 'admin', undefined, '示范区');
    const opened = await call('office', 'POST', '/api/periods', { label: Q3, dueDate: YESTERDAY });
    expect(opened.statusCode, opened.body).toBe(201);
    const task = await test.database.db
      .selectFrom('tasks')
      .innerJoin('periods', 'periods.plan_id', 'tasks.plan_id')
      .select('tasks.id')
      .where('periods.label', '=', Q3)
      .where('tasks.no', '=', seedTask.no)
      .executeTakeFirstOrThrow();
    taskId = task.id;
  });
  afterAll(async () => {
    await app.close();
    await test.destroy();
  });

  it('lets a unit on the task ask for 延期 once, and refuses bad or foreign requests', async () => {
    expect(errorOf(await ask('viewer', TOMORROW), 403)).toBe('forbidden');
    expect(errorOf(await ask('leader', TOMORROW), 403)).toBe('forbidden');
    expect(errorOf(await ask('office', TOMORROW), 403)).toBe('forbidden');
    expect(errorOf(await ask('stranger', TOMORROW), 404)).toBe('not-found');
    expect(errorOf(await ask('co-reporter', '2023-13-45x'), 400)).toBe('invalid-request');
    expect(errorOf(await ask('co-reporter', TOMORROW, '   '), 400)).toBe('invalid-request');
    // Not later than the unit's due date now.
    expect(errorOf(await ask('co-reporter', YESTERDAY), 400)).toBe('invalid-request');
    expect(
      errorOf(
        await call('co-reporter', 'POST', `/api/round/tasks/${taskId}/extensions`, {
          period: '2030Q1',
          requestedDate: TOMORROW,
          reason: '无',
        }),
        404,
      ),
    ).toBe('period-not-found');

    // Two users of the unit at once: one request gets in, the other is told it exists.
    const both = await Promise.all([ask('co-reporter', TOMORROW), ask('co-head', NEXT_WEEK)]);
    expect(both.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    const loser = both.find((response) => response.statusCode === 409);
    if (loser !== undefined) expect(errorOf(loser, 409)).toBe('extension-pending');
    const winner = both.find((response) => response.statusCode === 201);
    if (winner === undefined) throw new Error('no request got in');
    const created = ok(winner, extensionRequestSchema, 201);
    expect(created).toMatchObject({
      period: Q3,
      task: { id: taskId, no: seedTask.no },
      unit: { name: coUnit },
      currentDueDate: YESTERDAY,
      state: 'pending',
      decidedAt: null,
    });
    // One pending request per task and unit; the unit head of the same unit too.
    expect(errorOf(await ask('co-head', NEXT_WEEK), 409)).toBe('extension-pending');
    // Another unit of the task may ask for itself.
    ok(
      await ask('lead-reporter', NEXT_WEEK, '牵头单位需汇总各方材料'),
      extensionRequestSchema,
      201,
    );

    // Units see their own requests; the office and leaders every one.
    const mine = ok(
      await call('co-reporter', 'GET', '/api/round/extensions'),
      z.array(extensionRequestSchema),
    );
    expect(mine.map((request) => request.unit.name)).toEqual([coUnit]);
    const pending = ok(
      await call('office', 'GET', `/api/round/extensions?period=${Q3}&state=pending`),
      z.array(extensionRequestSchema),
    );
    expect(pending.map((request) => request.unit.name).sort()).toEqual([coUnit, leadUnit].sort());
    expect(
      ok(await call('leader', 'GET', '/api/round/extensions'), z.array(extensionRequestSchema)),
    ).toHaveLength(2);
    expect(errorOf(await call('viewer', 'GET', '/api/round/extensions'), 403)).toBe('forbidden');
    expect(errorOf(await call('office', 'GET', '/api/round/extensions?state=maybe'), 400)).toBe(
      'invalid-request',
    );
  });

  it('lets only the office grant (maybe another date) or refuse (with a reason), once', async () => {
    const pending = ok(
      await call('office', 'GET', '/api/round/extensions?state=pending'),
      z.array(extensionRequestSchema),
    );
    const co = pending.find((request) => request.unit.name === coUnit);
    const lead = pending.find((request) => request.unit.name === leadUnit);
    if (co === undefined || lead === undefined) throw new Error('requests missing');

    expect(errorOf(await decide('co-head', co.id, { decision: 'grant' }), 403)).toBe('forbidden');
    expect(errorOf(await decide('leader', co.id, { decision: 'grant' }), 403)).toBe('forbidden');
    expect(errorOf(await decide('office', co.id, { decision: 'maybe' }), 400)).toBe(
      'invalid-request',
    );
    expect(errorOf(await decide('office', co.id, { decision: 'refuse' }), 400)).toBe(
      'invalid-request',
    );
    expect(
      errorOf(await decide('office', co.id, { decision: 'grant', grantedDate: YESTERDAY }), 400),
    ).toBe('invalid-request');
    expect(errorOf(await decide('office', 999_999, { decision: 'grant' }), 404)).toBe('not-found');
    expect(errorOf(await decide('other-org-admin', co.id, { decision: 'grant' }), 404)).toBe(
      'not-found',
    );
    // Nothing changed by the refused calls.
    expect(
      ok(
        await call('co-reporter', 'GET', '/api/round/extensions'),
        z.array(extensionRequestSchema),
      )[0]?.state,
    ).toBe('pending');

    const granted = ok(
      await decide('office', co.id, { decision: 'grant', grantedDate: NEXT_WEEK, reason: '同意' }),
      extensionRequestSchema,
    );
    expect(granted).toMatchObject({
      state: 'granted',
      grantedDate: NEXT_WEEK,
      currentDueDate: NEXT_WEEK,
      decisionReason: '同意',
    });
    expect(granted.decidedBy).not.toBeNull();
    expect(
      errorOf(await decide('office', co.id, { decision: 'refuse', reason: '改主意' }), 409),
    ).toBe('extension-decided');
    const refused = ok(
      await decide('office', lead.id, { decision: 'refuse', reason: '牵头单位应按期汇总' }),
      extensionRequestSchema,
    );
    expect(refused).toMatchObject({
      state: 'refused',
      grantedDate: null,
      decisionReason: '牵头单位应按期汇总',
      currentDueDate: YESTERDAY,
    });

    // The granted date is the co-unit's due date for this task; the lead unit keeps the period's.
    const coTask = ok(
      await call('co-reporter', 'GET', `/api/round/tasks/${taskId}?period=${Q3}`),
      roundTaskSchema,
    );
    expect(coTask.dueDate).toBe(NEXT_WEEK);
    const leadTask = ok(
      await call('lead-reporter', 'GET', `/api/round/tasks/${taskId}?period=${Q3}`),
      roundTaskSchema,
    );
    expect(leadTask.dueDate).toBe(YESTERDAY);
    // A later request must go beyond the granted date.
    expect(errorOf(await ask('co-reporter', TOMORROW), 400)).toBe('invalid-request');

    expect(await auditActions('round.extension')).toEqual([
      'round.extension.request',
      'round.extension.request',
      'round.extension.grant',
      'round.extension.refuse',
    ]);
  });

  it('has every unit on the task acknowledge a 批示 once, and shows the leader who did', async () => {
    const write = (who: string, text: string) =>
      call(who, 'POST', `/api/round/tasks/${taskId}/instructions`, { period: Q3, text });
    expect(errorOf(await write('co-reporter', '请加快'), 403)).toBe('forbidden');
    expect(errorOf(await write('viewer', '请加快'), 403)).toBe('forbidden');
    expect(errorOf(await write('leader', '  '), 400)).toBe('invalid-request');
    expect(
      errorOf(
        await call('leader', 'POST', `/api/round/tasks/999999/instructions`, {
          period: Q3,
          text: '请加快',
        }),
        404,
      ),
    ).toBe('not-found');

    const instruction = ok(
      await write('leader', '请牵头单位会同配合单位加快推进，月底前报进展。'),
      instructionSchema,
      201,
    );
    expect(instruction.pendingForMe).toBeNull();
    expect(instruction.units.map((row) => [row.unit.name, row.role, row.acknowledgedAt])).toEqual([
      ...seedTask.lead.map((name) => [name, 'lead', null]),
      ...seedTask.co.map((name) => [name, 'co', null]),
    ]);

    const forCo = ok(
      await call('co-reporter', 'GET', '/api/round/instructions'),
      z.array(instructionSchema),
    );
    expect(forCo.map((row) => [row.id, row.pendingForMe])).toEqual([[instruction.id, true]]);
    expect(
      ok(await call('stranger', 'GET', '/api/round/instructions'), z.array(instructionSchema)),
    ).toEqual([]);
    expect(errorOf(await call('viewer', 'GET', '/api/round/instructions'), 403)).toBe('forbidden');

    const ackUrl = `/api/round/instructions/${instruction.id}/acknowledgement`;
    expect(errorOf(await call('leader', 'POST', ackUrl), 403)).toBe('forbidden');
    expect(errorOf(await call('stranger', 'POST', ackUrl), 404)).toBe('not-found');
    expect(
      errorOf(
        await call('co-reporter', 'POST', '/api/round/instructions/999999/acknowledgement'),
        404,
      ),
    ).toBe('not-found');
    const acked = ok(await call('co-reporter', 'POST', ackUrl), instructionSchema);
    expect(acked.pendingForMe).toBe(false);
    // The unit has acknowledged: its head cannot do it again.
    expect(errorOf(await call('co-head', 'POST', ackUrl), 409)).toBe('instruction-acknowledged');

    const seen = ok(
      await call('leader', 'GET', `/api/round/instructions?period=${Q3}`),
      z.array(instructionSchema),
    );
    const row = (name: string) => seen[0]?.units.find((unit) => unit.unit.name === name);
    expect(row(coUnit)?.acknowledgedAt).not.toBeNull();
    expect(row(coUnit)?.acknowledgedBy).toBe('co-reporter');
    expect(row(leadUnit)).toMatchObject({ acknowledgedAt: null, acknowledgedBy: null });
    const forLead = ok(
      await call('lead-reporter', 'GET', '/api/round/instructions'),
      z.array(instructionSchema),
    );
    expect(forLead[0]?.pendingForMe).toBe(true);

    expect(await auditActions('round.instruction')).toEqual([
      'round.instruction',
      'round.instruction.ack',
    ]);
  });

  it('finds 批示 and return reasons through the ledger search, with the kind of hit', async () => {
    // The co-unit writes, submits; its head returns it with a reason; it submits again.
    const part = (
      await test.database.db
        .selectFrom('units')
        .select('id')
        .where('name', '=', coUnit)
        .executeTakeFirstOrThrow()
    ).id;
    const saved = await call('co-reporter', 'PUT', `/api/round/tasks/${taskId}/progress`, {
      period: Q3,
      part,
      baseVersion: 0,
      text: '配合单位三季度进展。',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const step = (who: string, action: string, reason?: string) =>
      call(who, 'POST', `/api/round/tasks/${taskId}/transitions`, {
        period: Q3,
        part,
        action,
        ...(reason === undefined ? {} : { reason }),
      });
    expect((await step('co-reporter', 'submit')).statusCode).toBe(200);
    expect((await step('co-head', 'return', '请补充鼋鼍数据的来源')).statusCode).toBe(200);
    expect((await step('co-reporter', 'submit')).statusCode).toBe(200);

    const search = async (q: string) =>
      ok(
        await call('viewer', 'GET', `/api/ledger?q=${encodeURIComponent(q)}`),
        ledgerViewSchema,
      ).tasks.map((task) => [task.no, task.matchedIn]);
    expect(await search('鼋鼍')).toEqual([[seedTask.no, ['return_reason']]]);
    expect(await search('请补充鼋鼍数据')).toEqual([[seedTask.no, ['return_reason']]]);
    expect(await search('月底前报进展')).toEqual([[seedTask.no, ['instruction']]]);
  });

  it("keeps each unit's timeliness against its own due date, for the office and leaders", async () => {
    expect(errorOf(await call('co-reporter', 'GET', '/api/round/timeliness'), 403)).toBe(
      'forbidden',
    );
    expect(errorOf(await call('viewer', 'GET', '/api/round/timeliness'), 403)).toBe('forbidden');
    expect(errorOf(await call('office', 'GET', '/api/round/timeliness?period=20X'), 400)).toBe(
      'invalid-request',
    );
    const timeliness = ok(
      await call('leader', 'GET', `/api/round/timeliness?period=${Q3}`),
      timelinessSchema,
    );
    expect(timeliness.period.label).toBe(Q3);
    const co = timeliness.rows.find((row) => row.unit.name === coUnit);
    // What the co-unit owes: its part of every task it co-serves, the text of every task it leads.
    const owed =
      seed.tasks.filter((task) => task.co.includes(coUnit)).length +
      seed.tasks.filter((task) => task.lead.includes(coUnit)).length;
    expect(co).toMatchObject({
      due: owed,
      // Submitted today, within the extension granted to next week; returned once.
      onTime: 1,
      late: owed - 1,
      overdue: owed - 1,
      pending: 0,
      lateDays: owed - 1,
      maxLateDays: owed > 1 ? 1 : 0,
      returns: 1,
    });
    const lead = timeliness.rows.find((row) => row.unit.name === leadUnit);
    expect(lead).toMatchObject({ onTime: 0, returns: 0 });
    expect(lead?.overdue).toBe(lead?.due);
    expect(timeliness.rows).toHaveLength(
      new Set(seed.tasks.flatMap((t) => [...t.lead, ...t.co])).size,
    );

    // The board counts late against the same due dates: the co-unit's task is not late.
    const board = await call('office', 'GET', `/api/round/board?period=${Q3}`);
    const boardRow = ok(board, boardSchema).rows.find((row) => row.unit.name === coUnit);
    expect(boardRow?.counts.late).toBe(owed - 1);
  });
});
