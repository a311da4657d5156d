/**
 * The organisation's unit directory: units with the other spellings (aliases) that resolve to
 * them on import (发改委 = 区发改委). Aliases are added when a person accepts a proposal in an
 * import preview, or here by an administrator.
 */
import type { UnitDirectoryEntry } from '@duban/core';
import type { Database } from '../db/dialect.ts';
import { nowIso } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../repos/audit.repo.ts';
import {
  deleteUnitAlias,
  insertUnitAlias,
  isUnitNameTaken,
  listUnitAliases,
} from '../repos/unit-aliases.repo.ts';
import { listUnits } from '../repos/units.repo.ts';
import type { UserRecord } from '../repos/users.repo.ts';
import { normalizeUnitName } from './import.service.ts';

export async function listUnitDirectory(
  database: Database,
  user: UserRecord,
): Promise<UnitDirectoryEntry[]> {
  const units = await listUnits(database.db, user.orgId);
  const aliases = await listUnitAliases(database.db, user.orgId);
  return units.map((unit) => ({
    id: unit.id,
    name: unit.name,
    aliases: aliases
      .filter((alias) => alias.unitId === unit.id)
      .map(({ id, alias }) => ({ id, alias })),
  }));
}

async function getEntry(
  database: Database,
  user: UserRecord,
  unitId: number,
): Promise<UnitDirectoryEntry> {
  const entry = (await listUnitDirectory(database, user)).find((unit) => unit.id === unitId);
  if (entry === undefined)
    throw new AppError('unit-not-found', `单位编号${unitId}不在本单位名录中`);
  return entry;
}

/** Adds an alias; a name that is already a unit or an alias fails with `alias-exists`. */
export async function addUnitAlias(
  database: Database,
  user: UserRecord,
  unitId: number,
  alias: string,
): Promise<UnitDirectoryEntry> {
  const name = normalizeUnitName(alias);
  await getEntry(database, user, unitId);
  await database.db.transaction().execute(async (trx) => {
    if (await isUnitNameTaken(trx, user.orgId, name)) {
      throw new AppError('alias-exists', `“${name}”已是一个单位的名称或别名`);
    }
    const aliasId = await insertUnitAlias(trx, user.orgId, unitId, name);
    await appendAudit(
      trx,
      {
        orgId: user.orgId,
        actorId: user.id,
        action: 'unit.alias.add',
        entity: 'unit',
        entityId: unitId,
        detail: { aliasId, alias: name },
      },
      nowIso(),
    );
  });
  return getEntry(database, user, unitId);
}

export async function removeUnitAlias(
  database: Database,
  user: UserRecord,
  unitId: number,
  aliasId: number,
): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    if (!(await deleteUnitAlias(trx, user.orgId, unitId, aliasId))) {
      throw new AppError('not-found', '没有找到这个别名');
    }
    await appendAudit(
      trx,
      {
        orgId: user.orgId,
        actorId: user.id,
        action: 'unit.alias.remove',
        entity: 'unit',
        entityId: unitId,
        detail: { aliasId },
      },
      nowIso(),
    );
  });
}
