import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Database, SqlDialect } from '../db/dialect.ts';
import { inspectSchema, migrateToLatest } from '../db/migrate.ts';
import { getMigrations, MIGRATION_NAMES } from '../db/migrations/index.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/**
 * A Duban backup (`duban.backup/1`) is logical and portable: the first line is a JSON header,
 * every further line one row `{"t": table, "r": {column: value}}`. Rows come table by table, a
 * table after every table it references, so a restore inserts them in file order. Because
 * both dialects store the same representation (schema.ts), a SQLite backup restores into
 * PostgreSQL and back.
 */
export const BACKUP_FORMAT = 'duban.backup/1';

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  /** The migrations the database had run: its schema version. */
  schema: string[];
  dialect: SqlDialect;
  createdAt: string;
  /** Rows per table, in file order. */
  tables: Record<string, number>;
  /** sha256 (hex) of everything after the header line. */
  sha256: string;
}

export interface Backup {
  header: BackupHeader;
  /** The whole file: header line, then the body. */
  text: string;
}

/** Kysely's own bookkeeping: its content is the schema version, carried in the header. */
const KYSELY_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

// Loose row shape: the backup copies whatever columns the schema of its day has.
type Row = Record<string, unknown>;
type AnyDb = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/**
 * The application's tables, each after the tables it references (creation order breaks ties),
 * without Kysely's and without SQLite's full-text virtual tables and their shadow tables,
 * which triggers or a rebuild fill again.
 */
async function listTables(db: AnyDb, dialect: SqlDialect): Promise<string[]> {
  let names: string[];
  const references = new Map<string, string[]>();
  if (dialect === 'sqlite') {
    const rows = await sql<{ name: string; sql: string | null }>`
      select name, sql from sqlite_master
      where type = 'table' and name not like 'sqlite_%' order by rowid`.execute(db);
    const virtual = rows.rows
      .filter((row) => /^create\s+virtual\s+table/i.test(row.sql ?? ''))
      .map((row) => row.name);
    names = rows.rows
      .map((row) => row.name)
      .filter(
        (name) =>
          !KYSELY_TABLES.has(name) && !virtual.some((v) => name === v || name.startsWith(`${v}_`)),
      );
    for (const name of names) {
      const fks = await sql<{ table: string }>`
        select "table" from pragma_foreign_key_list(${name})`.execute(db);
      references.set(
        name,
        fks.rows.map((fk) => fk.table),
      );
    }
  } else {
    const rows = await sql<{ name: string }>`
      select c.relname as name from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p')
      order by c.oid`.execute(db);
    names = rows.rows.map((row) => row.name).filter((name) => !KYSELY_TABLES.has(name));
    const fks = await sql<{ child: string; parent: string }>`
      select c.relname as child, p.relname as parent from pg_constraint k
      join pg_class c on c.oid = k.conrelid
      join pg_class p on p.oid = k.confrelid
      join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = current_schema()`.execute(db);
    for (const fk of fks.rows) {
      references.set(fk.child, [...(references.get(fk.child) ?? []), fk.parent]);
    }
  }
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string): void => {
    if (ordered.includes(name) || visiting.has(name) || !names.includes(name)) return;
    visiting.add(name);
    for (const parent of references.get(name) ?? []) if (parent !== name) visit(parent);
    visiting.delete(name);
    ordered.push(name);
  };
  for (const name of names) visit(name);
  return ordered;
}

async function listExecutedMigrations(db: AnyDb): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    db,
  );
  return rows.rows.map((row) => row.name);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * `organizations.data_version` is not data: the analysis cache's stamp (migration 0010), which
 * the restore's own inserts renew anyway.
 */
function withoutCacheStamp(table: string, row: Row): Row {
  if (table !== 'organizations') return row;
  const copy = { ...row };
  delete copy.data_version;
  return copy;
}

/**
 * A consistent copy of every table while the server keeps running: one read transaction
 * (SQLite: a WAL snapshot; PostgreSQL: REPEATABLE READ), so the copy is one moment's state.
 */
export async function createBackup(database: Database, now = new Date()): Promise<Backup> {
  let builder = database.db.transaction();
  if (database.dialect === 'postgres') builder = builder.setIsolationLevel('repeatable read');
  return builder.execute(async (trx) => {
    const schema = await listExecutedMigrations(trx);
    const tables = await listTables(trx, database.dialect);
    const lines: string[] = [];
    const counts: Record<string, number> = {};
    for (const table of tables) {
      // `order by 1`: the key, so a row that references its own table follows its parent.
      const rows = await sql<Row>`select * from ${sql.table(table)} order by 1`.execute(trx);
      counts[table] = rows.rows.length;
      for (const row of rows.rows) {
        lines.push(JSON.stringify({ t: table, r: withoutCacheStamp(table, row) }));
      }
    }
    const body = lines.map((line) => `${line}\n`).join('');
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      schema,
      dialect: database.dialect,
      createdAt: now.toISOString(),
      tables: counts,
      sha256: sha256(body),
    };
    return { header, text: `${JSON.stringify(header)}\n${body}` };
  });
}

const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  schema: z.array(z.string()),
  dialect: z.enum(['sqlite', 'postgres']),
  createdAt: z.string(),
  tables: z.record(z.string(), z.number()),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const rowSchema = z.object({ t: z.string(), r: z.record(z.string(), z.unknown()) });

const invalid = (message: string): AppError => new AppError('invalid-backup', message);

/** Parses and verifies a backup file: format, checksum and that this binary knows its schema. */
export function readBackup(text: string): { header: BackupHeader; rows: { t: string; r: Row }[] } {
  const newline = text.indexOf('\n');
  if (newline < 0) throw invalid('不是督办备份文件（缺少文件头）');
  let parsedHeader: unknown;
  try {
    parsedHeader = JSON.parse(text.slice(0, newline));
  } catch {
    throw invalid('不是督办备份文件（文件头不是 JSON）');
  }
  const checked = headerSchema.safeParse(parsedHeader);
  if (!checked.success) {
    throw invalid(`不是督办备份文件，或文件头不完整（格式应为 ${BACKUP_FORMAT}）`);
  }
  const header = checked.data;
  const body = text.slice(newline + 1);
  if (sha256(body) !== header.sha256) {
    throw invalid('备份文件校验和不符：文件已损坏或被改动，未恢复任何数据');
  }
  const unknown = header.schema.filter((name) => !MIGRATION_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new AppError(
      'schema-too-new',
      `备份来自较新版本的督办（本程序不认识的迁移：${unknown.join('、')}），请升级督办后再恢复`,
      { unknown },
    );
  }
  const rows = body
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) => {
      const row = rowSchema.safeParse(JSON.parse(line));
      if (!row.success) throw invalid(`备份第 ${index + 2} 行格式有误`);
      return row.data;
    });
  return { header, rows };
}

async function countRows(db: AnyDb, tables: string[]): Promise<number> {
  let total = 0;
  for (const table of tables) {
    const result = await sql<{ n: number | string }>`
      select count(*) as n from ${sql.table(table)}`.execute(db);
    total += Number(result.rows[0]?.n ?? 0);
  }
  return total;
}

async function dropEverything(trx: AnyDb, dialect: SqlDialect): Promise<void> {
  const tables = [...(await listTables(trx, dialect))].reverse();
  if (dialect === 'sqlite') {
    // Virtual tables (full-text indexes) first; they drop their shadow tables themselves.
    const virtual = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%'`.execute(
      trx,
    );
    for (const row of virtual.rows)
      await sql`drop table if exists ${sql.table(row.name)}`.execute(trx);
    for (const table of tables) await sql`drop table if exists ${sql.table(table)}`.execute(trx);
  } else {
    for (const table of tables) {
      await sql`drop table if exists ${sql.table(table)} cascade`.execute(trx);
    }
  }
  for (const table of KYSELY_TABLES) {
    await sql`drop table if exists ${sql.table(table)}`.execute(trx);
  }
}

/** Brings an empty schema to exactly the backup's version, writing Kysely's bookkeeping. */
async function migrateTo(trx: AnyDb, dialect: SqlDialect, names: string[]): Promise<void> {
  await sql`create table if not exists kysely_migration (
    name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(trx);
  await sql`create table if not exists kysely_migration_lock (
    id varchar(255) not null primary key, is_locked integer not null default 0)`.execute(trx);
  await sql`insert into kysely_migration_lock (id, is_locked)
    select 'migration_lock', 0 where not exists (
      select 1 from kysely_migration_lock where id = 'migration_lock')`.execute(trx);
  const migrations = getMigrations(dialect);
  for (const name of [...names].sort()) {
    const migration = migrations[name];
    if (migration === undefined) throw invalid(`未知的迁移 ${name}`);
    await migration.up(trx);
    await sql`insert into kysely_migration (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(
      trx,
    );
  }
}

/** Inserts in chunks that stay under both dialects' limits on bound parameters. */
async function insertRows(trx: AnyDb, table: string, rows: Row[]): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  const perChunk = Math.max(1, Math.floor(30000 / Math.max(1, columns.length)));
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const values = chunk.map(
      (row) => sql`(${sql.join(columns.map((column) => row[column] ?? null))})`,
    );
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
      values ${sql.join(values)}`.execute(trx);
  }
}

export interface RestoreOptions {
  /** Replace the data of a database that already holds some. */
  force?: boolean;
}

export interface RestoreResult {
  header: BackupHeader;
  rows: number;
}

/**
 * Restores a backup into `database` in one transaction: the schema is rebuilt at the backup's
 * version, every row inserted, PostgreSQL identity sequences moved past the restored keys; then
 * any newer migrations of this binary run as at every start. A database that holds data is
 * refused unless `force`; a backup from a newer Duban is refused and says so.
 */
export async function restoreBackup(
  database: Database,
  text: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const { header, rows } = readBackup(text);
  const state = await inspectSchema(database);
  if (state.state === 'ahead') {
    throw new AppError(
      'schema-too-new',
      `目标数据库结构比本程序新（未知的迁移：${state.unknown.join('、')}），请升级督办后再恢复`,
    );
  }
  const { dialect } = database;
  const existing = await listTables(database.db, dialect);
  if (!options.force && (await countRows(database.db, existing)) > 0) {
    throw new AppError(
      'restore-target-not-empty',
      '目标数据库已有数据；确认要用备份覆盖全部数据时，请加 --force',
    );
  }
  const byTable = new Map<string, Row[]>();
  for (const row of rows) {
    const list = byTable.get(row.t);
    if (list === undefined) byTable.set(row.t, [row.r]);
    else list.push(row.r);
  }

  await database.db.transaction().execute(async (trx) => {
    // Foreign keys are checked at commit, when every row is in.
    if (dialect === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(trx);
    await dropEverything(trx, dialect);
    await migrateTo(trx, dialect, header.schema);
    const known = new Set(await listTables(trx, dialect));
    for (const [table, tableRows] of byTable) {
      if (!known.has(table)) throw invalid(`备份中的表 ${table} 不在其结构版本中`);
      await insertRows(trx, table, tableRows);
    }
    if (dialect === 'postgres') {
      const identities = await sql<{ table: string }>`
        select table_name as "table" from information_schema.columns
        where table_schema = current_schema() and column_name = 'id' and is_identity = 'YES'`.execute(
        trx,
      );
      for (const { table } of identities.rows) {
        await sql`select setval(pg_get_serial_sequence(${table}, 'id'),
            coalesce((select max(id) from ${sql.table(table)}), 1),
            (select max(id) from ${sql.table(table)}) is not null)`.execute(trx);
      }
    } else {
      await rebuildFullTextIndexes(trx);
    }
  });
  await migrateToLatest(database);
  return { header, rows: rows.length };
}

/** External-content FTS5 tables are not in the backup: rebuild them from their content. */
async function rebuildFullTextIndexes(trx: AnyDb): Promise<void> {
  const virtual = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%'`.execute(
    trx,
  );
  for (const table of virtual.rows) {
    // A contentless index has nothing to rebuild from; its own triggers refilled it.
    if (!/using\s+fts5/i.test(table.sql) || /content\s*=\s*''/i.test(table.sql)) continue;
    const name = sql.table(table.name);
    await sql`insert into ${name}(${sql.ref(table.name)}) values ('rebuild')`.execute(trx);
  }
}
