/**
 * The standard API workload (issue 7). `npm run bench -- workload` runs it; alone:
 *
 *     node --import tsx packages/server/bench/workload.bench.ts
 *
 * 10 000 tasks with four quarters of progress (bench/workload-data.ts), a real listening server
 * (a child process) and autocannon in this process, 50 connections for 20 s each:
 * (a) a page of 50 tasks a unit leads, with every quarter's progress;
 * (b) a search for a 2-character term (the page of its first 50 hits);
 * (c) saves of progress, each connection its own task with the right base version (a 409 would
 *     count as an error).
 * Beside each, the same data work run directly on the database (the repositories, no HTTP) as
 * the mean of sequential runs; and the analysis of the whole plan without and with the cache.
 * Aims (2 cores, SQLite): (a), (b) ≥ 1000 req/s, p99 < 100 ms; (c) ≥ 800 req/s, p99 < 100 ms;
 * PostgreSQL within a factor of 2.
 *
 * Environment: DUBAN_BENCH_SECONDS (20), DUBAN_BENCH_CONNECTIONS (50), DUBAN_BENCH_TASKS
 * (10000), DUBAN_BENCH_DIALECTS (`sqlite,postgres`), DUBAN_BENCH_LOG_LEVEL (`warn`),
 * DUBAN_BENCH_CPU_PROF (a folder: CPU profile of the server).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import type { BenchResult } from '../../../scripts/bench.ts';
import type { SqlDialect } from '../src/db/dialect.ts';
import { listPeriods, listPlans } from '../src/repos/plans.repo.ts';
import { listConsolidatedProgress } from '../src/repos/progress.repo.ts';
import { searchTaskIds } from '../src/repos/search.repo.ts';
import { listFilteredTasks, listTaskUnits } from '../src/repos/tasks.repo.ts';
import { clearAnalysisCache, setAnalysisCacheEnabled } from '../src/services/analysis-cache.ts';
import { analysePeriod } from '../src/services/figures.service.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../src/test/database.ts';
import { loginOver, nextVersion, startLoadServer } from './load-server.ts';
import {
  createWorkloadData,
  RARE_TERM,
  WORKLOAD_PERIODS,
  type WorkloadData,
} from './workload-data.ts';

const SECONDS = Number(process.env.DUBAN_BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.DUBAN_BENCH_CONNECTIONS ?? 50);
const TASKS = Number(process.env.DUBAN_BENCH_TASKS ?? 10_000);
const DIALECT_LIST = (process.env.DUBAN_BENCH_DIALECTS ?? DIALECTS.join(','))
  .split(',')
  .filter((d): d is SqlDialect => (DIALECTS as readonly string[]).includes(d));
const SAVE_PERIOD = WORKLOAD_PERIODS[WORKLOAD_PERIODS.length - 1] ?? '2023Q4';

function progress(message: string): void {
  process.stderr.write(`workload: ${message}\n`);
}

/** Mean time of sequential runs after one warm-up run: up to `runs`, within about 2 s. */
async function meanMs(runs: number, work: () => Promise<unknown>): Promise<number> {
  const first = performance.now();
  await work();
  const once = performance.now() - first;
  const count = Math.max(1, Math.min(runs, Math.floor(2000 / Math.max(once, 0.01))));
  const start = performance.now();
  for (let i = 0; i < count; i += 1) await work();
  return (performance.now() - start) / count;
}

interface LoadFigures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

function figuresOf(result: autocannon.Result): LoadFigures {
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

function rows(
  name: string,
  figures: LoadFigures,
  direct: number | undefined,
  aims: { rps: number; p99: number },
): BenchResult[] {
  const note = `${figures.requests} requests, ${CONNECTIONS} connections, ${SECONDS} s${
    direct === undefined ? '' : `; directly on the database ${direct.toFixed(2)} ms`
  }`;
  return [
    { name: `${name}: throughput`, value: figures.rps, unit: 'req/s', aim: `≥ ${aims.rps}`, note },
    { name: `${name}: p50`, value: figures.p50, unit: 'ms' },
    { name: `${name}: p99`, value: figures.p99, unit: 'ms', aim: `< ${aims.p99} ms` },
    { name: `${name}: errors`, value: figures.errors, unit: '', aim: '0' },
  ];
}

async function load(options: autocannon.Options): Promise<LoadFigures> {
  return figuresOf(
    await autocannon({ connections: CONNECTIONS, duration: SECONDS, timeout: 10, ...options }),
  );
}

/** The repositories' work behind (a), (b) and (c), without HTTP, services or the analysis. */
async function directTimings(test: TestDatabase, data: WorkloadData) {
  const { db } = test.database;
  const periods = await listPeriods(db, data.orgId, [data.planId]);
  const page = () =>
    listFilteredTasks(db, {
      orgId: data.orgId,
      planId: data.planId,
      sectionOrdinal: undefined,
      unitId: data.leadUnit.id,
      unitRole: 'lead',
      taskIds: undefined,
    }).then(async (tasks) => {
      const ids = tasks.slice(0, 50).map((task) => task.id);
      await listTaskUnits(db, ids);
      for (const period of periods) await listConsolidatedProgress(db, period.id, ids);
    });
  const search = () =>
    searchTaskIds(db, {
      orgId: data.orgId,
      planId: data.planId,
      q: RARE_TERM,
      dialect: test.database.dialect,
    });
  const taskId = data.leadUnit.taskIds.at(-1) ?? 0;
  const period = periods.find((p) => p.label === SAVE_PERIOD);
  let version = 1;
  const save = () =>
    db.transaction().execute(async (trx) => {
      const entry = await trx
        .updateTable('progress_entries')
        .set({ text: `直接保存 ${version}`, version: version + 1, state: 'draft' })
        .where('task_id', '=', taskId)
        .where('period_id', '=', period?.id ?? 0)
        .where('unit_id', 'is', null)
        .where('version', '=', version)
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('progress_versions')
        .values({
          org_id: data.orgId,
          entry_id: entry.id,
          version: version + 1,
          text: `直接保存 ${version}`,
          author_id: null,
          created_at: new Date().toISOString(),
        })
        .execute();
      version += 1;
    });
  return {
    page: await meanMs(50, page),
    search: await meanMs(50, search),
    save: await meanMs(50, save),
  };
}

/** The analysis of the whole plan (one quarter), without the cache and with it. */
async function analysisTimings(test: TestDatabase, data: WorkloadData) {
  const { db } = test.database;
  const plan = (await listPlans(db, data.orgId))[0];
  if (plan === undefined) throw new Error('no plan');
  const periods = await listPeriods(db, data.orgId, [plan.id]);
  const period = periods.at(-1);
  if (period === undefined) throw new Error('no period');
  setAnalysisCacheEnabled(db, false);
  const start = performance.now();
  await analysePeriod(db, plan, periods, period);
  const uncached = performance.now() - start;
  setAnalysisCacheEnabled(db, true);
  clearAnalysisCache(db);
  const cached = await meanMs(200, () => analysePeriod(db, plan, periods, period));
  return { uncached, cached };
}

async function runOn(dialect: SqlDialect): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const label = `workload ${dialect}`;
  const test = await createTestDatabase(dialect);
  try {
    const started = performance.now();
    progress(`${dialect}: inserting ${TASKS} tasks`);
    const data = await createWorkloadData(test.database, { tasks: TASKS });
    progress(`${dialect}: inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    results.push({
      name: `${label}: insert ${TASKS} tasks × 4 quarters`,
      value: (performance.now() - started) / 1000,
      unit: 's',
      note: `${(data.progressChars / 1e6).toFixed(1)} M characters of progress; “${RARE_TERM}” in ${(data.rareShare.generated * 100).toFixed(1)}% of tasks (seed ${(data.rareShare.seed * 100).toFixed(1)}%); unit ${data.leadUnit.name} leads ${data.leadUnit.taskIds.length}`,
    });
    const analysis = await analysisTimings(test, data);
    results.push(
      {
        name: `${label}: analysis of the plan, no cache`,
        value: analysis.uncached,
        unit: 'ms',
        note: 'before: every ledger/figures/findings request paid this',
      },
      {
        name: `${label}: analysis of the plan, cached`,
        value: analysis.cached,
        unit: 'ms',
        note: 'after: one data-version read',
      },
    );
    progress(`${dialect}: analysis ${analysis.uncached.toFixed(0)} ms uncached`);
    const direct = await directTimings(test, data);
    progress(`${dialect}: direct ${JSON.stringify(direct)}`);
    const server = await startLoadServer(test.url);
    try {
      const admin = await loginOver(server.url, data.admin);
      const reporter = await loginOver(server.url, data.reporter);
      const pagePath = `/api/ledger?unit=${data.leadUnit.id}&unitRole=lead&limit=50&progress=all`;
      const searchPath = `/api/ledger?q=${encodeURIComponent(RARE_TERM)}&limit=50`;
      // Reads send Accept-Encoding as every browser does: the server answers them compressed.
      const reads = { cookie: admin, 'accept-encoding': 'gzip, deflate, br' };
      // Warm: the first request analyses the plan once and compresses its answer once.
      for (const path of [pagePath, searchPath]) {
        const response = await fetch(`${server.url}${path}`, { headers: reads });
        if (response.status !== 200)
          throw new Error(`${path}: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }
      progress(`${dialect}: (a) ${server.url}${pagePath}`);
      const page = await load({ url: `${server.url}${pagePath}`, headers: reads });
      results.push(
        ...rows(`${label} (a) page of 50 by lead unit, 4 quarters`, page, direct.page, {
          rps: 1000,
          p99: 100,
        }),
      );
      progress(`${dialect}: (b)`);
      const search = await load({ url: `${server.url}${searchPath}`, headers: reads });
      results.push(
        ...rows(`${label} (b) search “${RARE_TERM}”`, search, direct.search, {
          rps: 1000,
          p99: 100,
        }),
      );
      const tasks = data.leadUnit.taskIds;
      if (tasks.length < CONNECTIONS)
        throw new Error(`the lead unit leads only ${tasks.length} tasks`);
      progress(`${dialect}: (c)`);
      let next = 0;
      const save = await load({
        url: server.url,
        headers: {
          cookie: reporter,
          'content-type': 'application/json',
          'x-requested-with': 'duban',
        },
        requests: [{ method: 'PUT' }],
        // autocannon resets a request context whenever the sequence loops, so each connection
        // keeps its task and the version its last save returned in its own closure.
        setupClient: (client) => {
          const taskId = tasks[next % tasks.length] ?? 0;
          next += 1;
          let version = 1;
          let saves = 0;
          client.setRequests([
            {
              method: 'PUT',
              path: `/api/round/tasks/${taskId}/progress`,
              setupRequest: (request) => {
                saves += 1;
                return {
                  ...request,
                  body: JSON.stringify({
                    period: SAVE_PERIOD,
                    part: 'consolidated',
                    baseVersion: version,
                    text: `四季度：第${saves}次保存，项目加快推进。`,
                  }),
                };
              },
              onResponse: (status, body) => {
                version = nextVersion(status, body, version);
              },
            },
          ]);
        },
      });
      results.push(
        ...rows(`${label} (c) save progress`, save, direct.save, { rps: 800, p99: 100 }),
      );
    } finally {
      await server.stop();
    }
  } finally {
    await test.destroy();
  }
  return results;
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
