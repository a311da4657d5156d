import type { Role } from '@duban/core';
import type { Db, Timestamp } from '../db/schema.ts';

export interface AdminUserRecord {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  unitName: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: Timestamp | null;
  email: string | null;
}

function selectAdminUsers(db: Db, orgId: number) {
  return db
    .selectFrom('users')
    .leftJoin('units', 'units.id', 'users.unit_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name as displayName',
      'users.role',
      'users.unit_id as unitId',
      'units.name as unitName',
      'users.disabled',
      'users.must_change_password as mustChangePassword',
      'users.last_login_at as lastLoginAt',
      'users.email',
    ])
    .where('users.org_id', '=', orgId);
}

type Row = Omit<AdminUserRecord, 'disabled' | 'mustChangePassword'> & {
  disabled: number;
  mustChangePassword: number;
};

function toRecord(row: Row): AdminUserRecord {
  return { ...row, disabled: row.disabled === 1, mustChangePassword: row.mustChangePassword === 1 };
}

/** The organisation's users in the order they were created. */
export async function listOrgUsers(db: Db, orgId: number): Promise<AdminUserRecord[]> {
  return (await selectAdminUsers(db, orgId).orderBy('users.id').execute()).map(toRecord);
}

export async function findOrgUser(
  db: Db,
  orgId: number,
  id: number,
): Promise<AdminUserRecord | undefined> {
  const row = await selectAdminUsers(db, orgId).where('users.id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

/** A new initial password: must be changed at next login; any lock is lifted. */
export async function resetUserPassword(db: Db, id: number, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      must_change_password: 1,
      failed_logins: 0,
      first_failed_at: null,
      locked_until: null,
    })
    .where('id', '=', id)
    .execute();
}

export async function updateUserDisabled(db: Db, id: number, disabled: boolean): Promise<void> {
  await db
    .updateTable('users')
    .set({ disabled: disabled ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}

/** Sets or clears (null) the address reminders are e-mailed to. */
export async function updateUserEmail(db: Db, id: number, email: string | null): Promise<void> {
  await db.updateTable('users').set({ email }).where('id', '=', id).execute();
}

export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
