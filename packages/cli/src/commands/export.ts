import { writeFile } from 'node:fs/promises';
import { AppError, renderReport } from '@duban/server';
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
  section: z.string().trim().min(1).optional(),
  unit: z.string().trim().min(1).optional(),
  'behind-only': z.boolean().optional(),
  summary: z.boolean().optional(),
  figures: z.boolean().optional(),
  lights: z.boolean().optional(),
  notice: z.boolean().optional(),
});

/**
 * `duban export --period 2023Q2 --format docx|xlsx|pdf|json --out FILE [--org NAME]
 * [--section 一] [--unit NAME] [--behind-only] [--summary] [--figures] [--lights] [--notice]`
 */
export async function runExport(args: string[]): Promise<number> {
  const opts = parseCommandArgs(
    args,
    {
      period: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      org: { type: 'string' },
      section: { type: 'string' },
      unit: { type: 'string' },
      'behind-only': { type: 'boolean' },
      summary: { type: 'boolean' },
      figures: { type: 'boolean' },
      lights: { type: 'boolean' },
      notice: { type: 'boolean' },
    },
    schema,
  );
  const file = await withDatabase(async (db) => {
    try {
      return await renderReport(db, {
        period: opts.period,
        organization: opts.org,
        kind: opts.notice === true ? 'notice' : 'report',
        format: opts.format,
        report: {
          section: opts.section,
          unit: opts.unit,
          behindOnly: opts['behind-only'],
          summary: opts.summary,
          figures: opts.figures,
          lights: opts.lights,
        },
      });
    } catch (error) {
      if (error instanceof AppError) throw new CliError(error.message);
      throw error;
    }
  });
  await writeFile(opts.out, file.bytes);
  process.stdout.write(`已导出“${file.fileName}”到 ${opts.out}（${file.bytes.byteLength} 字节）\n`);
  return 0;
}
