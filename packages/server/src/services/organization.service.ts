import type { Db } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import {
  findOrganizationByName,
  listOrganizations,
  type OrganizationRecord,
} from '../repos/organizations.repo.ts';

/**
 * The organisation a command means: the one named, or the only one there is. With several
 * organisations in one database, a command must name one (`--org`).
 */
export async function getOrganization(db: Db, name?: string): Promise<OrganizationRecord> {
  if (name !== undefined) {
    const organization = await findOrganizationByName(db, name.trim());
    if (organization === undefined) {
      throw new AppError('organization-not-found', `没有名为“${name}”的组织`);
    }
    return organization;
  }
  const organizations = await listOrganizations(db, 2);
  const [only, another] = organizations;
  if (only === undefined) {
    throw new AppError('organization-not-found', '数据库中还没有任何组织，请先导入台账');
  }
  if (another !== undefined) {
    throw new AppError('organization-required', '数据库中有多个组织，请用 --org 指明是哪一个');
  }
  return only;
}
