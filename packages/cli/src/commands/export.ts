import { writeFile } from 'node:fs/promises';
import { AppError, exportLedger } from '@duban/server';
import { z } from 'zod';
import { parseCommandArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { withDatabase } from '../database.ts';

const schema = z.object({
  positionals: z.array(z.string()).length(0, '不接受位置参数'),
  period: z
    .string({ error: '需要 --period，例如 --period 2023Q2' })
    .regex(/^\d{4}Q[1-4]$/, '期次格式应为 2023Q2'),
  format: z.enum(['json', 'docx', 'xlsx', 'pdf'], {
    error: '--format 只能是 docx、xlsx、pdf 或 json',
  }),
  out: z.string({ error: '需要 --out FILE' }).min(1),
  org: z.string().trim().min(1).optional(),
});

/** `duban export --period 2023Q2 --format json --out FILE [--org NAME]` */
export async function runExport(args: string[]): Promise<number> {
  const opts = parseCommandArgs(
    args,
    {
      period: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      org: { type: 'string' },
    },
    schema,
  );
  if (opts.format !== 'json') {
    throw new CliError(
      `--format ${opts.format}：报告导出（docx/xlsx/pdf）尚未实现，目前仅支持 json`,
    );
  }
  const ledger = await withDatabase(async (db) => {
    try {
      return await exportLedger(db, { period: opts.period, organization: opts.org });
    } catch (error) {
      if (error instanceof AppError) throw new CliError(error.message);
      throw error;
    }
  });
  await writeFile(opts.out, `${JSON.stringify(ledger, null, 2)}\n`);
  process.stdout.write(
    `已导出 ${ledger.organization} ${ledger.period.label}（${ledger.tasks.length} 项任务）到 ${opts.out}\n`,
  );
  return 0;
}
