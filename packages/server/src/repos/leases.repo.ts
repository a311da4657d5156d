import type { Db, Timestamp } from '../db/schema.ts';

/**
 * Takes the lease `name` for `holder` until `expiresAt`, if it is free (never taken, or
 * expired). One statement, so two instances racing for it cannot both win.
 */
export async function tryTakeLease(
  db: Db,
  lease: { name: string; holder: string; expiresAt: Timestamp },
  now: Timestamp,
): Promise<boolean> {
  const taken = await db
    .insertInto('leases')
    .values({ name: lease.name, holder: lease.holder, expires_at: lease.expiresAt })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder: lease.holder, expires_at: lease.expiresAt })
        .where('leases.expires_at', '<=', now),
    )
    .returning('name')
    .executeTakeFirst();
  return taken !== undefined;
}

/** Gives the lease `name` back if `holder` still holds it, so anyone may take it at once. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}
