import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp, ensureDemo, loadConfig, migrateToLatest, openDatabase } from '@duban/server';
import { z } from 'zod';
import { parseCommandArgs } from '../args.ts';

/** The built single-page app (`npm run build -w @duban/web`). */
const WEB_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const schema = z.object({
  positionals: z.array(z.string()).length(0, '不接受位置参数'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  host: z.string().min(1).default('127.0.0.1'),
  'no-demo': z.boolean().default(false),
});

/** `duban serve [--port 8080] [--host 127.0.0.1] [--no-demo]` — runs until SIGINT/SIGTERM. */
export async function runServe(args: string[]): Promise<number> {
  const opts = parseCommandArgs(
    args,
    { port: { type: 'string' }, host: { type: 'string' }, 'no-demo': { type: 'boolean' } },
    schema,
  );
  const config = loadConfig(process.env);
  const database = await openDatabase(config.databaseUrl);
  await migrateToLatest(database);

  if (!opts['no-demo']) {
    const demo = await ensureDemo(database, { adminPassword: process.env.DUBAN_ADMIN_PASSWORD });
    if (demo.created) {
      process.stdout.write(
        `已载入演示台账（弋江区 2023 年二季度，126 项任务）。\n管理员账户：admin  初始密码：${demo.adminPassword ?? '(由 DUBAN_ADMIN_PASSWORD 指定)'}\n（密码只显示这一次；首次登录须修改。）\n`,
      );
    }
  }

  const webRoot = existsSync(WEB_ROOT) ? WEB_ROOT : undefined;
  if (webRoot === undefined) {
    process.stderr.write(
      '提示：未找到网页前端（packages/web/dist），仅提供 API。请先运行 npm run build -w @duban/web\n',
    );
  }
  const app = await buildApp({ database, config, webRoot });
  const address = await app.listen({ port: opts.port, host: opts.host });
  app.log.info({ address, dialect: database.dialect, pid: process.pid }, 'duban started');
  process.stdout.write(`督办已启动：${address}\n`);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // Stop accepting, finish the requests in flight, then release the database.
  app.log.info({ signal }, 'duban shutting down: finishing requests in flight');
  await app.close();
  await database.close();
  app.log.info('duban stopped');
  return 0;
}
