/**
 * Starts bench/workload-server.ts as a child process on a database and logs in through HTTP:
 * what the load benches (workload, soak) share.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('./workload-server.ts', import.meta.url));

export interface ServerMemory {
  rssMb: number;
  heapMb: number;
  /** Entries and task rows in the analysis cache (bounded by ANALYSIS_CACHE_MAX_ROWS). */
  cache: { entries: number; rows: number };
}

export interface LoadServer {
  url: string;
  pid: number;
  /** The server's memory after a full GC (RSS, heap used), in MB, and its analysis cache's use. */
  memory(): Promise<ServerMemory>;
  stop(): Promise<void>;
}

/**
 * A listening server on `databaseUrl`. `DUBAN_BENCH_LOG_LEVEL` (default `warn`) sets its log
 * level; `DUBAN_BENCH_CPU_PROF=<dir>` writes a V8 CPU profile there when it stops.
 */
export async function startLoadServer(
  databaseUrl: string,
  options: { cache?: boolean } = {},
): Promise<LoadServer> {
  const profile = process.env.DUBAN_BENCH_CPU_PROF;
  const args = [
    '--expose-gc',
    '--import',
    'tsx',
    ...(profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`]),
    SERVER,
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    env: {
      ...process.env,
      DUBAN_DB: databaseUrl,
      DUBAN_LOG_LEVEL: process.env.DUBAN_BENCH_LOG_LEVEL ?? 'warn',
      DUBAN_REMIND: 'off',
      DUBAN_BENCH_CACHE: options.cache === false ? 'off' : 'on',
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const stdout = child.stdout;
  if (stdout === null) throw new Error('the bench server has no stdout');
  const lines = createInterface({ input: stdout });
  const address = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`the bench server exited (${String(code)})`));
    });
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { address?: string }; // the server's one JSON line
        if (parsed.address !== undefined) resolve(parsed.address);
      } catch {
        // Another line (a log line): ignore.
      }
    });
  });
  return {
    url: address,
    pid: child.pid ?? 0,
    memory: () =>
      new Promise((resolve) => {
        child.once('message', (message) => {
          const { memory, cache } = message as {
            memory: NodeJS.MemoryUsage;
            cache: ServerMemory['cache'];
          }; // the server's answer
          resolve({ rssMb: memory.rss / 2 ** 20, heapMb: memory.heapUsed / 2 ** 20, cache });
        });
        child.send('memory');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => {
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Logs in and returns the Cookie header value. */
export async function loginOver(
  url: string,
  user: { username: string; password: string },
): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'duban', origin: url },
    body: JSON.stringify(user),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('duban_session='));
  if (response.status !== 200 || cookie === undefined) {
    throw new Error(`login failed: ${response.status} ${await response.text()}`);
  }
  return cookie.split(';')[0] ?? '';
}

/**
 * The version the next save is based on: the saved entry's, or — after a 409 (a save whose
 * answer was lost to a timeout went through) — the current one the 409 names, so one lost
 * answer costs one error, not every later save of the connection.
 */
export function nextVersion(status: number, body: string, version: number): number {
  if (status === 200) return (JSON.parse(body) as { version: number }).version; // a RoundEntryDto
  if (status === 409) {
    const conflict = JSON.parse(body) as {
      error?: { details?: { current?: { version?: number } } };
    }; // stale-version's details
    return conflict.error?.details?.current?.version ?? version;
  }
  return version;
}
