/**
 * The hour before the due date (issue 4). `npm run bench round` runs it; alone:
 *
 *     node --import tsx packages/server/bench/round.bench.ts
 *
 * 200 reporters, one per unit (200 units, one task each, the unit leading it), all at once over
 * real HTTP (the app listening on 127.0.0.1, Node's fetch with keep-alive connections in this
 * process): each saves its draft, then submits it. One reporter per unit because that is the
 * real shape of the rush (each unit's reporter writes its own text) and because several users
 * of one unit writing the same entry would, rightly, get 409 stale-version, which is not load.
 * Logins (argon2) happen before the timed part. Measured per dialect: requests per second,
 * p50/p99 latency, errors (must be 0), and whether every saved text is the stored latest
 * version. Aim: p99 under 100 ms on SQLite.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { LedgerTask } from '@duban/core';
import { analyseLedger } from '@duban/core';
import type { BenchResult } from '../../../scripts/bench.ts';
import { buildApp } from '../src/app.ts';
import type { Database, SqlDialect } from '../src/db/dialect.ts';
import { createUser } from '../src/services/users.service.ts';
import { importLedger } from '../src/services/import.service.ts';
import { buildTestConfig } from '../src/test/app.ts';
import { createTestDatabase, DIALECTS } from '../src/test/database.ts';
import { buildLedger, buildTask } from '../src/test/factories.ts';

const REPORTERS = 200;
/** All at once: the case; the p99 is then the time to drain the queue of 400 requests. */
const BURST = '2023Q3';
/** The same reporters spread evenly over SPREAD_MS (still far denser than a real hour). */
const SPREAD = '2023Q4';
const SPREAD_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HEADERS = { 'x-requested-with': 'duban', 'content-type': 'application/json' } as const;

function unitName(i: number): string {
  return `第${String(i + 1).padStart(3, '0')}单位`;
}

function buildRushLedger() {
  const base = buildLedger();
  const tasks: LedgerTask[] = [];
  for (let i = 0; i < REPORTERS; i += 1) {
    tasks.push(
      buildTask({
        no: String(i + 1),
        text: `第${i + 1}项重点工作：推进项目建设，全年完成投资${i + 1}亿元`,
        lead: [unitName(i)],
        progress: `二季度完成投资${(i + 1) / 2}亿元。`,
      }),
    );
  }
  return analyseLedger({ ...base, tasks });
}

/**
 * Reporters whose text is not the stored text of their entry (version 1, submitted) and the
 * latest of its versions: lost updates.
 */
async function countLost(
  database: Database,
  period: string,
  texts: ReadonlyMap<number, string>,
): Promise<number> {
  const stored = await database.db
    .selectFrom('progress_entries')
    .innerJoin('periods', 'periods.id', 'progress_entries.period_id')
    .select(['progress_entries.task_id as taskId', 'text', 'version', 'progress_entries.state'])
    .where('periods.label', '=', period)
    .where('progress_entries.unit_id', 'is', null)
    .execute();
  const byTask = new Map(stored.map((row) => [row.taskId, row]));
  const versions = await database.db
    .selectFrom('progress_versions')
    .innerJoin('progress_entries', 'progress_entries.id', 'progress_versions.entry_id')
    .innerJoin('periods', 'periods.id', 'progress_entries.period_id')
    .select(['progress_entries.task_id as taskId', 'progress_versions.text'])
    .where('periods.label', '=', period)
    .orderBy('progress_versions.version', 'desc')
    .execute();
  const latest = new Map<number, string>();
  for (const row of versions) if (!latest.has(row.taskId)) latest.set(row.taskId, row.text);
  let lost = 0;
  for (const [taskId, text] of texts) {
    const row = byTask.get(taskId);
    const ok =
      row !== undefined &&
      row.text === text &&
      row.version === 1 &&
      row.state === 'submitted' &&
      latest.get(taskId) === text;
    if (!ok) lost += 1;
  }
  return lost;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * With DUBAN_BENCH_PROFILE=dir, a CPU profile of the timed part only (open it in Chrome's
 * DevTools, Performance tab).
 */
async function startProfiler(): Promise<{ stop(name: string): Promise<void> } | undefined> {
  const dir = process.env.DUBAN_BENCH_PROFILE;
  if (dir === undefined || dir === '') return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async (name) => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(dir, name), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

interface Reporter {
  username: string;
  password: string;
  cookie: string;
  taskId: number;
}

async function rush(dialect: SqlDialect): Promise<BenchResult[]> {
  const test = await createTestDatabase(dialect);
  // One keep-alive connection per reporter, as 200 browsers would have: the client is not the
  // bottleneck (Node's fetch pools fewer connections and queues the rest unfairly).
  const agent = new Agent({ keepAlive: true, maxSockets: REPORTERS });
  const app = await buildApp({
    database: test.database,
    config: buildTestConfig({ logLevel: 'silent' }),
  });
  try {
    await importLedger(test.database, buildRushLedger(), {
      sourceName: 'rush.txt',
      sha256: '0'.repeat(64),
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const call = (
      method: string,
      path: string,
      cookie: string,
      body?: unknown,
    ): Promise<{ status: number; json: unknown; setCookie: string | null }> =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const request = httpRequest(
          `${address}${path}`,
          {
            method,
            agent,
            headers: {
              ...HEADERS,
              cookie,
              ...(payload === undefined ? {} : { 'content-length': Buffer.byteLength(payload) }),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              resolve({
                status: response.statusCode ?? 0,
                json: text === '' ? null : (JSON.parse(text) as unknown),
                setCookie: response.headers['set-cookie']?.[0] ?? null,
              });
            });
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end(payload);
      });

    // Untimed: accounts (argon2 hashes), logins (argon2 verifies), the open period.
    const tasks = await test.database.db
      .selectFrom('tasks')
      .select(['id', 'no'])
      .orderBy('position')
      .execute();
    const reporters: Reporter[] = [];
    const passwords = await Promise.all(
      Array.from({ length: REPORTERS }, (_, i) =>
        createUser(test.database, {
          username: `r${i + 1}`,
          role: 'reporter',
          unit: unitName(i),
          organization: '示范区',
        }),
      ),
    );
    await test.database.db.updateTable('users').set({ must_change_password: 0 }).execute();
    const login = async (username: string, password: string): Promise<string> => {
      const response = await call('POST', '/api/session', '', { username, password });
      const cookie = response.setCookie?.split(';')[0];
      if (response.status !== 200 || cookie === undefined) {
        throw new Error(`login ${username}: ${response.status}`);
      }
      return cookie;
    };
    for (let i = 0; i < REPORTERS; i += 1) {
      const username = `r${i + 1}`;
      const password = passwords[i] ?? '';
      reporters.push({
        username,
        password,
        cookie: await login(username, password),
        taskId: tasks.find((task) => task.no === String(i + 1))?.id ?? 0,
      });
    }
    await createUser(test.database, {
      username: 'office',
      role: 'admin',
      organization: '示范区',
    }).then(async (password) => {
      await test.database.db
        .updateTable('users')
        .set({ must_change_password: 0 })
        .where('username', '=', 'office')
        .execute();
      const cookie = await login('office', password);
      for (const label of [BURST, SPREAD]) {
        const opened = await call('POST', '/api/periods', cookie, { label, dueDate: '2023-10-10' });
        if (opened.status !== 201) throw new Error(`open period ${label}: ${opened.status}`);
      }
    });
    // Warm the code paths (JIT, statement caches) with one reporter's read.
    await call('GET', `/api/round?period=${BURST}`, reporters[0]?.cookie ?? '');

    const scenario = async (period: string, spreadMs: number): Promise<BenchResult[]> => {
      const latencies: number[] = [];
      let errors = 0;
      const timed = async (work: () => Promise<{ status: number }>) => {
        const start = performance.now();
        const response = await work();
        latencies.push(performance.now() - start);
        if (response.status !== 200) errors += 1;
        return response;
      };
      const texts = new Map(
        reporters.map((r, i) => [
          r.taskId,
          `${period} ${unitName(i)}：完成投资${i + 1}亿元，项目按期推进。`,
        ]),
      );
      const profiler = await startProfiler();
      const started = performance.now();
      await Promise.all(
        reporters.map(async (reporter, i) => {
          // Spread: reporter i starts at i/REPORTERS of the spread, so arrivals are even.
          if (spreadMs > 0) await sleep((i * spreadMs) / REPORTERS);
          const base = `/api/round/tasks/${reporter.taskId}`;
          const part = { period, part: 'consolidated' };
          const text = texts.get(reporter.taskId) ?? '';
          const saved = await timed(() =>
            call('PUT', `${base}/progress`, reporter.cookie, { ...part, baseVersion: 0, text }),
          );
          if (saved.status !== 200) return;
          await timed(() =>
            call('POST', `${base}/transitions`, reporter.cookie, { ...part, action: 'submit' }),
          );
        }),
      );
      const elapsed = performance.now() - started;
      await profiler?.stop(`${dialect}-${spreadMs === 0 ? 'burst' : 'spread'}.cpuprofile`);
      const lost = await countLost(test.database, period, texts);

      latencies.sort((x, y) => x - y);
      const requests = latencies.length;
      const label =
        spreadMs === 0
          ? `round: ${REPORTERS} reporters at once (${dialect})`
          : `round: ${REPORTERS} reporters over ${spreadMs / 1000} s (${dialect})`;
      return [
        { name: `${label}: requests/s`, value: (requests / elapsed) * 1000, unit: 'req/s' },
        {
          name: `${label}: p50`,
          value: percentile(latencies, 50),
          unit: 'ms',
          note: `${requests} requests (save + submit) in ${Math.round(elapsed)} ms`,
        },
        {
          name: `${label}: p99`,
          value: percentile(latencies, 99),
          unit: 'ms',
          ...(dialect === 'sqlite' ? { aim: '< 100 ms' } : {}),
        },
        { name: `${label}: errors`, value: errors, unit: '', aim: '0' },
        {
          name: `${label}: lost updates`,
          value: lost,
          unit: '',
          aim: '0',
          note: 'saved text = stored latest version',
        },
      ];
    };
    return [...(await scenario(BURST, 0)), ...(await scenario(SPREAD, SPREAD_MS))];
  } finally {
    agent.destroy();
    await app.close();
    await test.destroy();
  }
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  // DUBAN_BENCH_DIALECT=sqlite (or postgres) runs one, e.g. when profiling.
  const only = process.env.DUBAN_BENCH_DIALECT;
  for (const dialect of DIALECTS.filter((d) => only === undefined || d === only)) {
    results.push(...(await rush(dialect)));
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) {
    process.stdout.write(`${result.name}: ${result.value.toFixed(1)} ${result.unit}\n`);
  }
}
