import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CSRF, login as loginAs } from './round-api.ts';
import { BIN, ROOT, runDuban, startServe, type ServeProcess } from './serve-process.ts';

const PASSWORD = 'Initial-Pass-1';
const CHANGED = 'Changed-Pass-2';
const COPIES = 40;

const work = mkdtempSync(join(tmpdir(), 'duban-crash-'));
const dbPath = join(work, 'duban.db');
const env = { DUBAN_DB: dbPath, DUBAN_ADMIN_PASSWORD: PASSWORD };
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function walSize(): number {
  const wal = `${dbPath}-wal`;
  return existsSync(wal) ? statSync(wal).size : 0;
}

/** The administrator's session cookie, or undefined when refused. */
function login(base: string, password = CHANGED): Promise<string | undefined> {
  return loginAs(base, 'admin', password);
}

/**
 * kill -9 in the middle of writing: a large import (its own `duban import` process, one
 * transaction) and the server taking logins (each a session row and an audit entry) at the
 * same moment. After a restart, every acknowledged write is there, the import is all or
 * nothing, and SQLite's integrity check passes.
 */
describe('kill -9 during an import and during writes (SQLite)', () => {
  let server: ServeProcess | undefined;

  afterAll(async () => {
    await server?.stop();
  });

  it('loses nothing acknowledged and leaves nothing half-written', async () => {
    server = await startServe(env);
    // A ledger 40 times the seed (5 040 tasks) for the period 2023Q3.
    const seedJson = join(work, 'q2.json');
    const exported = runDuban(
      ['export', '--period', '2023Q2', '--format', 'json', '--out', seedJson],
      env,
    );
    expect(exported.status, exported.stderr).toBe(0);
    const ledger = JSON.parse(readFileSync(seedJson, 'utf8')) as {
      period: unknown;
      tasks: { no: string }[];
    };
    const tasks = Array.from({ length: COPIES }, () => ledger.tasks)
      .flat()
      .map((task, index) => ({ ...task, no: String(index + 1) }));
    const big = join(work, 'big.json');
    writeFileSync(
      big,
      JSON.stringify({ ...ledger, period: { year: 2023, quarter: 3, label: '2023Q3' }, tasks }),
    );

    const base = server.url;
    // The demo administrator's forced password change, once.
    const first = await login(base, PASSWORD);
    const changed = await fetch(`${base}/api/session/password`, {
      method: 'POST',
      headers: { ...CSRF, cookie: first ?? '' },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: CHANGED }),
    });
    expect(changed.status, await changed.text()).toBeLessThan(300);
    const acknowledged: string[] = [];
    // An object, so the loop below sees the flag change.
    const state = { writing: true };
    const writer = (async () => {
      while (state.writing) {
        const cookie = await login(base).catch(() => undefined);
        if (cookie !== undefined) acknowledged.push(cookie);
      }
    })();

    const baseline = walSize();
    const importer = spawn(process.execPath, [BIN, 'import', big], {
      cwd: ROOT,
      env: { ...process.env, ...env, DUBAN_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let importOutput = '';
    importer.stdout.on('data', (chunk: Buffer) => (importOutput += chunk.toString()));
    const importExit = new Promise<number | null>((resolve) => importer.once('exit', resolve));
    // Kill once the import's transaction has visibly spilled pages into the WAL.
    const deadline = Date.now() + 60_000;
    while (
      importer.exitCode === null &&
      walSize() < baseline + 512 * 1024 &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(importer.exitCode, `the import ended before it could be killed:\n${importOutput}`).toBe(
      null,
    );
    importer.kill('SIGKILL');
    await server.kill9();
    state.writing = false;
    await writer;
    await importExit;
    expect(importOutput).not.toContain('已导入');
    expect(acknowledged.length).toBeGreaterThan(0);

    // Before any process opens it again: the file as the crash left it (with its WAL).
    const raw = new SQLite(dbPath);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    raw.close();

    server = await startServe(env);
    for (const cookie of acknowledged) {
      const response = await fetch(`${server.url}/api/session`, { headers: { cookie } });
      expect(response.status, 'an acknowledged login was lost').toBe(200);
    }
    const cookie = acknowledged[0] ?? '';
    // The killed import left no trace: no period 2023Q3, no task beyond the seed's.
    const q3 = await fetch(`${server.url}/api/ledger?period=2023Q3`, { headers: { cookie } });
    expect(q3.status).toBe(404);
    const q2 = await fetch(`${server.url}/api/ledger?period=2023Q2`, { headers: { cookie } });
    expect(q2.status).toBe(200);
    expect(((await q2.json()) as { tasks: unknown[] }).tasks).toHaveLength(ledger.tasks.length);
    const check = new SQLite(dbPath, { readonly: true });
    const counted = check.prepare('select count(*) as n from tasks').get() as { n: number }; // one row
    check.close();
    expect(counted.n).toBe(ledger.tasks.length);

    // And the same import, run to the end now, is complete.
    const again = runDuban(['import', big], env);
    expect(again.status, again.stderr).toBe(0);
    const full = await fetch(`${server.url}/api/ledger?period=2023Q3`, { headers: { cookie } });
    expect(((await full.json()) as { tasks: unknown[] }).tasks).toHaveLength(tasks.length);
  }, 240_000);
});
