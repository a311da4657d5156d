import type { Ledger, LedgerTask } from '@duban/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLedger } from '../services/import.service.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { changeTask } from '../test/factories.ts';
import { readSeedLedger } from '../test/seed.ts';
import { searchTaskIds } from './search.repo.ts';

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
];

const Q3_PROGRESS = '三季度专用词：奇瑞新能源四期项目主体完工。';

/** What the search should find, worked out from the ledgers themselves. */
function expectedNos(ledgers: Ledger[], term: string): string[] {
  const lower = term.toLowerCase();
  const hits = new Set<string>();
  for (const ledger of ledgers) {
    for (const task of ledger.tasks) {
      const texts = [task.text, task.progress, ...task.lead, ...task.co];
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
    }
  });

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
    },
  );

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
      'progress_entries_text_trgm',
      'tasks_text_trgm',
      'units_name_trgm',
    ]);
  });
});
