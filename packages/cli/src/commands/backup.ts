import { rename, writeFile } from 'node:fs/promises';
import { createBackup, loadConfig, openDatabase } from '@duban/server';
import { z } from 'zod';
import { parseCommandArgs } from '../args.ts';

const schema = z.object({
  positionals: z.array(z.string()).length(0, '不接受位置参数'),
  out: z.string({ error: '需要 --out FILE' }).min(1),
});

/**
 * `duban backup --out FILE` — a consistent copy of all data while the server may keep
 * running. The schema is left as it is (no migration): a backup must not change what it copies.
 */
export async function runBackup(args: string[]): Promise<number> {
  const opts = parseCommandArgs(args, { out: { type: 'string' } }, schema);
  const config = loadConfig(process.env);
  const database = await openDatabase(config.databaseUrl);
  let backup: Awaited<ReturnType<typeof createBackup>>;
  try {
    backup = await createBackup(database);
  } finally {
    await database.close();
  }
  // Written beside the target and renamed, so FILE is never a half-written backup.
  const partial = `${opts.out}.partial`;
  await writeFile(partial, backup.text);
  await rename(partial, opts.out);
  const rows = Object.values(backup.header.tables).reduce((sum, n) => sum + n, 0);
  process.stdout.write(
    `已备份到 ${opts.out}（${Object.keys(backup.header.tables).length} 张表，${rows} 行，sha256 ${backup.header.sha256.slice(0, 12)}…）\n`,
  );
  return 0;
}
