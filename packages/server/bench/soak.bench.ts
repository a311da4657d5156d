/**
 * The soak (issue 7): 100 concurrent users of mixed traffic (browse, search, save, export) on
 * the seed, for 10 minutes per database by default, on SQLite and PostgreSQL. Alone:
 *
 *     DUBAN_SOAK_SECONDS=60 node --import tsx packages/server/bench/soak.bench.ts
 *
 * Reports throughput, p50/p99, errors and 5xx, and the server's memory after a full GC at the
 * start (after a warm-up) and the end. The bound the CI test (src/soak.test.ts) asserts: heap
 * growth < 50 MB and RSS growth < 200 MB. Environment: DUBAN_SOAK_SECONDS (600),
 * DUBAN_SOAK_USERS (100), DUBAN_BENCH_DIALECTS (`sqlite,postgres`).
 */
import { pathToFileURL } from 'node:url';
import type { BenchResult } from '../../../scripts/bench.ts';
import type { SqlDialect } from '../src/db/dialect.ts';
import { createTestDatabase, DIALECTS } from '../src/test/database.ts';
import { prepareSoakData, runSoak } from './soak.ts';

const SECONDS = Number(process.env.DUBAN_SOAK_SECONDS ?? 600);
const USERS = Number(process.env.DUBAN_SOAK_USERS ?? 100);
const DIALECT_LIST = (process.env.DUBAN_BENCH_DIALECTS ?? DIALECTS.join(','))
  .split(',')
  .filter((d): d is SqlDialect => (DIALECTS as readonly string[]).includes(d));

async function runOn(dialect: SqlDialect): Promise<BenchResult[]> {
  const test = await createTestDatabase(dialect);
  try {
    process.stderr.write(`soak: ${dialect}, ${USERS} users, ${SECONDS} s\n`);
    const data = await prepareSoakData(test.database);
    const soak = await runSoak({ databaseUrl: test.url, seconds: SECONDS, users: USERS }, data);
    const label = `soak ${dialect} (${USERS} users, ${SECONDS} s, seed)`;
    const note = `${soak.requests} requests: browse, task, search, save, page, xlsx export`;
    return [
      { name: `${label}: throughput`, value: soak.rps, unit: 'req/s', note },
      { name: `${label}: p50`, value: soak.p50, unit: 'ms' },
      { name: `${label}: p99`, value: soak.p99, unit: 'ms' },
      {
        name: `${label}: errors (non-2xx, timeouts)`,
        value: soak.errors,
        unit: '',
        aim: '0',
        note: `${soak.status5xx} 5xx; by status ${JSON.stringify(soak.failures)}; ${soak.timeouts} timeouts, ${soak.connectionErrors} connection errors`,
      },
      {
        name: `${label}: RSS start → end`,
        value: soak.end.rssMb,
        unit: 'MB',
        aim: '+ < 200 MB',
        note: `start ${soak.start.rssMb.toFixed(0)} MB`,
      },
      {
        name: `${label}: heap after GC start → end`,
        value: soak.end.heapMb,
        unit: 'MB',
        aim: '+ < 50 MB',
        note: `start ${soak.start.heapMb.toFixed(0)} MB; analysis cache ${soak.start.cache.entries} → ${soak.end.cache.entries} entries, ${soak.start.cache.rows} → ${soak.end.cache.rows} task rows`,
      },
    ];
  } finally {
    await test.destroy();
  }
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const dialect of DIALECT_LIST) results.push(...(await runOn(dialect)));
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) {
    process.stdout.write(
      `${result.name}\t${result.value.toFixed(2)} ${result.unit}\t${result.note ?? ''}\n`,
    );
  }
}
