import { prepareQuery } from '../db/prepared.ts';
import type { Db, Timestamp } from '../db/schema.ts';
import { userColumns, type UserRecord } from './users.repo.ts';

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

/** A session with its user, as every authenticated request needs them. */
export interface SessionUserRecord {
  session: SessionRecord;
  user: UserRecord;
  /** Disabled by the office: its sessions no longer authenticate. */
  disabled: boolean;
}

/**
 * The session and its user in one statement: it runs before every authenticated request. A
 * session always has its user (deleting a user deletes its sessions), hence the inner join.
 */
/** Prepared: it runs before every authenticated request (db/prepared.ts). */
const sessionUserQuery = prepareQuery((db, params: { id: string }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .leftJoin('units', 'units.id', 'users.unit_id')
    .select([
      ...userColumns,
      'users.disabled',
      'sessions.user_id as sessionUserId',
      'sessions.org_id as sessionOrgId',
      'sessions.created_at as createdAt',
      'sessions.last_seen_at as lastSeenAt',
      'sessions.expires_at as expiresAt',
    ])
    .where('sessions.id', '=', params.id),
);

export async function findSessionUser(db: Db, id: string): Promise<SessionUserRecord | undefined> {
  const row = await sessionUserQuery.executeTakeFirst(db, { id });
  if (row === undefined) return undefined;
  const { disabled, sessionUserId, sessionOrgId, createdAt, lastSeenAt, expiresAt, ...user } = row;
  return {
    session: { id, userId: sessionUserId, orgId: sessionOrgId, createdAt, lastSeenAt, expiresAt },
    user: { ...user, mustChangePassword: user.mustChangePassword === 1 },
    disabled: disabled === 1,
  };
}

const touchQuery = prepareQuery((db, params: { id: string; now: Timestamp }) =>
  db.updateTable('sessions').set({ last_seen_at: params.now }).where('id', '=', params.id),
);

export async function touchSession(db: Db, id: string, now: Timestamp): Promise<void> {
  await touchQuery.execute(db, { id, now });
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
