import type { LedgerWarning } from '@duban/core';
import type { Db, Timestamp } from '../db/schema.ts';
import { decodeWarnings } from './json-columns.ts';

export async function insertImportBatch(
  db: Db,
  batch: {
    orgId: number;
    periodId: number;
    fileName: string;
    sha256: string;
    taskCount: number;
    /** The ledger-level warnings the file raised. */
    warnings: LedgerWarning[];
    actorId: number | null;
  },
  now: Timestamp,
): Promise<number> {
  const row = await db
    .insertInto('import_batches')
    .values({
      org_id: batch.orgId,
      period_id: batch.periodId,
      file_name: batch.fileName,
      sha256: batch.sha256,
      task_count: batch.taskCount,
      warnings: JSON.stringify(batch.warnings),
      actor_id: batch.actorId,
      at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function hasPeriodImports(db: Db, periodId: number): Promise<boolean> {
  const row = await db
    .selectFrom('import_batches')
    .select('id')
    .where('period_id', '=', periodId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The ledger-level warnings of the period's latest import; undefined when never imported. */
export async function findLatestImportWarnings(
  db: Db,
  periodId: number,
): Promise<LedgerWarning[] | undefined> {
  const row = await db
    .selectFrom('import_batches')
    .select('warnings')
    .where('period_id', '=', periodId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : decodeWarnings(row.warnings);
}
