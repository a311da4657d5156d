import { Migrator, type Kysely } from 'kysely';
import { AppError } from '../errors.ts';
import type { Database } from './dialect.ts';
import { getMigrations, MIGRATION_NAMES } from './migrations/index.ts';

// A type alias, not an interface: Kysely's withTables needs an index signature.
type MigrationTable = {
  kysely_migration: { name: string; timestamp: string };
};

export type SchemaState =
  | { state: 'current' }
  | { state: 'behind'; pending: string[] }
  | { state: 'ahead'; unknown: string[] };

/** Compares the migrations the database has run with the ones this binary knows. */
export async function inspectSchema(database: Database): Promise<SchemaState> {
  const executed = await listExecutedMigrations(database.db.withTables<MigrationTable>());
  const unknown = executed.filter((name) => !MIGRATION_NAMES.includes(name));
  if (unknown.length > 0) return { state: 'ahead', unknown };
  const pending = MIGRATION_NAMES.filter((name) => !executed.includes(name));
  return pending.length > 0 ? { state: 'behind', pending } : { state: 'current' };
}

async function listExecutedMigrations(db: Kysely<MigrationTable>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((table) => table.name === 'kysely_migration')) return [];
  const rows = await db.selectFrom('kysely_migration').select('name').execute();
  return rows.map((row) => row.name);
}

/**
 * Brings the schema up to date, all pending migrations in one transaction. A database that has
 * run a migration this binary does not know was written by a newer Duban: refuse to touch it.
 */
export async function migrateToLatest(database: Database): Promise<void> {
  const schema = await inspectSchema(database);
  if (schema.state === 'ahead') {
    throw new AppError(
      'schema-too-new',
      `数据库结构比本程序新（未知的迁移：${schema.unknown.join('、')}），请升级督办后再启动`,
      { unknown: schema.unknown },
    );
  }
  if (schema.state === 'current') return;
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: () => Promise.resolve(getMigrations(database.dialect)) },
  });
  const { error } = await migrator.migrateToLatest();
  if (error instanceof Error) throw error;
  if (error !== undefined) throw new Error('migration failed', { cause: error });
}
