import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, call, readLedger, saveProgress, signIn, transition } from './round-api.ts';
import { ROOT, runDuban, startServe, type ServeProcess } from './serve-process.ts';

const ADMIN_URL = process.env.DUBAN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CSRF = { 'x-requested-with': 'duban', 'content-type': 'application/json' };
const PASSWORD = 'Initial-Pass-1';

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

async function login(
  base: string,
  username: string,
  password: string,
): Promise<{ status: number; cookie?: string; body: unknown }> {
  const response = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: CSRF,
    body: JSON.stringify({ username, password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('duban_session='))
    ?.split(';')[0];
  return { status: response.status, cookie, body: await response.json() };
}

/** Two `duban serve` processes on two ports, one PostgreSQL database. */
describe('two instances against one PostgreSQL database', () => {
  const name = `duban_e2e_${randomBytes(5).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const env = { DUBAN_DB: url.toString(), DUBAN_ADMIN_PASSWORD: PASSWORD };
  const work = mkdtempSync(join(tmpdir(), 'duban-instances-'));
  let a: ServeProcess;
  let b: ServeProcess;

  beforeAll(async () => {
    await admin(`create database "${name}"`);
    // A loads the demo ledger and creates admin; B starts on the same database.
    a = await startServe({ ...env, DUBAN_LOG_LEVEL: 'info' });
    b = await startServe(env, ['--no-demo']);
  });

  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
    await admin(`drop database if exists "${name}" with (force)`);
    rmSync(work, { recursive: true, force: true });
  });

  it('serves a session opened on one instance from the other', async () => {
    expect(a.url).not.toBe(b.url);
    const session = await login(a.url, 'admin', PASSWORD);
    expect(session.status).toBe(200);
    const cookie = session.cookie ?? '';
    expect(cookie).toMatch(/^duban_session=/);

    // The forced password change goes to B, with A's session.
    const change = await fetch(`${b.url}/api/session/password`, {
      method: 'POST',
      headers: { ...CSRF, cookie },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'Changed-Pass-2' }),
    });
    expect(change.status, await change.clone().text()).toBeLessThan(300);
    const onB = await fetch(`${b.url}/api/ledger`, { headers: { cookie } });
    expect(onB.status).toBe(200);
    const onA = await fetch(`${a.url}/api/ledger`, { headers: { cookie } });
    expect(await onA.text()).toBe(await onB.text());

    // Logged out on B: gone on A as well.
    const out = await fetch(`${b.url}/api/session`, {
      method: 'DELETE',
      headers: { 'x-requested-with': 'duban', cookie },
    });
    expect(out.status).toBeLessThan(300);
    expect((await fetch(`${a.url}/api/ledger`, { headers: { cookie } })).status).toBe(401);
  });

  it('holds a login lock set on one instance on the other', async () => {
    const user = runDuban(['user', 'add', 'locked', '--role', 'viewer'], env);
    expect(user.status, user.stderr).toBe(0);
    const password = /[:：]\s*(\S+)\s*$/m.exec(user.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThan(7);
    for (let i = 0; i < 5; i++) {
      const wrong = await login(i % 2 === 0 ? a.url : b.url, 'locked', 'wrong-password');
      // The fifth failure is the one that locks.
      expect(wrong.status).toBe(i < 4 ? 401 : 429);
    }
    // The right password is refused on both: the lock lives in the database.
    for (const base of [a.url, b.url]) {
      const locked = await login(base, 'locked', password);
      expect(locked.status).toBe(429);
      expect(locked.body).toMatchObject({ error: { code: 'account-locked' } });
    }
  });

  it('shows an import on both instances at once', async () => {
    const exported = join(work, 'q3.json');
    const done = runDuban(
      ['export', '--period', '2023Q2', '--format', 'json', '--out', exported],
      env,
    );
    expect(done.status, done.stderr).toBe(0);
    const ledger = JSON.parse((await import('node:fs')).readFileSync(exported, 'utf8')) as {
      period: { year: number; quarter: number; label: string };
      tasks: unknown[];
    };
    ledger.period = { year: 2023, quarter: 3, label: '2023Q3' };
    writeFileSync(exported, JSON.stringify(ledger));
    const imported = runDuban(['import', exported], env);
    expect(imported.status, imported.stderr).toBe(0);

    const session = await login(b.url, 'admin', 'Changed-Pass-2');
    expect(session.status).toBe(200);
    const cookie = session.cookie ?? '';
    const views = await Promise.all(
      [a.url, b.url].map(async (base) => {
        const response = await fetch(`${base}/api/ledger?period=2023Q3`, { headers: { cookie } });
        expect(response.status).toBe(200);
        return (await response.json()) as { tasks: unknown[] };
      }),
    );
    expect(views[0]?.tasks).toHaveLength(ledger.tasks.length);
    expect(views[1]).toEqual(views[0]);
  });

  it('runs a reporting round across both instances, optimistic locking included', async () => {
    const period = '2023Q4';
    const office = (await login(a.url, 'admin', 'Changed-Pass-2')).cookie ?? '';
    const opened = await call(a.url, office, 'POST', '/api/periods', {
      label: period,
      dueDate: '2024-01-10',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const ledger = await readLedger(b.url, office, '2023Q2');
    const task = ledger.tasks.find((candidate) => candidate.lead.length === 1);
    const unitId = task?.lead[0]?.id;
    if (task === undefined || unitId === undefined) throw new Error('no task with one lead unit');
    const [reporterPassword, headPassword] = await Promise.all([
      addUser(a.url, office, { username: 'round-rep', role: 'reporter', unitId }),
      addUser(b.url, office, { username: 'round-head', role: 'unit_head', unitId }),
    ]);
    const reporter = await signIn(a.url, 'round-rep', reporterPassword, 'Round-Pass-3');
    const head = await signIn(b.url, 'round-head', headPassword, 'Round-Pass-3');
    const part = 'consolidated';

    const saved = await saveProgress(a.url, reporter, task.id, {
      period,
      part,
      baseVersion: 0,
      text: '四季度：项目已开工。',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ version: 1 });
    // B saw A's save: a save on B based on the version before it is stale.
    const stale = await saveProgress(b.url, reporter, task.id, {
      period,
      part,
      baseVersion: 0,
      text: '另一人的旧稿',
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      error: {
        code: 'stale-version',
        details: { current: { version: 1, text: '四季度：项目已开工。' } },
      },
    });

    const steps: [string, string, string][] = [
      [a.url, reporter, 'submit'],
      [b.url, head, 'approve'],
      [a.url, office, 'accept'],
    ];
    for (const [base, cookie, action] of steps) {
      const answer = await transition(base, cookie, task.id, { period, part, action });
      expect(answer.status, `${action}: ${JSON.stringify(answer.body)}`).toBe(200);
    }
    // Only one task is reported here: the others are published with the office's reason.
    const published = await call(b.url, office, 'POST', `/api/periods/${period}/publish`, {
      overrideReason: '其余任务本期不填报',
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body).toMatchObject({ state: 'published' });

    // Both instances show the same accepted text; the published period refuses further saves.
    for (const base of [a.url, b.url]) {
      const view = await call(base, office, 'GET', `/api/round/tasks/${task.id}?period=${period}`);
      expect(view.body).toMatchObject({
        entries: expect.arrayContaining([
          expect.objectContaining({
            part,
            state: 'accepted',
            version: 1,
            text: '四季度：项目已开工。',
          }),
        ]) as unknown,
      });
    }
    const locked = await saveProgress(a.url, reporter, task.id, {
      period,
      part,
      baseVersion: 1,
      text: '发布后再改',
    });
    expect(locked.status).toBe(409);
  });

  it('logs JSON lines with the request id it echoes', async () => {
    const response = await fetch(`${a.url}/healthz`);
    const id = response.headers.get('x-request-id') ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = a
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { reqId?: string; msg?: string });
    expect(lines.some((line) => line.msg === 'duban started')).toBe(true);
    expect(lines.filter((line) => line.reqId === id).length).toBeGreaterThan(0);
    expect(ROOT.length).toBeGreaterThan(0);
  });

  it('shuts down on SIGTERM with a clear log and exit status 0', async () => {
    const code = await a.stop();
    expect(code).toBe(0);
    expect(a.output()).toContain('duban shutting down');
    expect(a.output()).toContain('duban stopped');
    // B carries on alone.
    expect((await fetch(`${b.url}/readyz`)).status).toBe(200);
  });
});
