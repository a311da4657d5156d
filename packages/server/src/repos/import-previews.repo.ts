import type { Db, Timestamp } from '../db/schema.ts';

export interface ImportPreviewRecord {
  id: number;
  orgId: number;
  userId: number;
  fileName: string;
  sha256: string;
  sheet: string | null;
  sheets: string;
  ledger: string;
  planStamp: string;
  expiresAt: Timestamp;
}

export type ImportPreviewFields = Omit<ImportPreviewRecord, 'id'>;

export async function insertImportPreview(
  db: Db,
  preview: ImportPreviewFields,
  now: Timestamp,
): Promise<number> {
  const row = await db
    .insertInto('import_previews')
    .values({
      org_id: preview.orgId,
      user_id: preview.userId,
      file_name: preview.fileName,
      sha256: preview.sha256,
      sheet: preview.sheet,
      sheets: preview.sheets,
      ledger: preview.ledger,
      plan_stamp: preview.planStamp,
      created_at: now,
      expires_at: preview.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The organisation's unexpired preview with this id. */
export function findImportPreview(
  db: Db,
  orgId: number,
  id: number,
  now: Timestamp,
): Promise<ImportPreviewRecord | undefined> {
  return db
    .selectFrom('import_previews')
    .select([
      'id',
      'org_id as orgId',
      'user_id as userId',
      'file_name as fileName',
      'sha256',
      'sheet',
      'sheets',
      'ledger',
      'plan_stamp as planStamp',
      'expires_at as expiresAt',
    ])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteImportPreview(db: Db, id: number): Promise<void> {
  await db.deleteFrom('import_previews').where('id', '=', id).execute();
}

/** Previews nobody confirmed: the ledgers they hold are large, so they do not linger. */
export async function deleteExpiredImportPreviews(db: Db, now: Timestamp): Promise<void> {
  await db.deleteFrom('import_previews').where('expires_at', '<=', now).execute();
}

/** Imports stored into the period so far: a new one changes what a preview was made against. */
export async function countPeriodImports(db: Db, periodId: number): Promise<number> {
  const row = await db
    .selectFrom('import_batches')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('period_id', '=', periodId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
