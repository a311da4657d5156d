import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../repos/audit.repo.ts';
import { decideExtension, insertExtension } from '../../repos/round-extras.repo.ts';
import { createTestUser } from '../../test/app.ts';
import { importLedger } from '../../services/import.service.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/database.ts';
import { buildLedger } from '../../test/factories.ts';
import { backfillReturns } from './2026_11_29_0007_extensions_instructions.ts';

describe.each(DIALECTS)('migration 0007 on %s', (dialect) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, buildLedger(), { sourceName: 'a.txt', sha256: '0' });
  });
  afterAll(async () => {
    await test.destroy();
  });

  it('copies the return and reopen reasons already in the audit log into entry_returns', async () => {
    const { db } = test.database;
    const entry = await db
      .selectFrom('progress_entries')
      .select(['id', 'org_id', 'task_id', 'period_id', 'unit_id'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const audit = (action: string, detail: Record<string, unknown>, at: string) =>
      appendAudit(
        db,
        {
          orgId: entry.org_id,
          actorId: null,
          action,
          entity: 'progress_entry',
          entityId: entry.id,
          detail,
        },
        at,
      );
    await audit('round.submit', { from: 'draft', to: 'submitted' }, '2023-10-01T00:00:00.000Z');
    await audit('round.return', { reason: '请补充数据' }, '2023-10-02T00:00:00.000Z');
    await audit('round.reopen', { reason: '口径调整' }, '2023-10-03T00:00:00.000Z');
    // A row without a reason (none should exist) and one for a missing entry are skipped.
    await audit('round.return', {}, '2023-10-04T00:00:00.000Z');
    await appendAudit(
      db,
      {
        orgId: entry.org_id,
        actorId: null,
        action: 'round.return',
        entity: 'progress_entry',
        entityId: 999_999,
        detail: { reason: 'x' },
      },
      '2023-10-05T00:00:00.000Z',
    );

    await backfillReturns(db);
    const rows = await db
      .selectFrom('entry_returns')
      .select(['entry_id', 'task_id', 'period_id', 'unit_id', 'action', 'reason', 'created_at'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      {
        entry_id: entry.id,
        task_id: entry.task_id,
        period_id: entry.period_id,
        unit_id: entry.unit_id,
        action: 'return',
        reason: '请补充数据',
        created_at: '2023-10-02T00:00:00.000Z',
      },
      {
        entry_id: entry.id,
        task_id: entry.task_id,
        period_id: entry.period_id,
        unit_id: entry.unit_id,
        action: 'reopen',
        reason: '口径调整',
        created_at: '2023-10-03T00:00:00.000Z',
      },
    ]);
  });

  it('keeps one pending extension request per task, period and unit (a partial unique index)', async () => {
    const { db } = test.database;
    await createTestUser(test.database, { username: 'rep', role: 'reporter', unit: '区发改委' });
    const user = await db
      .selectFrom('users')
      .select(['id', 'org_id', 'unit_id'])
      .where('username', '=', 'rep')
      .executeTakeFirstOrThrow();
    const entry = await db
      .selectFrom('progress_entries')
      .select(['task_id', 'period_id'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const request = {
      orgId: user.org_id,
      taskId: entry.task_id,
      periodId: entry.period_id,
      unitId: user.unit_id ?? 0,
      requestedDate: '2023-10-20',
      reason: '原因',
      requestedBy: user.id,
    };
    const now = new Date().toISOString();
    const first = await insertExtension(db, request, now);
    expect(first).toBeTypeOf('number');
    expect(await insertExtension(db, request, now)).toBeUndefined();
    await decideExtension(
      db,
      { id: first ?? 0, state: 'refused', grantedDate: null, reason: '不同意', decidedBy: user.id },
      now,
    );
    // Once decided, the unit may ask again.
    expect(await insertExtension(db, request, now)).toBeTypeOf('number');
  });
});
