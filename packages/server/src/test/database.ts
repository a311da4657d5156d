import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type SqlDialect } from '../db/dialect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { DatabaseSchema } from '../db/schema.ts';

/** Every data-layer and route test runs once per dialect. */
export const DIALECTS: readonly SqlDialect[] = ['sqlite', 'postgres'];

const ADMIN_URL = process.env.DUBAN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  database: Database;
  /** The URL openDatabase was given, to open a second connection to the same database. */
  url: string;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test file: a temporary SQLite file, or a new
 * PostgreSQL database `duban_t_<random>` created through the admin URL (`DUBAN_TEST_PG`) and
 * dropped afterwards.
 */
export async function createTestDatabase(
  dialect: SqlDialect,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const created = dialect === 'sqlite' ? createSqlite() : await createPostgres();
  const database = await openDatabase(created.url);
  if (options.migrate !== false) await migrateToLatest(database);
  return {
    database,
    url: created.url,
    destroy: async () => {
      await database.close();
      await created.drop();
    },
  };
}

function createSqlite(): { url: string; drop(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'duban-server-test-'));
  return {
    url: join(dir, 'duban.db'),
    drop: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

async function withAdmin(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

async function createPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `duban_t_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`create database "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin((client) => client.query(`drop database if exists "${name}" with (force)`)),
  };
}

/** How many rows `table` holds. */
export async function countRows(database: Database, table: keyof DatabaseSchema): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
