import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  type DialectAdapter,
  type LogEvent,
} from 'kysely';
import { Pool, type PoolClient } from 'pg';
import { AppError } from '../errors.ts';
import { preparedStatementName } from './prepared.ts';
import type { DatabaseSchema } from './schema.ts';

export type SqlDialect = 'sqlite' | 'postgres';

/** An open database: what every service, the app and the CLI are handed. */
export interface Database {
  db: Kysely<DatabaseSchema>;
  dialect: SqlDialect;
  close(): Promise<void>;
}

/**
 * SQLite runs DDL inside transactions perfectly well; Kysely's adapter just does not claim it,
 * so its migrator would run our migrations outside one. Claiming it makes a failed migration
 * leave the schema as it was.
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}

function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export interface OpenOptions {
  /** Called for every statement sent, BEGIN and COMMIT included: tests count them. */
  log?: (event: LogEvent) => void;
}

/**
 * Opens the database `url` names: a `postgres://` URL → PostgreSQL through a pg pool; anything
 * else is the path of a SQLite file, whose folder is created.
 */
export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  return isPostgresUrl(url) ? openPostgres(url, options) : openSqlite(url, options);
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing was ~12% of the CPU of the round
 * bench (bench/round.bench.ts). Reuse a prepared statement for the same SQL text unless it is
 * busy (a stream still iterating it). SQLite re-prepares a statement itself after a schema change.
 */
function cacheStatements(sqlite: SQLite.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, SQLite.Statement>();
  const cached = (source: string): SQLite.Statement => {
    const hit = cache.get(source);
    if (hit !== undefined && !hit.busy) return hit;
    const statement = prepare(source);
    if (hit === undefined) {
      if (cache.size >= STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next();
        if (oldest.done !== true) cache.delete(oldest.value);
      }
      cache.set(source, statement);
    }
    return statement;
  };
  // Same signature as prepare: better-sqlite3's typings make it generic over parameters.
  sqlite.prepare = cached as typeof sqlite.prepare;
}

function openSqlite(path: string, options: OpenOptions): Database {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  cacheStatements(sqlite);
  const db = new Kysely<DatabaseSchema>({
    dialect: new TransactionalSqliteDialect({ database: sqlite }),
    log: options.log,
  });
  return {
    db,
    dialect: 'sqlite',
    close: async () => {
      await db.destroy();
      // Kysely closes only a connection it has used; a handle never queried is still open.
      if (sqlite.open) sqlite.close();
    },
  };
}

/**
 * Runs the SQL of prepared queries (db/prepared.ts) as named statements: the connection parses
 * and plans each once instead of on every call (issue 7: PostgreSQL CPU per save 2.0 → 1.0 ms,
 * measured sequentially). Kysely calls `query(sql, parameters)`; everything else passes through.
 */
function namePreparedStatements(client: PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const named = (...args: unknown[]): unknown => {
    const [text, values] = args;
    const name =
      args.length === 2 && typeof text === 'string' ? preparedStatementName(text) : undefined;
    return name === undefined ? query(...args) : query({ name, text, values });
  };
  client.query = named as typeof client.query;
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const pool = new Pool({ connectionString: url, max: 10 });
  // An idle client's error (server restart) must not crash the process; the next query fails.
  pool.on('error', () => undefined);
  // A checked-out client has no listener of the pool's: if the server goes away while a
  // client is checked out (PostgreSQL stopped mid-request), its 'error' event would be an
  // uncaught exception and end the process. The query itself still fails and is answered 503.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    namePreparedStatements(client);
  });
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end();
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('database-unavailable', `无法连接数据库 ${redactUrl(url)}：${reason}`);
  }
  const db = new Kysely<DatabaseSchema>({
    dialect: new PostgresDialect({ pool }),
    log: options.log,
  });
  return {
    db,
    dialect: 'postgres',
    close: async () => {
      await db.destroy();
      // Kysely ends only a pool it has used; a handle never queried still holds a client.
      if (!pool.ending && !pool.ended) await pool.end();
    },
  };
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}
