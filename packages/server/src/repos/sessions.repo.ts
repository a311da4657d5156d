import type { Db, Timestamp } from '../db/schema.ts';

export interface SessionRecord {
  id: string;
  userId: number;
  orgId: number;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: Timestamp;
}

export async function insertSession(
  db: Db,
  session: SessionRecord & { ip: string | null; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      org_id: session.orgId,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute();
}

export function findSession(db: Db, id: string): Promise<SessionRecord | undefined> {
  return db
    .selectFrom('sessions')
    .select([
      'id',
      'user_id as userId',
      'org_id as orgId',
      'created_at as createdAt',
      'last_seen_at as lastSeenAt',
      'expires_at as expiresAt',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string, now: Timestamp): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends the user's other sessions, e.g. after a password change. */
export async function deleteOtherSessions(db: Db, userId: number, keepId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '!=', keepId).execute();
}

/** Housekeeping: sessions past their absolute lifetime or idle since `idleBefore`. */
export async function deleteExpiredSessions(
  db: Db,
  now: Timestamp,
  idleBefore: Timestamp,
): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
    .execute();
}
