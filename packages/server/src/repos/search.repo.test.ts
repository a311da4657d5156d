import type { Ledger, LedgerTask } from '@duban/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLedger } from '../services/import.service.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { createTestUser } from '../test/app.ts';
import { changeTask } from '../test/factories.ts';
import { readSeedLedger } from '../test/seed.ts';
import { searchTaskHits, searchTaskIds } from './search.repo.ts';

const source = { sourceName: 'seed.txt', sha256: '0'.repeat(64) };

/** 2-character terms (LIKE on SQLite), longer ones (FTS5 trigram), Latin in both cases, LIKE's
 * own wildcards, a unit name, words only in the second period's progress, and a miss. */
const TERMS = [
  '奇瑞',
  '华为',
  '发改',
  '大学',
  '新能源汽车',
  '智能网联',
  '区发改委',
  'BMS',
  'bms',
  '%',
  '_',
  '总投资',
  '三季度专用词',
  '不存在的词语',
  // 批示 and return reasons (the comments issue 6 searches), long and short terms.
  '督办批示要求',
  '鼍鼋',
  '退回理由甲',
  '乂乃',
];

/** A 批示 on the 8th task and a return reason on the 9th (the stored comments). */
const INSTRUCTION = { index: 7, text: '督办批示要求：请鼍鼋加快进度。' };
const RETURN_REASON = { index: 8, text: '退回理由甲：乂乃数据口径不一致' };

const Q3_PROGRESS = '三季度专用词：奇瑞新能源四期项目主体完工。';

/** What the search should find, worked out from the ledgers themselves. */
function expectedNos(ledgers: Ledger[], term: string): string[] {
  const lower = term.toLowerCase();
  const hits = new Set<string>();
  for (const ledger of ledgers) {
    for (const [index, task] of ledger.tasks.entries()) {
      const comments = [
        index === INSTRUCTION.index ? INSTRUCTION.text : '',
        index === RETURN_REASON.index ? RETURN_REASON.text : '',
      ];
      const texts = [task.text, task.progress, ...task.lead, ...task.co, ...comments];
      if (texts.some((text) => text.toLowerCase().includes(lower))) hits.add(task.no);
    }
  }
  return ledgers[0]?.tasks.map((t) => t.no).filter((no) => hits.has(no)) ?? [];
}

describe('searchTaskIds on SQLite (FTS5 trigram + LIKE) and PostgreSQL (pg_trgm)', () => {
  const q2 = readSeedLedger();
  const q3 = changeTask(
    { ...q2, period: { year: 2023, quarter: 3, label: '2023Q3' } },
    q2.tasks[4]?.no ?? '5',
    { progress: Q3_PROGRESS },
  );
  const databases = new Map<string, TestDatabase>();
  const results = new Map<string, Map<string, string[]>>();

  beforeAll(async () => {
    for (const dialect of DIALECTS) {
      const test = await createTestDatabase(dialect);
      databases.set(dialect, test);
      await importLedger(test.database, q2, source);
      await importLedger(test.database, q3, source);
      await addComments(test);
    }
  });

  /** Stores the 批示 and a return reason as the round's services do (rows of migration 0007). */
  async function addComments(test: TestDatabase): Promise<void> {
    const { db } = test.database;
    await createTestUser(test.database, {
      username: 'leader',
      role: 'leader',
      organization: q2.organization,
    });
    const user = await db.selectFrom('users').select(['id', 'org_id']).executeTakeFirstOrThrow();
    const period = await db
      .selectFrom('periods')
      .select('id')
      .where('label', '=', '2023Q3')
      .executeTakeFirstOrThrow();
    const tasks = await db.selectFrom('tasks').select('id').orderBy('id').execute();
    const now = new Date().toISOString();
    await db
      .insertInto('instructions')
      .values({
        org_id: user.org_id,
        task_id: tasks[INSTRUCTION.index]?.id ?? 0,
        period_id: period.id,
        author_id: user.id,
        text: INSTRUCTION.text,
        created_at: now,
      })
      .execute();
    const taskId = tasks[RETURN_REASON.index]?.id ?? 0;
    const entry = await db
      .selectFrom('progress_entries')
      .select('id')
      .where('task_id', '=', taskId)
      .where('period_id', '=', period.id)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('entry_returns')
      .values({
        org_id: user.org_id,
        entry_id: entry.id,
        task_id: taskId,
        period_id: period.id,
        unit_id: null,
        action: 'return',
        reason: RETURN_REASON.text,
        actor_id: user.id,
        created_at: now,
      })
      .execute();
  }

  afterAll(async () => {
    for (const test of databases.values()) await test.destroy();
  });

  async function search(test: TestDatabase, q: string): Promise<string[]> {
    const { db, dialect } = test.database;
    const plan = await db.selectFrom('plans').select(['id', 'org_id']).executeTakeFirstOrThrow();
    const ids = await searchTaskIds(db, { orgId: plan.org_id, planId: plan.id, q, dialect });
    const rows = await db.selectFrom('tasks').select(['id', 'no']).orderBy('id').execute();
    const wanted = new Set(ids);
    return rows.filter((row) => wanted.has(row.id)).map((row) => row.no);
  }

  it.each(DIALECTS)(
    'finds on %s exactly the tasks whose text, progress or units contain the term',
    async (dialect) => {
      const test = databases.get(dialect);
      if (test === undefined) throw new Error('no database');
      const found = new Map<string, string[]>();
      for (const term of TERMS) {
        const nos = await search(test, term);
        expect(nos, term).toEqual(expectedNos([q2, q3], term));
        found.set(term, nos);
      }
      results.set(dialect, found);
      expect(found.get('奇瑞')?.length).toBeGreaterThan(1);
      expect(found.get('三季度专用词')).toEqual([q2.tasks[4]?.no]);
      expect(found.get('不存在的词语')).toEqual([]);
      expect(found.get('督办批示要求')).toEqual([q2.tasks[INSTRUCTION.index]?.no]);
      expect(found.get('乂乃')).toEqual([q2.tasks[RETURN_REASON.index]?.no]);
    },
  );

  it.each(DIALECTS)('says on %s where each task matched', async (dialect) => {
    const test = databases.get(dialect);
    if (test === undefined) throw new Error('no database');
    const { db } = test.database;
    const plan = await db.selectFrom('plans').select(['id', 'org_id']).executeTakeFirstOrThrow();
    const hits = (q: string) =>
      searchTaskHits(db, { orgId: plan.org_id, planId: plan.id, q, dialect });
    for (const [q, kind] of [
      ['督办批示要求', 'instruction'],
      ['鼍鼋', 'instruction'],
      ['退回理由甲', 'return_reason'],
      ['乂乃', 'return_reason'],
    ] as const) {
      const found = await hits(q);
      expect(
        found.map((hit) => hit.kinds),
        q,
      ).toEqual([[kind]]);
    }
    const unit = q2.tasks[0]?.lead[0] ?? '';
    const byUnit = await hits(unit);
    expect(byUnit.length).toBeGreaterThan(0);
    expect(byUnit.every((hit) => hit.kinds.includes('unit'))).toBe(true);
    const progress = await hits('三季度专用词');
    expect(progress.map((hit) => hit.kinds)).toEqual([['progress']]);
  });

  it('gives the same results on both dialects', () => {
    expect(results.size).toBe(DIALECTS.length);
    const [first, ...rest] = [...results.values()];
    for (const other of rest) expect(other).toEqual(first);
  });

  it('keeps the SQLite index in step with updated progress (triggers)', async () => {
    const test = databases.get('sqlite');
    if (test === undefined) return;
    const task: LedgerTask | undefined = q3.tasks[4];
    const updated = changeTask(q3, task?.no ?? '5', { progress: '更新后的独特进展描述' });
    await importLedger(test.database, updated, { ...source, update: true });
    expect(await search(test, '独特进展')).toEqual([task?.no]);
    expect(await search(test, '三季度专用词')).toEqual([]);
    // The index itself answers a trigram phrase (what the 3+ character path relies on).
    const fts = await sql<{ n: number }>`
      select count(*) as n from tasks_fts where tasks_fts match '"新能源"'`.execute(
      test.database.db,
    );
    expect(Number(fts.rows[0]?.n)).toBeGreaterThan(0);
  });

  it('has the pg_trgm GIN indexes on PostgreSQL', async () => {
    const test = databases.get('postgres');
    if (test === undefined) return;
    const indexes = await sql<{ indexname: string }>`
      select indexname from pg_indexes where indexdef like '%gin_trgm_ops%' order by indexname`.execute(
      test.database.db,
    );
    expect(indexes.rows.map((row) => row.indexname)).toEqual([
      'entry_returns_reason_trgm',
      'instructions_text_trgm',
      'progress_entries_text_trgm',
      'tasks_text_trgm',
      'units_name_trgm',
    ]);
  });
});
