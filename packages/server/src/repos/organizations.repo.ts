import type { Db, Timestamp } from '../db/schema.ts';

export interface OrganizationRecord {
  id: number;
  name: string;
}

export function findOrganizationByName(
  db: Db,
  name: string,
): Promise<OrganizationRecord | undefined> {
  return db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('name', '=', name)
    .executeTakeFirst();
}

/** At most `limit` organisations, oldest first. */
export function listOrganizations(db: Db, limit: number): Promise<OrganizationRecord[]> {
  return db.selectFrom('organizations').select(['id', 'name']).orderBy('id').limit(limit).execute();
}

export async function insertOrganization(db: Db, name: string, now: Timestamp): Promise<number> {
  const row = await db
    .insertInto('organizations')
    .values({ name, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
