import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/duban.js');
const SEED = join(ROOT, 'fixtures/seed/yijiang-2023q2.txt');
const PG_ADMIN = process.env.DUBAN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function duban(args: string[], env: Record<string, string>): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, DUBAN_LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const work = mkdtempSync(join(tmpdir(), 'duban-cli-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('duban import --dry-run --json', () => {
  it('prints the seed as the ledger JSON of CONTRACT.md', () => {
    const r = duban(['import', SEED, '--dry-run', '--json'], { DUBAN_DB: join(work, 'unused.db') });
    expect(r.status, r.stderr).toBe(0);
    const ledger = JSON.parse(r.stdout) as {
      format: string;
      organization: string;
      period: { label: string };
      sections: unknown[];
      tasks: { no: string; text: string; progress: string; lead: string[]; co: string[] }[];
    };
    expect(ledger.format).toBe('duban.ledger/1');
    expect(ledger.organization).toBe('弋江区');
    expect(ledger.period.label).toBe('2023Q2');
    expect(ledger.sections).toHaveLength(4);
    expect(ledger.tasks.map((t) => t.no)).toEqual(
      Array.from({ length: 126 }, (_, i) => String(i + 1)),
    );
    for (const task of ledger.tasks) {
      expect(task.text.length, `task ${task.no} text`).toBeGreaterThan(0);
      expect(task.lead.length, `task ${task.no} lead`).toBeGreaterThan(0);
    }
  });
});

describe('bad input: exit 1, one line naming the file, nothing stored', () => {
  const db = join(work, 'bad.db');
  const cases: [string, string | Buffer, RegExp][] = [
    ['empty.txt', '', /empty\.txt/],
    [
      'binary.txt',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]),
      /binary\.txt/,
    ],
    ['prose.txt', '这是一段没有表格的文字。\n第二行也没有。\n', /prose\.txt/],
    ['ledger.pdf', '%PDF-1.4', /ledger\.pdf/],
  ];
  for (const [name, content, pattern] of cases) {
    it(name, () => {
      const file = join(work, name);
      writeFileSync(file, content);
      const r = duban(['import', file], { DUBAN_DB: db });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    });
  }

  it('a repeated 序号 names the row', () => {
    const seed = readFileSync(SEED, 'utf8');
    const file = join(work, 'repeated.txt');
    writeFileSync(file, seed.replace('\n13 |\n', '\n12 |\n'));
    const r = duban(['import', file], { DUBAN_DB: db });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/repeated\.txt/);
    expect(r.stderr).toMatch(/12/);
    expect(r.stderr).toMatch(/第\d+行/);
    // …and says where it can be corrected row by row instead.
    expect(r.stderr).toContain('预览里可逐行改号或删除重复行');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing file and a wrong flag', () => {
    expect(duban(['import', join(work, 'nope.txt')], { DUBAN_DB: db }).stderr).toMatch(
      /nope\.txt: 文件不存在/,
    );
    const r = duban(['import', SEED, '--period', '2023-2'], { DUBAN_DB: db });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--period/);
  });

  it('left the database empty', () => {
    const r = duban(
      ['export', '--period', '2023Q2', '--format', 'json', '--out', join(work, 'x.json')],
      {
        DUBAN_DB: db,
      },
    );
    expect(r.status).toBe(1);
  });
});

const databases: [string, () => Promise<{ url: string; drop: () => Promise<void> }>][] = [
  ['sqlite', () => Promise.resolve({ url: join(work, 'store.db'), drop: () => Promise.resolve() })],
  [
    'postgres',
    async () => {
      const name = `duban_cli_${process.pid}_${Date.now()}`;
      const admin = new pg.Client({ connectionString: PG_ADMIN });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(PG_ADMIN);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        drop: async () => {
          const c = new pg.Client({ connectionString: PG_ADMIN });
          await c.connect();
          await c.query(`drop database if exists ${name} with (force)`);
          await c.end();
        },
      };
    },
  ],
];

for (const [dialect, create] of databases) {
  describe(`import, re-import and export on ${dialect}`, () => {
    let env: Record<string, string>;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const created = await create();
      env = { DUBAN_DB: created.url };
      drop = created.drop;
    });
    afterAll(async () => {
      await drop();
    });

    it('stores the seed once, says so the second time, and exports it back', () => {
      const first = duban(['import', SEED], env);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/126/);

      const again = duban(['import', SEED], env);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/相同/);

      const out = join(work, `${dialect}.json`);
      const exported = duban(
        ['export', '--period', '2023Q2', '--format', 'json', '--out', out],
        env,
      );
      expect(exported.status, exported.stderr).toBe(0);
      const dry = JSON.parse(duban(['import', SEED, '--dry-run', '--json'], env).stdout) as unknown;
      expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(dry);
    });

    it('refuses a changed ledger without --update, then updates it in place', () => {
      const file = join(work, `changed-${dialect}.txt`);
      writeFileSync(file, readFileSync(SEED, 'utf8').replace('新签约项目18个', '新签约项目19个'));
      const refused = duban(['import', file], env);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/--update/);
      const updated = duban(['import', file, '--update'], env);
      expect(updated.status, updated.stderr).toBe(0);
      expect(updated.stdout).toMatch(/更新 1/);
    });

    it('adds a user with a unit, and refuses an unknown unit', () => {
      const ok = duban(['user', 'add', 'fgw', '--role', 'reporter', '--unit', '区发改委'], env);
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/初始密码/);
      const bad = duban(
        ['user', 'add', 'nobody', '--role', 'reporter', '--unit', '不存在的局'],
        env,
      );
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/不存在的局/);
    });
  });
}
