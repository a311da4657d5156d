import type { Db } from '../db/schema.ts';

export interface UnitAliasRecord {
  id: number;
  unitId: number;
  alias: string;
}

export function listUnitAliases(db: Db, orgId: number): Promise<UnitAliasRecord[]> {
  return db
    .selectFrom('unit_aliases')
    .select(['id', 'unit_id as unitId', 'alias'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}

/** Whether the name is a unit's name or an alias in the organisation. */
export async function isUnitNameTaken(db: Db, orgId: number, name: string): Promise<boolean> {
  const unit = await db
    .selectFrom('units')
    .select('id')
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (unit !== undefined) return true;
  const alias = await db
    .selectFrom('unit_aliases')
    .select('id')
    .where('org_id', '=', orgId)
    .where('alias', '=', name)
    .executeTakeFirst();
  return alias !== undefined;
}

export async function insertUnitAlias(
  db: Db,
  orgId: number,
  unitId: number,
  alias: string,
): Promise<number> {
  const row = await db
    .insertInto('unit_aliases')
    .values({ org_id: orgId, unit_id: unitId, alias })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Deletes the alias when it belongs to that unit of the organisation; false otherwise. */
export async function deleteUnitAlias(
  db: Db,
  orgId: number,
  unitId: number,
  aliasId: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom('unit_aliases')
    .where('org_id', '=', orgId)
    .where('unit_id', '=', unitId)
    .where('id', '=', aliasId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
