/**
 * Search latency (issue 6). `npm run bench search` runs it; alone:
 *
 *     node --import tsx packages/server/bench/search.bench.ts
 *
 * 10 000 tasks × 8 periods of progress (80 000 entries, seeded in bulk by search-seed.ts) on
 * SQLite and PostgreSQL; p50/p95 of `searchTaskHits` (the repo the ledger's search calls) for
 * 2-character terms (奇瑞, 华为: a scan with instr/strpos on both dialects), 3+-character terms (FTS5 trigram on
 * SQLite, pg_trgm on PostgreSQL) and a term that matches nothing; and, for comparison, the
 * time of one raw SQL statement over the same columns. Aim: p95 under 100 ms.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import type { BenchResult } from '../../../scripts/bench.ts';
import type { Database } from '../src/db/dialect.ts';
import { containsCaseless, containsText, isCaseless } from '../src/repos/like.ts';
import { searchTaskHits } from '../src/repos/search.repo.ts';
import { createTestDatabase, DIALECTS } from '../src/test/database.ts';
import { readSeedLedger } from '../src/test/seed.ts';
import { seedSearchBench } from './search-seed.ts';

const TASKS = 10_000;
const PERIODS = 8;
const ROUNDS = 10;

const TERMS: { group: string; terms: string[] }[] = [
  { group: '2 characters', terms: ['奇瑞', '华为'] },
  { group: '3+ characters', terms: ['新能源汽车', '智能网联'] },
  { group: 'no match', terms: ['不存在的词语'] },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** One statement over task text, progress and unit names: the scan the repo's queries make. */
async function rawSearch(database: Database, planId: number, q: string): Promise<number> {
  const { db } = database;
  // The same matcher the repo picks for a term it cannot answer from an index.
  const short = Array.from(q).length < 3 && isCaseless(q);
  const matches = (column: string) =>
    short ? containsCaseless(column, q, database.dialect) : containsText(column, q);
  const rows = await sql<{ id: number }>`
    select t.id from tasks t where t.plan_id = ${planId} and ${matches('t.text')}
    union
    select p.task_id from progress_entries p join tasks t on t.id = p.task_id
      where t.plan_id = ${planId} and ${matches('p.text')}
    union
    select tu.task_id from task_units tu join units u on u.id = tu.unit_id
      join tasks t on t.id = tu.task_id
      where t.plan_id = ${planId} and ${matches('u.name')}`.execute(db);
  return rows.rows.length;
}

async function measure(work: () => Promise<unknown>): Promise<number[]> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times;
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const seed = readSeedLedger();
  for (const dialect of DIALECTS) {
    const test = await createTestDatabase(dialect);
    try {
      const start = performance.now();
      const plan = await seedSearchBench(test.database, seed, { tasks: TASKS, periods: PERIODS });
      if (dialect === 'postgres') await sql`analyze`.execute(test.database.db);
      results.push({
        name: `search: seed ${TASKS} tasks × ${PERIODS} periods (${dialect})`,
        value: performance.now() - start,
        unit: 'ms',
        note: `${plan.entries} progress entries, bulk inserts in one transaction`,
      });
      const all: number[] = [];
      for (const { group, terms } of TERMS) {
        const repo: number[] = [];
        const raw: number[] = [];
        const hits: number[] = [];
        for (const q of terms) {
          const search = { orgId: plan.orgId, planId: plan.planId, q, dialect };
          hits.push((await searchTaskHits(test.database.db, search)).length);
          repo.push(...(await measure(() => searchTaskHits(test.database.db, search))));
          raw.push(...(await measure(() => rawSearch(test.database, plan.planId, q))));
        }
        repo.sort((a, b) => a - b);
        raw.sort((a, b) => a - b);
        all.push(...repo);
        const note = `${terms.join('、')}: ${hits.join('/')} tasks; raw SQL p50 ${percentile(raw, 50).toFixed(1)} ms, p95 ${percentile(raw, 95).toFixed(1)} ms`;
        results.push({
          name: `search ${group} p50 (${dialect})`,
          value: percentile(repo, 50),
          unit: 'ms',
          note,
        });
        results.push({
          name: `search ${group} p95 (${dialect})`,
          value: percentile(repo, 95),
          unit: 'ms',
          aim: '< 100 ms',
        });
      }
      all.sort((a, b) => a - b);
      results.push({
        name: `search all terms p95 (${dialect})`,
        value: percentile(all, 95),
        unit: 'ms',
        aim: '< 100 ms',
        note: `${all.length} queries through searchTaskHits`,
      });
    } finally {
      await test.destroy();
    }
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) {
    process.stdout.write(
      `${result.name}: ${result.value.toFixed(1)} ${result.unit} ${result.note ?? ''}\n`,
    );
  }
}
