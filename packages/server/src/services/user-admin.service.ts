/**
 * The office manages its organisation's accounts (issue 4): list, create with an initial
 * password shown once, reset a password (a new initial one, to be changed at next login), and
 * disable. Every change is audited; a disabled user's sessions end at once.
 */
import type { AdminUser, CreateUserBody, UserEmailBody } from '@duban/core';
import type { Database } from '../db/dialect.ts';
import { nowIso, type Db } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../repos/audit.repo.ts';
import {
  deleteUserSessions,
  findOrgUser,
  listOrgUsers,
  resetUserPassword,
  updateUserDisabled,
  updateUserEmail,
  type AdminUserRecord,
} from '../repos/user-admin.repo.ts';
import type { UserRecord } from '../repos/users.repo.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import { insertAccount } from './users.service.ts';

type Actor = Pick<UserRecord, 'id' | 'orgId'>;

function toDto(user: AdminUserRecord): AdminUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    unit: user.unitId === null ? null : { id: user.unitId, name: user.unitName ?? '' },
    disabled: user.disabled,
    mustChangePassword: user.mustChangePassword,
    lastLoginAt: user.lastLoginAt,
    email: user.email,
  };
}

export async function listAdminUsers(database: Database, actor: Actor): Promise<AdminUser[]> {
  return (await listOrgUsers(database.db, actor.orgId)).map(toDto);
}

async function getOrgUser(db: Db, actor: Actor, id: number): Promise<AdminUserRecord> {
  const user = await findOrgUser(db, actor.orgId, id);
  if (user === undefined) throw new AppError('not-found', '没有这个用户');
  return user;
}

async function audit(db: Db, actor: Actor, action: string, userId: number, detail = {}) {
  await appendAudit(
    db,
    { orgId: actor.orgId, actorId: actor.id, action, entity: 'user', entityId: userId, detail },
    nowIso(),
  );
}

/** Creates an account in the office's organisation; the password is returned to show once. */
export async function createAdminUser(
  database: Database,
  actor: Actor,
  body: CreateUserBody,
): Promise<{ user: AdminUser; password: string }> {
  const needsUnit = body.role === 'reporter' || body.role === 'unit_head';
  if (needsUnit && body.unitId === undefined) {
    throw new AppError('unit-required', '填报员和单位负责人必须属于一个单位');
  }
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const user = await database.db.transaction().execute(async (trx) => {
    if (body.unitId !== undefined) {
      const unit = await trx
        .selectFrom('units')
        .select('id')
        .where('org_id', '=', actor.orgId)
        .where('id', '=', body.unitId)
        .executeTakeFirst();
      if (unit === undefined) throw new AppError('unit-not-found', '没有这个单位');
    }
    const id = await insertAccount(trx, {
      orgId: actor.orgId,
      username: body.username,
      displayName: body.displayName,
      passwordHash,
      role: body.role,
      unitId: body.unitId ?? null,
    });
    if (body.email !== undefined) await updateUserEmail(trx, id, body.email);
    await audit(trx, actor, 'user.create', id, { role: body.role, unitId: body.unitId ?? null });
    return getOrgUser(trx, actor, id);
  });
  return { user: toDto(user), password };
}

/** A new initial password for a user, shown once; the user's sessions end. */
export async function resetAdminUserPassword(
  database: Database,
  actor: Actor,
  id: number,
): Promise<{ user: AdminUser; password: string }> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const user = await database.db.transaction().execute(async (trx) => {
    await getOrgUser(trx, actor, id);
    await resetUserPassword(trx, id, passwordHash);
    await deleteUserSessions(trx, id);
    await audit(trx, actor, 'user.password-reset', id);
    return getOrgUser(trx, actor, id);
  });
  return { user: toDto(user), password };
}

/** Disables an account: it can no longer log in, and its sessions end now. */
export async function disableAdminUser(
  database: Database,
  actor: Actor,
  id: number,
): Promise<AdminUser> {
  if (id === actor.id) throw new AppError('invalid-request', '不能停用自己的账户');
  const user = await database.db.transaction().execute(async (trx) => {
    await getOrgUser(trx, actor, id);
    await updateUserDisabled(trx, id, true);
    await deleteUserSessions(trx, id);
    await audit(trx, actor, 'user.disable', id);
    return getOrgUser(trx, actor, id);
  });
  return toDto(user);
}

/** Sets or clears the address a user's reminders are e-mailed to (issue 4). */
export async function setAdminUserEmail(
  database: Database,
  actor: Actor,
  id: number,
  body: UserEmailBody,
): Promise<AdminUser> {
  const email = body.email === null || body.email === '' ? null : body.email;
  const user = await database.db.transaction().execute(async (trx) => {
    await getOrgUser(trx, actor, id);
    await updateUserEmail(trx, id, email);
    await audit(trx, actor, 'user.email', id, { email });
    return getOrgUser(trx, actor, id);
  });
  return toDto(user);
}
