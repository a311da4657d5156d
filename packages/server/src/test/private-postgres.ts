import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A PostgreSQL cluster of the test's own (initdb/pg_ctl as user postgres on 127.0.0.1), which
 * the test may stop and start, unlike the machine's shared server.
 */
export interface PrivatePostgres {
  /** URL of the database `duban` in the cluster. */
  url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

function findBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'pg_ctl')));
}

/** Why a private cluster cannot be started here, or undefined when it can. */
export function privatePostgresUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (initdb runs as user postgres through su)';
  if (findBinDir() === undefined) return 'no PostgreSQL binaries under /usr/lib/postgresql/*/bin';
  try {
    execFileSync('id', ['postgres'], { stdio: 'ignore' });
  } catch {
    return 'no system user postgres';
  }
  return undefined;
}

function asPostgres(command: string): void {
  // Output is discarded outside `su`: a redirect inside it into a root-owned dir fails (STACK.md).
  execFileSync('su', ['postgres', '-c', command], { stdio: 'ignore' });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = findBinDir();
  if (bin === undefined) throw new Error('no PostgreSQL binaries');
  const dir = mkdtempSync(join(tmpdir(), 'duban-pg-'));
  chownSync(
    dir,
    Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  );
  const port = 20000 + Math.floor(Math.random() * 20000);
  asPostgres(`${bin}/initdb -D ${dir}/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8`);
  const start = (): void => {
    asPostgres(
      `${bin}/pg_ctl -D ${dir}/data -l ${dir}/log -w -o '-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}' start`,
    );
  };
  const stop = (): void => {
    asPostgres(`${bin}/pg_ctl -D ${dir}/data -m fast -w stop`);
  };
  start();
  const admin = new pg.Client({
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
  });
  await admin.connect();
  await admin.query('create database duban');
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/duban`,
    stop,
    start,
    destroy: () => {
      try {
        stop();
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
