import { AppError } from '@duban/server';
import { CliError } from './cli-error.ts';
import { runBackup } from './commands/backup.ts';
import { runExport } from './commands/export.ts';
import { runImport } from './commands/import.ts';
import { runRestore } from './commands/restore.ts';
import { runServe } from './commands/serve.ts';
import { runUser } from './commands/user.ts';

export { CliError } from './cli-error.ts';

const USAGE = `用法 (usage):
  duban import FILE [--dry-run] [--json] [--period 2023Q2] [--org NAME] [--update]
  duban export --period 2023Q2 --format docx|xlsx|pdf|json --out FILE [--org NAME]
               [--section 一] [--unit NAME] [--behind-only] [--summary] [--figures] [--lights] [--notice]
  duban serve [--port 8080] [--host 127.0.0.1] [--no-demo]
  duban user add USERNAME --role admin|reporter|unit_head|leader|viewer [--unit NAME] [--org NAME]
  duban backup --out FILE
  duban restore FILE [--force]

数据库由环境变量 DUBAN_DB 选择：未设置时为 ./data/duban.db (SQLite)；postgres://… 为 PostgreSQL。`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  import: runImport,
  export: runExport,
  serve: runServe,
  user: runUser,
  backup: runBackup,
  restore: runRestore,
};

/** Runs one `duban` invocation and returns its exit status. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`duban: 未知命令“${name}”\n${USAGE}\n`);
    return 1;
  }
  try {
    return await command(rest);
  } catch (error) {
    // AppErrors that reach here (e.g. schema-too-new at start) are the user's to fix, not bugs.
    if (error instanceof CliError || error instanceof AppError) {
      process.stderr.write(`duban ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
