import type { Migration } from 'kysely';
import type { SqlDialect } from '../dialect.ts';
import * as initial from './2026_11_29_0001_initial.ts';
import * as importPreviews from './2026_11_29_0002_import_previews.ts';
import * as figures from './2026_11_29_0004_figures.ts';
import * as round from './2026_11_29_0003_round.ts';
import * as search from './2026_11_29_0005_search.ts';
import * as operations from './2026_11_29_0006_operations.ts';
import * as extensionsInstructions from './2026_11_29_0007_extensions_instructions.ts';
import * as notifications from './2026_11_29_0008_notifications.ts';
import * as milestones from './2026_11_29_0009_milestones.ts';
import * as dataVersions from './2026_11_29_0010_data_versions.ts';
import * as searchTaskIndexes from './2026_11_29_0011_search_task_indexes.ts';
import * as dataVersionsAtCommit from './2026_11_29_0012_data_versions_at_commit.ts';
import * as reminderDueDates from './2026_11_29_0013_reminder_due_dates.ts';

interface DialectMigration {
  up(db: Parameters<Migration['up']>[0], dialect: SqlDialect): Promise<void>;
}

/**
 * Every migration this binary knows, by name. Names sort in the order they run: add new ones
 * with a later date.
 */
const MIGRATIONS: Record<string, DialectMigration> = {
  '2026_11_29_0001_initial': initial,
  '2026_11_29_0002_import_previews': importPreviews,
  '2026_11_29_0004_figures': figures,
  '2026_11_29_0003_round': round,
  '2026_11_29_0005_search': search,
  '2026_11_29_0006_operations': operations,
  '2026_11_29_0007_extensions_instructions': extensionsInstructions,
  '2026_11_29_0008_notifications': notifications,
  '2026_11_29_0009_milestones': milestones,
  '2026_11_29_0010_data_versions': dataVersions,
  '2026_11_29_0011_search_task_indexes': searchTaskIndexes,
  '2026_11_29_0012_data_versions_at_commit': dataVersionsAtCommit,
  '2026_11_29_0013_reminder_due_dates': reminderDueDates,
};

export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

/** Binds each migration to the dialect it runs on (identity columns differ). */
export function getMigrations(dialect: SqlDialect): Record<string, Migration> {
  return Object.fromEntries(
    Object.entries(MIGRATIONS).map(([name, migration]) => [
      name,
      { up: (db) => migration.up(db, dialect) },
    ]),
  );
}
