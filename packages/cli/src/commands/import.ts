import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readLedger } from '@duban/formats';
import { analyseLedger, parsePeriodLabel, type Ledger, type PeriodRef } from '@duban/core';
import { AppError, importLedger } from '@duban/server';
import { z } from 'zod';
import { parseCommandArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { withDatabase } from '../database.ts';

const schema = z.object({
  positionals: z.array(z.string()).length(1, '需要且只需要一个文件：duban import FILE'),
  'dry-run': z.boolean().default(false),
  json: z.boolean().default(false),
  update: z.boolean().default(false),
  period: z.string().optional(),
  org: z.string().trim().min(1).optional(),
});

/** `duban import FILE [--dry-run] [--json] [--period 2023Q2] [--org NAME] [--update]` */
export async function runImport(args: string[]): Promise<number> {
  const opts = parseCommandArgs(
    args,
    {
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      update: { type: 'boolean' },
      period: { type: 'string' },
      org: { type: 'string' },
    },
    schema,
  );
  const [file] = opts.positionals as [string];
  const bytes = await readInput(file);
  const ledger = parseInput(file, bytes, opts.period, opts.org);

  for (const warning of ledger.warnings)
    process.stderr.write(`${file}: 警告: ${warning.message}\n`);
  const taskWarnings = ledger.tasks.reduce((n, t) => n + t.warnings.length, 0);
  if (taskWarnings > 0 && !opts.json) {
    process.stderr.write(
      `${file}: ${taskWarnings} 条任务级提示（合并单元格推断、单位拼接等），可用 --json 查看\n`,
    );
  }

  if (opts.json) process.stdout.write(`${JSON.stringify(ledger, null, 2)}\n`);
  if (opts['dry-run']) {
    if (!opts.json) process.stdout.write(`${summarise(ledger)}（试运行，未写入）\n`);
    return 0;
  }

  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await withDatabase(async (db) => {
    try {
      const result = await importLedger(db, ledger, {
        update: opts.update,
        sourceName: basename(file),
        sha256,
      });
      const line =
        result.status === 'unchanged'
          ? `${summarise(ledger)}：与已导入的内容相同，未作改动`
          : `${summarise(ledger)}：已导入（新增 ${result.created}，更新 ${result.updated}，未变 ${result.unchanged}${result.missing.length ? `，文件中缺少 ${result.missing.length} 项（已保留）` : ''}）`;
      (opts.json ? process.stderr : process.stdout).write(`${line}\n`);
    } catch (error) {
      if (error instanceof AppError) throw new CliError(`${file}: ${error.message}`);
      throw error;
    }
  });
  return 0;
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code; // fs errors always carry a code
    throw new CliError(
      `${file}: ${code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录，不是文件' : `无法读取（${code ?? '未知错误'}）`}`,
    );
  }
}

function parseInput(file: string, bytes: Uint8Array, period?: string, org?: string): Ledger {
  const result = readLedger(basename(file), bytes, {
    period: period === undefined ? undefined : toPeriodRef(period),
    organization: org,
  });
  if (!result.ok) {
    const [first, ...others] = result.issues;
    const more = others.length > 0 ? `（另有 ${others.length} 处问题）` : '';
    const detail = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : '无法读取';
    // Readers of zipped formats name the file (and sheet) themselves; name it once.
    const named = detail.includes(basename(file)) ? detail : `${file}: ${detail}`;
    // A batch import cannot ask which of two rows is meant; the browser's preview can.
    const hint = result.issues.some((issue) => issue.code === 'duplicate-number')
      ? '。请在文件中改正序号后重试，或在网页“导入”中上传：预览里可逐行改号或删除重复行'
      : '';
    throw new CliError(`${named}${more}${hint}`);
  }
  return analyseLedger(result.value);
}

function toPeriodRef(label: string): PeriodRef {
  const period = parsePeriodLabel(label);
  if (!period.ok) throw new CliError(`--period: ${period.issues[0]?.message ?? label}`);
  return period.value;
}

function summarise(ledger: Ledger): string {
  return `${ledger.organization} ${ledger.period.label}：${ledger.sections.length} 个部分，${ledger.tasks.length} 项任务`;
}
