/**
 * Bench-only bulk writes shared by the benches' seeders (search-seed.ts, workload-data.ts):
 * rows go in with multi-row INSERTs in chunks, inside the caller's transaction, instead of
 * through the import service, which would analyse and audit every period.
 */
import type { Ledger } from '@duban/core';
import type { Db, Timestamp } from '../src/db/schema.ts';

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
export const CHUNK_ROWS = 500;

/** Calls `insert` with `rows` cut into chunks of `size`, one chunk after the other, in order. */
export async function insertInChunks<T>(
  rows: readonly T[],
  insert: (chunk: T[]) => Promise<unknown>,
  size = CHUNK_ROWS,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Inserts the plan's sections in the ledger's order; returns their ids by ordinal. */
export async function insertSections(
  trx: Db,
  ids: { orgId: number; planId: number },
  sections: Ledger['sections'],
): Promise<Map<string, number>> {
  const sectionIds = new Map<string, number>();
  for (const [position, section] of sections.entries()) {
    const row = await trx
      .insertInto('sections')
      .values({
        org_id: ids.orgId,
        plan_id: ids.planId,
        ordinal: section.ordinal,
        title: section.title,
        position,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    sectionIds.set(section.ordinal, row.id);
  }
  return sectionIds;
}

/** Inserts the units named by any of the ledger's tasks (lead or co); returns their ids by name. */
export async function insertUnits(
  trx: Db,
  orgId: number,
  ledger: Ledger,
  at: Timestamp,
): Promise<Map<string, number>> {
  const names = [...new Set(ledger.tasks.flatMap((task) => [...task.lead, ...task.co]))];
  const unitIds = new Map<string, number>();
  await insertInChunks(names, async (chunk) => {
    const rows = await trx
      .insertInto('units')
      .values(chunk.map((name) => ({ org_id: orgId, name, created_at: at })))
      .returning(['id', 'name'])
      .execute();
    for (const row of rows) unitIds.set(row.name, row.id);
  });
  return unitIds;
}
