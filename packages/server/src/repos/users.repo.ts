import type { Role } from '@duban/core';
import { toFlag, type Db, type Timestamp } from '../db/schema.ts';

/** A user with what a response needs: organisation and unit names. */
export interface UserRecord {
  id: number;
  orgId: number;
  orgName: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  unitName: string | null;
  mustChangePassword: boolean;
}

/** What login needs beyond the user: the hash and the lockout counters. */
export interface CredentialRecord extends UserRecord {
  passwordHash: string;
  failedLogins: number;
  firstFailedAt: Timestamp | null;
  lockedUntil: Timestamp | null;
  /** Disabled by the office: cannot log in, and its sessions no longer authenticate. */
  disabled: boolean;
}

/**
 * A UserRecord's columns, for a query that joins `users` with `organizations` (inner) and
 * `units` (left); `mustChangePassword` comes as a flag.
 */
export const userColumns = [
  'users.id',
  'users.org_id as orgId',
  'organizations.name as orgName',
  'users.username',
  'users.display_name as displayName',
  'users.role',
  'users.unit_id as unitId',
  'units.name as unitName',
  'users.must_change_password as mustChangePassword',
] as const;

function selectUsers(db: Db) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .leftJoin('units', 'units.id', 'users.unit_id')
    .select([
      ...userColumns,
      'users.password_hash as passwordHash',
      'users.failed_logins as failedLogins',
      'users.first_failed_at as firstFailedAt',
      'users.locked_until as lockedUntil',
      'users.disabled',
    ]);
}

export async function findCredentialsByUsername(
  db: Db,
  username: string,
): Promise<CredentialRecord | undefined> {
  const row = await selectUsers(db).where('users.username', '=', username).executeTakeFirst();
  return row === undefined
    ? undefined
    : { ...row, mustChangePassword: row.mustChangePassword === 1, disabled: row.disabled === 1 };
}

export async function findCredentialsById(
  db: Db,
  id: number,
): Promise<CredentialRecord | undefined> {
  const row = await selectUsers(db).where('users.id', '=', id).executeTakeFirst();
  return row === undefined
    ? undefined
    : { ...row, mustChangePassword: row.mustChangePassword === 1, disabled: row.disabled === 1 };
}

export async function usernameExists(db: Db, username: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertUser(
  db: Db,
  user: {
    orgId: number;
    username: string;
    displayName: string;
    passwordHash: string;
    role: Role;
    unitId: number | null;
    mustChangePassword: boolean;
  },
  now: Timestamp,
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      org_id: user.orgId,
      username: user.username,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      role: user.role,
      unit_id: user.unitId,
      must_change_password: toFlag(user.mustChangePassword),
      failed_logins: 0,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records a failed login: the count within the current window, and the lock if one starts. */
export async function updateLoginFailures(
  db: Db,
  id: number,
  failures: { count: number; firstFailedAt: Timestamp | null; lockedUntil: Timestamp | null },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      failed_logins: failures.count,
      first_failed_at: failures.firstFailedAt,
      locked_until: failures.lockedUntil,
    })
    .where('id', '=', id)
    .execute();
}

export async function recordLoginSuccess(db: Db, id: number, now: Timestamp): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, first_failed_at: null, locked_until: null, last_login_at: now })
    .where('id', '=', id)
    .execute();
}

export async function updatePassword(db: Db, id: number, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: 0 })
    .where('id', '=', id)
    .execute();
}
