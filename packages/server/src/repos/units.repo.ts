import type { Db, Timestamp } from '../db/schema.ts';
import { containsText } from './like.ts';

export interface UnitRecord {
  id: number;
  name: string;
}

/** Every unit of the organisation, in the order they were first seen. */
export function listUnits(db: Db, orgId: number): Promise<UnitRecord[]> {
  return db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}

/** The units named by at least one task of the plan. */
export function listPlanUnits(db: Db, orgId: number, planId: number): Promise<UnitRecord[]> {
  return db
    .selectFrom('units')
    .select(['units.id', 'units.name'])
    .where('units.org_id', '=', orgId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('task_units')
          .innerJoin('tasks', 'tasks.id', 'task_units.task_id')
          .select('task_units.id')
          .whereRef('task_units.unit_id', '=', 'units.id')
          .where('tasks.plan_id', '=', planId),
      ),
    )
    .orderBy('units.id')
    .execute();
}

/**
 * Finds the units with these names, by their name or one of their aliases. Names not found are
 * absent from the map.
 */
export async function findUnitsByNames(
  db: Db,
  orgId: number,
  names: readonly string[],
): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  if (names.length === 0) return found;
  const byName = await db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where('name', 'in', [...names])
    .execute();
  for (const unit of byName) found.set(unit.name, unit.id);
  const rest = names.filter((name) => !found.has(name));
  if (rest.length === 0) return found;
  const byAlias = await db
    .selectFrom('unit_aliases')
    .select(['unit_id', 'alias'])
    .where('org_id', '=', orgId)
    .where('alias', 'in', rest)
    .execute();
  for (const alias of byAlias) found.set(alias.alias, alias.unit_id);
  return found;
}

export async function insertUnit(
  db: Db,
  orgId: number,
  name: string,
  now: Timestamp,
): Promise<number> {
  const row = await db
    .insertInto('units')
    .values({ org_id: orgId, name, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Units whose name contains `fragment`, for "did you mean" messages. */
export function listUnitsContaining(
  db: Db,
  orgId: number,
  fragment: string,
  limit: number,
): Promise<UnitRecord[]> {
  return db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where(containsText('name', fragment))
    .orderBy('id')
    .limit(limit)
    .execute();
}
