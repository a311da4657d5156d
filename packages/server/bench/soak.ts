/**
 * The soak (issue 7): mixed traffic — browse, search, save, export — from many concurrent users
 * against a real listening server on the seed, for a bounded time; what counts is errors and
 * memory at start and end, not speed. Shared by bench/soak.bench.ts (10 minutes, every figure)
 * and src/soak.test.ts (30 s in CI, asserting 0 errors and bounded memory growth).
 */
import autocannon from 'autocannon';
import type { Database } from '../src/db/dialect.ts';
import { importLedger } from '../src/services/import.service.ts';
import { createUser } from '../src/services/users.service.ts';
import { readSeedLedger } from '../src/test/seed.ts';
import { loginOver, startLoadServer, nextVersion, type ServerMemory } from './load-server.ts';

/** The period the soak's users write (opened at the start); the seed's is read and exported. */
const WRITE_PERIOD = '2023Q3';

export interface SoakOptions {
  databaseUrl: string;
  seconds: number;
  /** Concurrent users (connections), 100 by default. */
  users?: number;
  /** Requests per second over all users; unlimited by default. */
  overallRate?: number;
  /** Seconds of traffic before the first memory reading (so caches and JIT are warm). */
  warmupSeconds?: number;
}

export interface SoakResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers (a 409 stale save included). */
  errors: number;
  status5xx: number;
  /** Requests that got no answer within the timeout (30 s), and connection errors. */
  timeouts: number;
  connectionErrors: number;
  /** Answers of 400 and above, by status. */
  failures: Record<number, number>;
  /** Memory after a full GC, in MB, after the warm-up and at the end. */
  start: ServerMemory;
  end: ServerMemory;
}

/**
 * Imports the seed into an empty, migrated database and creates the office's account and one
 * reporter per lead unit. Returns their passwords and each task with its first lead unit.
 */
export async function prepareSoakData(database: Database) {
  const seed = readSeedLedger();
  await importLedger(database, seed, { sourceName: 'yijiang-2023q2.txt', sha256: '0'.repeat(64) });
  const admin = {
    username: 'soak-admin',
    password: await createUser(database, {
      username: 'soak-admin',
      role: 'admin',
      organization: seed.organization,
    }),
  };
  const reporters = new Map<string, { username: string; password: string }>();
  for (const unit of new Set(seed.tasks.flatMap((task) => task.lead.slice(0, 1)))) {
    const username = `soak-reporter-${reporters.size + 1}`;
    reporters.set(unit, {
      username,
      password: await createUser(database, {
        username,
        role: 'reporter',
        organization: seed.organization,
        unit,
      }),
    });
  }
  await database.db.updateTable('users').set({ must_change_password: 0 }).execute();
  const tasks = await database.db
    .selectFrom('tasks')
    .select(['id', 'no'])
    .orderBy('position')
    .execute();
  const leadOf = new Map(seed.tasks.map((task) => [task.no, task.lead[0]]));
  return {
    admin,
    reporters,
    tasks: tasks.flatMap((task) => {
      const unit = leadOf.get(task.no);
      return unit === undefined ? [] : [{ id: task.id, unit }];
    }),
    period: seed.period.label,
  };
}

/** Runs the soak against a server it starts on `databaseUrl` (prepared by prepareSoakData). */
export async function runSoak(
  options: SoakOptions,
  data: Awaited<ReturnType<typeof prepareSoakData>>,
): Promise<SoakResult> {
  const users = options.users ?? 100;
  const server = await startLoadServer(options.databaseUrl);
  try {
    const admin = await loginOver(server.url, data.admin);
    const opened = await fetch(`${server.url}/api/periods`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json', 'x-requested-with': 'duban' },
      body: JSON.stringify({ label: WRITE_PERIOD, dueDate: '2023-10-10' }),
    });
    if (opened.status !== 201) throw new Error(`open ${WRITE_PERIOD}: ${opened.status}`);
    const cookies = new Map<string, string>();
    for (const [unit, reporter] of data.reporters) {
      cookies.set(unit, await loginOver(server.url, reporter));
    }
    // Each user is the reporter of one task's lead unit, and saves that task only.
    const assignments = Array.from({ length: users }, (_, i) => {
      const task = data.tasks[i % data.tasks.length];
      if (task === undefined) throw new Error('the seed has no task with a lead unit');
      return { taskId: task.id, cookie: cookies.get(task.unit) ?? admin };
    });
    if (users > data.tasks.length) throw new Error(`at most ${data.tasks.length} users`);
    // The version each task's next save is based on, across runs (warm-up, then the soak).
    const versions = new Map<number, number>();
    let next = 0;
    /** Answers of 400 and above by status, in the measured run (the warm-up's are dropped). */
    const failures = new Map<number, number>();
    const noteFailure = (status: number) => {
      if (status >= 400) failures.set(status, (failures.get(status) ?? 0) + 1);
    };
    // autocannon resets a request context whenever the sequence loops, so each connection
    // (client) keeps its user and task in its own closure.
    const sequence = (user: { cookie: string; taskId: number }): autocannon.Request[] => {
      let saves = 0;
      const get = (path: string): autocannon.Request => ({
        method: 'GET',
        path,
        // As every browser does: reads are answered compressed (saves stay plain, their
        // answers are parsed for the next base version).
        headers: { cookie: user.cookie, 'accept-encoding': 'gzip, deflate, br' },
        onResponse: noteFailure,
      });
      return [
        get('/api/ledger'),
        get(`/api/tasks/${user.taskId}`),
        get(`/api/ledger?q=${encodeURIComponent('奇瑞')}`),
        {
          method: 'PUT',
          path: `/api/round/tasks/${user.taskId}/progress`,
          headers: {
            cookie: user.cookie,
            'content-type': 'application/json',
            'x-requested-with': 'duban',
          },
          setupRequest: (request) => {
            saves += 1;
            return {
              ...request,
              body: JSON.stringify({
                period: WRITE_PERIOD,
                part: 'consolidated',
                baseVersion: versions.get(user.taskId) ?? 0,
                text: `三季度：第${saves}次保存，项目加快推进，完成投资${saves}亿元。`,
              }),
            };
          },
          onResponse: (status, body) => {
            noteFailure(status);
            versions.set(user.taskId, nextVersion(status, body, versions.get(user.taskId) ?? 0));
          },
        },
        get(`/api/ledger?period=${WRITE_PERIOD}&limit=50&progress=all`),
        get(`/api/periods/${data.period}/report?format=xlsx`),
      ];
    };
    const setupClient = (reads: boolean) => (client: autocannon.Client) => {
      const user = assignments[next % assignments.length] ?? { cookie: admin, taskId: 0 };
      next += 1;
      const requests = sequence(user);
      // Reads only in the warm-up: a save still in flight when a run ends would leave its
      // connection's version behind, and the next run's first save would be a (correct) 409.
      client.setRequests(reads ? requests.filter((request) => request.method === 'GET') : requests);
    };
    const base = {
      url: server.url,
      connections: users,
      timeout: 30,
      requests: [{ method: 'GET' as const, path: '/healthz' }],
      ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
    };
    const warmup = options.warmupSeconds ?? Math.min(10, Math.max(2, options.seconds / 10));
    await autocannon({ ...base, setupClient: setupClient(true), duration: warmup });
    failures.clear();
    const start = await server.memory();
    const result = await autocannon({
      ...base,
      setupClient: setupClient(false),
      duration: options.seconds,
    });
    const end = await server.memory();
    return {
      requests: result.requests.total,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts + result.non2xx,
      status5xx: result['5xx'],
      timeouts: result.timeouts,
      connectionErrors: result.errors,
      failures: Object.fromEntries(failures),
      start,
      end,
    };
  } finally {
    await server.stop();
  }
}
