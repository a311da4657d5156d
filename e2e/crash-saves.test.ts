import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { addUser, call, readLedger, saveProgress, signIn } from './round-api.ts';
import { startServe, type ServeProcess } from './serve-process.ts';

const PASSWORD = 'Initial-Pass-1';
const CHANGED = 'Changed-Pass-2';
const Q3 = '2023Q3';
const SAVERS = 100;
/** Kill once this many saves were acknowledged: every saver has one in flight by then. */
const KILL_AFTER = 250;
const PG_ADMIN = process.env.DUBAN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A stored progress entry of the period (the consolidated text) and its version rows. */
interface StoredEntry {
  taskId: number;
  version: number;
  text: string;
  versions: { version: number; text: string }[];
}

interface Store {
  env: Record<string, string>;
  /** The entries as the crash left them, read directly from the database. */
  read(): Promise<StoredEntry[]>;
  /** The database's own integrity check ('ok' when sound). */
  integrity(): Promise<string>;
  drop(): Promise<void>;
}

const ENTRIES_SQL = `
  select e.task_id as "taskId", e.version, e.text, v.version as "v", v.text as "vText"
  from progress_entries e
  join periods p on p.id = e.period_id
  left join progress_versions v on v.entry_id = e.id
  where p.label = '${Q3}' and e.unit_id is null
  order by e.task_id, v.version`;

function groupEntries(
  rows: { taskId: number; version: number; text: string; v: number | null; vText: string | null }[],
): StoredEntry[] {
  const byTask = new Map<number, StoredEntry>();
  for (const row of rows) {
    const entry = byTask.get(row.taskId) ?? {
      taskId: row.taskId,
      version: row.version,
      text: row.text,
      versions: [],
    };
    byTask.set(row.taskId, entry);
    if (row.v !== null) entry.versions.push({ version: row.v, text: row.vText ?? '' });
  }
  return [...byTask.values()];
}

function sqliteStore(): Store {
  const work = mkdtempSync(join(tmpdir(), 'duban-crash-saves-'));
  const path = join(work, 'duban.db');
  return {
    env: { DUBAN_DB: path },
    read: () => {
      // The file as the crash left it, WAL included: opening it replays the WAL.
      const db = new SQLite(path);
      try {
        return Promise.resolve(groupEntries(db.prepare(ENTRIES_SQL).all() as never)); // rows of ENTRIES_SQL
      } finally {
        db.close();
      }
    },
    integrity: () => {
      const db = new SQLite(path, { readonly: true });
      try {
        const fk = db.pragma('foreign_key_check') as unknown[];
        const ok = db.pragma('integrity_check', { simple: true }) as string;
        return Promise.resolve(fk.length === 0 ? ok : `foreign keys: ${JSON.stringify(fk)}`);
      } finally {
        db.close();
      }
    },
    drop: () => {
      rmSync(work, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

async function pgQuery<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[]; // the caller names the columns
  } finally {
    await client.end();
  }
}

async function postgresStore(): Promise<Store> {
  const name = `duban_crash_${randomBytes(5).toString('hex')}`;
  await pgQuery(PG_ADMIN, `create database "${name}"`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  return {
    env: { DUBAN_DB: dbUrl },
    read: async () => groupEntries(await pgQuery(dbUrl, ENTRIES_SQL)),
    // The database did not die, only the server: consistency is what the rows below show.
    integrity: async () => {
      const orphans = await pgQuery<{ n: string }>(
        dbUrl,
        'select count(*) as n from progress_versions v left join progress_entries e on e.id = v.entry_id where e.id is null',
      );
      return orphans[0]?.n === '0' ? 'ok' : `orphan versions: ${orphans[0]?.n ?? '?'}`;
    },
    drop: () => pgQuery(PG_ADMIN, `drop database if exists "${name}" with (force)`).then(() => {}),
  };
}

/** A progress text of a few hundred characters, different for every task and version. */
function textOf(taskId: number, version: number): string {
  return `任务${taskId}第${version}版：${'项目加快推进，完成年度目标。'.repeat(20)}${version}`;
}

/**
 * kill -9 the server while 100 reporters save progress at once, each a chain of saves on its
 * own task (base version = the last acknowledged). After a restart every acknowledged save is
 * there with its text and version, each entry's version rows run 1..version with the entry's
 * text as the last, and a save that was in flight is either wholly there or wholly absent.
 */
describe.each(['sqlite', 'postgres'] as const)(
  'kill -9 during 100 concurrent saves (%s)',
  (kind) => {
    let server: ServeProcess | undefined;
    let store: Store | undefined;

    afterAll(async () => {
      await server?.stop();
      await store?.drop();
    });

    it('keeps every acknowledged save and nothing half-written', async () => {
      store = kind === 'sqlite' ? sqliteStore() : await postgresStore();
      const env = { ...store.env, DUBAN_ADMIN_PASSWORD: PASSWORD };
      server = await startServe(env);
      const base = server.url;
      const office = await signIn(base, 'admin', PASSWORD, CHANGED);
      const opened = await call(base, office, 'POST', '/api/periods', {
        label: Q3,
        dueDate: '2023-10-10',
      });
      expect(opened.status, JSON.stringify(opened.body)).toBe(201);

      // 100 tasks of the seed, taken unit by unit so that few reporters cover them.
      const ledger = await readLedger(base, office, '2023Q2');
      const byUnit = new Map<number, number[]>();
      for (const task of ledger.tasks) {
        const lead = task.lead[0];
        if (lead !== undefined) byUnit.set(lead.id, [...(byUnit.get(lead.id) ?? []), task.id]);
      }
      const units = [...byUnit.entries()].sort((x, y) => y[1].length - x[1].length);
      const savers: { taskId: number; unitId: number }[] = [];
      for (const [unitId, taskIds] of units) {
        for (const taskId of taskIds) if (savers.length < SAVERS) savers.push({ taskId, unitId });
      }
      expect(savers).toHaveLength(SAVERS);
      const unitIds = [...new Set(savers.map((saver) => saver.unitId))];
      const cookies = new Map<number, string>();
      for (const unitId of unitIds) {
        const username = `rep-${unitId}`;
        const initial = await addUser(base, office, { username, role: 'reporter', unitId });
        cookies.set(unitId, await signIn(base, username, initial, CHANGED));
      }

      const acknowledged = new Map<number, number>();
      let count = 0;
      const state = { saving: true };
      let killed: Promise<void> | undefined;
      const chains = savers.map(async ({ taskId, unitId }) => {
        let version = 0;
        while (state.saving) {
          const answer = await saveProgress(base, cookies.get(unitId) ?? '', taskId, {
            period: Q3,
            part: 'consolidated',
            baseVersion: version,
            text: textOf(taskId, version + 1),
          }).catch(() => undefined);
          if (answer === undefined) return; // the server is gone
          expect(answer.status, JSON.stringify(answer.body)).toBe(200);
          version = (answer.body as { version: number }).version; // the server validates its responses
          acknowledged.set(taskId, version);
          count += 1;
          if (count === KILL_AFTER) {
            // A moment later, so the kill lands inside the server's work, not between answers.
            killed = new Promise((resolve) => setTimeout(resolve, 5)).then(() => {
              state.saving = false;
              return server?.kill9();
            });
          }
        }
      });
      await Promise.all(chains);
      await killed;
      expect(count).toBeGreaterThanOrEqual(KILL_AFTER);

      // The database as the crash left it.
      expect(await store.integrity()).toBe('ok');
      const stored = new Map((await store.read()).map((entry) => [entry.taskId, entry]));
      const landed = savers.filter(
        ({ taskId }) => (stored.get(taskId)?.version ?? 0) > (acknowledged.get(taskId) ?? 0),
      ).length;
      process.stderr.write(
        `[crash-saves ${kind}] ${count} saves acknowledged; of ${SAVERS} in flight at the kill, ${landed} landed\n`,
      );
      for (const { taskId } of savers) {
        const acked = acknowledged.get(taskId) ?? 0;
        const entry = stored.get(taskId);
        if (entry === undefined) {
          expect(acked, `task ${taskId}: an acknowledged save was lost`).toBe(0);
          continue;
        }
        // The save in flight at the kill is wholly there or wholly absent.
        expect([acked, acked + 1], `task ${taskId}`).toContain(entry.version);
        expect(entry.text).toBe(textOf(taskId, entry.version));
        expect(entry.versions).toEqual(
          Array.from({ length: entry.version }, (_, i) => ({
            version: i + 1,
            text: textOf(taskId, i + 1),
          })),
        );
      }

      // A restarted server serves the same texts and takes the next save on top of them.
      server = await startServe(env);
      const [first] = savers;
      if (first === undefined) throw new Error('no saver');
      const cookie = cookies.get(first.unitId) ?? '';
      const view = await call(
        server.url,
        cookie,
        'GET',
        `/api/round/tasks/${first.taskId}?period=${Q3}`,
      );
      expect(view.status).toBe(200);
      const entry = (
        view.body as { entries: { part: unknown; version: number; text: string }[] }
      ).entries.find((candidate) => candidate.part === 'consolidated'); // the server validates its responses
      const expected = stored.get(first.taskId);
      expect(entry).toMatchObject({ version: expected?.version ?? 0, text: expected?.text ?? '' });
      const next = await saveProgress(server.url, cookie, first.taskId, {
        period: Q3,
        part: 'consolidated',
        baseVersion: entry?.version ?? 0,
        text: '重启后继续填报。',
      });
      expect(next.status, JSON.stringify(next.body)).toBe(200);
    }, 240_000);
  },
);
