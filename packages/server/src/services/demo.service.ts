import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLedger } from '@duban/formats';
import type { Database } from '../db/dialect.ts';
import { AppError } from '../errors.ts';
import { listOrganizations } from '../repos/organizations.repo.ts';
import { importLedgerInTransaction } from './import.service.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import { insertAccount } from './users.service.ts';

/** The demo ledger kept in the repository: Yijiang District, 2023 Q2. */
export const DEMO_LEDGER_PATH = fileURLToPath(
  new URL('../../../../fixtures/seed/yijiang-2023q2.txt', import.meta.url),
);

export interface EnsureDemoOptions {
  /** Defaults to DEMO_LEDGER_PATH. */
  seedPath?: string;
  /** The administrator's initial password; generated when absent. */
  adminPassword?: string;
}

export interface EnsureDemoResult {
  /** False when the database already held data: nothing was done. */
  created: boolean;
  /** The generated password, to be shown once; absent when none was generated. */
  adminPassword?: string;
}

/**
 * On an empty database (no organisation yet), loads the demo ledger and creates the
 * administrator `admin`, who must change the password at first login. Both happen in one
 * transaction. Does nothing on a database that holds data, so every start may call it.
 */
export async function ensureDemo(
  database: Database,
  options: EnsureDemoOptions = {},
): Promise<EnsureDemoResult> {
  const { db } = database;
  if ((await listOrganizations(db, 1)).length > 0) return { created: false };

  const seedPath = options.seedPath ?? DEMO_LEDGER_PATH;
  const bytes = await readFile(seedPath);
  const parsed = readLedger(basename(seedPath), bytes);
  if (!parsed.ok) {
    const issue = parsed.issues[0];
    throw new AppError(
      'invalid-ledger',
      `演示台账 ${seedPath} 无法读取：${issue === undefined ? '' : `${issue.path}：${issue.message}`}`,
      parsed.issues,
    );
  }
  const password = options.adminPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    await db.transaction().execute(async (trx) => {
      const imported = await importLedgerInTransaction(trx, parsed.value, {
        sourceName: basename(seedPath),
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
      await insertAccount(trx, {
        orgId: imported.organizationId,
        username: 'admin',
        displayName: '督查室管理员',
        passwordHash,
        role: 'admin',
        unitId: null,
      });
    });
  } catch (error) {
    // Another instance sharing this database seeded it first: that is the outcome we wanted.
    if ((await listOrganizations(db, 1)).length > 0) return { created: false };
    throw error;
  }
  return options.adminPassword === undefined
    ? { created: true, adminPassword: password }
    : { created: true };
}
