import { readFile } from 'node:fs/promises';
import { loadConfig, openDatabase, restoreBackup } from '@duban/server';
import { z } from 'zod';
import { parseCommandArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';

const schema = z.object({
  positionals: z.array(z.string()).length(1, '需要一个备份文件：duban restore FILE'),
  force: z.boolean().default(false),
});

/**
 * `duban restore FILE [--force]` — replaces the data of the database DUBAN_DB names with the
 * backup, in one transaction; a database that holds data needs `--force`. Stop the servers
 * first: a restore under a running server would pull the data from under its sessions.
 */
export async function runRestore(args: string[]): Promise<number> {
  const opts = parseCommandArgs(args, { force: { type: 'boolean' } }, schema);
  const [file] = opts.positionals;
  if (file === undefined) throw new CliError('需要一个备份文件：duban restore FILE');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `${file}: 无法读取（${error instanceof Error ? error.message : String(error)}）`,
    );
  }
  const config = loadConfig(process.env);
  const database = await openDatabase(config.databaseUrl);
  try {
    const result = await restoreBackup(database, text, { force: opts.force });
    process.stdout.write(
      `已从 ${file} 恢复 ${result.rows} 行（备份时间 ${result.header.createdAt}，来自 ${result.header.dialect}）\n`,
    );
  } finally {
    await database.close();
  }
  return 0;
}
