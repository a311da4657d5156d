import { AppError, createUser } from '@duban/server';
import { ROLES } from '@duban/core';
import { z } from 'zod';
import { parseCommandArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { withDatabase } from '../database.ts';

const schema = z.object({
  positionals: z.tuple(
    [
      z.literal('add', { error: '子命令只能是 add：duban user add USERNAME --role ROLE' }),
      z.string().regex(/^[A-Za-z0-9_.-]{2,64}$/, '用户名只能包含字母、数字、_ . -，2–64 位'),
    ],
    {
      error: '用法：duban user add USERNAME --role ROLE [--unit NAME]',
    },
  ),
  role: z.enum(ROLES, { error: `--role 只能是 ${ROLES.join('、')}` }),
  unit: z.string().trim().min(1).optional(),
  org: z.string().trim().min(1).optional(),
  name: z.string().trim().min(1).optional(),
});

/** `duban user add USERNAME --role ROLE [--unit NAME] [--org NAME] [--name 显示名]` */
export async function runUser(args: string[]): Promise<number> {
  const opts = parseCommandArgs(
    args,
    {
      role: { type: 'string' },
      unit: { type: 'string' },
      org: { type: 'string' },
      name: { type: 'string' },
    },
    schema,
  );
  const [, username] = opts.positionals;
  const password = await withDatabase(async (db) => {
    try {
      return await createUser(db, {
        username,
        role: opts.role,
        unit: opts.unit,
        organization: opts.org,
        displayName: opts.name,
      });
    } catch (error) {
      if (error instanceof AppError) throw new CliError(error.message);
      throw error;
    }
  });
  process.stdout.write(
    `已创建用户 ${username}（${opts.role}）。初始密码（只显示这一次，首次登录须修改）：${password}\n`,
  );
  return 0;
}
