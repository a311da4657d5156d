import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { CliError } from './cli-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments with node's parser, then validates them with zod, so a wrong
 * flag or value becomes one clear line instead of a stack trace.
 */
export function parseCommandArgs<S extends z.ZodType>(
  args: string[],
  options: Options,
  schema: S,
): z.infer<S> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`参数错误：${error instanceof Error ? error.message : String(error)}`);
  }
  const result = schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first?.path.length ? `--${first.path.join('.')}` : '参数';
    throw new CliError(`${where}: ${first?.message ?? '无效'}`);
  }
  return result.data;
}
