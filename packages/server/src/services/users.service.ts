import type { Role } from '@duban/core';
import type { Database } from '../db/dialect.ts';
import { nowIso, type Db } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../repos/audit.repo.ts';
import { insertUser, usernameExists } from '../repos/users.repo.ts';
import { findUnitsByNames, listUnitsContaining } from '../repos/units.repo.ts';
import { normalizeUnitName } from './import.service.ts';
import { getOrganization } from './organization.service.ts';
import { generatePassword, hashPassword } from './passwords.ts';

export interface CreateUserOptions {
  /** The organisation's name; may be left out when the database holds only one. */
  organization?: string;
  username: string;
  role: Role;
  /** The unit's name (or alias); required for reporters and unit heads. */
  unit?: string;
  /** Defaults to the username. */
  displayName?: string;
}

/** Roles whose work is tied to one unit: they see and report that unit's tasks. */
const UNIT_ROLES: readonly Role[] = ['reporter', 'unit_head'];

/**
 * Creates an account with a generated initial password, which it returns so the caller can
 * show it once; the user must change it at first login (`duban user add`).
 */
export async function createUser(database: Database, options: CreateUserOptions): Promise<string> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await database.db.transaction().execute(async (trx) => {
    const organization = await getOrganization(trx, options.organization);
    const unitId = await resolveUnit(trx, organization.id, options.role, options.unit);
    const userId = await insertAccount(trx, {
      orgId: organization.id,
      username: options.username,
      displayName: options.displayName,
      passwordHash,
      role: options.role,
      unitId,
    });
    await appendAudit(
      trx,
      {
        orgId: organization.id,
        actorId: null,
        action: 'user.create',
        entity: 'user',
        entityId: userId,
        detail: { username: options.username.trim(), role: options.role, unitId },
      },
      nowIso(),
    );
  });
  return password;
}

async function resolveUnit(
  db: Db,
  orgId: number,
  role: Role,
  unit: string | undefined,
): Promise<number | null> {
  if (unit === undefined) {
    if (UNIT_ROLES.includes(role)) {
      throw new AppError('unit-required', `角色 ${role} 的用户必须属于一个单位，请用 --unit 指明`);
    }
    return null;
  }
  const name = normalizeUnitName(unit);
  const found = (await findUnitsByNames(db, orgId, [name])).get(name);
  if (found !== undefined) return found;
  const similar = await listUnitsContaining(db, orgId, name.slice(0, 2), 5);
  const hint =
    similar.length > 0 ? `；名称相近的单位：${similar.map((u) => u.name).join('、')}` : '';
  throw new AppError('unit-not-found', `没有名为“${unit}”的单位${hint}`, {
    similar: similar.map((u) => u.name),
  });
}

/** Inserts a user whose password must be changed at first login. */
export async function insertAccount(
  db: Db,
  account: {
    orgId: number;
    username: string;
    displayName: string | undefined;
    passwordHash: string;
    role: Role;
    unitId: number | null;
  },
): Promise<number> {
  const username = account.username.trim();
  if (username === '') throw new AppError('invalid-request', '用户名不能为空');
  if (await usernameExists(db, username)) {
    throw new AppError('user-exists', `用户名“${username}”已被使用`);
  }
  return insertUser(
    db,
    {
      ...account,
      username,
      displayName: account.displayName?.trim() || username,
      mustChangePassword: true,
    },
    nowIso(),
  );
}
