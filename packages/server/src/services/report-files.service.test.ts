import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ledger } from '@duban/core';
import { readLedger } from '@duban/formats';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReportsConfig } from '../config.ts';
import { buildTestApp, createTestUser, loginCookie } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { HOLD_WORKER, openHoldChannel } from '../test/report-worker-hold.ts';
import { readSeedLedger } from '../test/seed.ts';
import { importLedger } from './import.service.ts';
import { ReportFiles } from './report-files.service.ts';

const source = { sourceName: 'yijiang-2023q2.txt', sha256: '0'.repeat(64) };

function readBack(name: string, body: Buffer): Ledger {
  const result = readLedger(name, new Uint8Array(body));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe.each(DIALECTS)('report files (workers, cache) on %s', (dialect) => {
  const seed = readSeedLedger();
  let test: TestDatabase;
  let user: Awaited<ReturnType<typeof createTestUser>>;

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, seed, source);
    user = await createTestUser(test.database, {
      username: 'report-files',
      role: 'viewer',
      organization: seed.organization,
    });
  });

  afterAll(async () => {
    await test.destroy();
  });

  /** An app whose report worker is the hold worker, with the given pool settings. */
  async function holdApp(reports: ReportsConfig = {}) {
    const app = await buildTestApp(test.database, {
      config: { reports: { workers: 1, queue: 4, workerUrl: HOLD_WORKER, ...reports } },
    });
    const cookie = await loginCookie(app, user);
    const get = (url: string) => app.inject({ url, headers: { cookie } });
    return { app, get };
  }

  it('keeps the bytes while nothing is written, and writes anew after a write', async () => {
    const channel = openHoldChannel();
    let app: FastifyInstance | undefined;
    try {
      const held = await holdApp();
      app = held.app;
      const url = '/api/periods/2023Q2/report?format=xlsx';
      /** The answer, releasing the worker once the file is its `start`th job. */
      const getReleased = async (path: string, start: number) => {
        const answer = held.get(path);
        await channel.waitForStarts(start);
        channel.releaseAll();
        return answer;
      };
      const first = await getReleased(url, 1);
      expect(first.statusCode).toBe(200);
      const second = await held.get(url);
      expect(second.statusCode).toBe(200);
      expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
      // Another choice is another file.
      expect((await getReleased(`${url}&lights=true`, 2)).statusCode).toBe(200);

      const task = seed.tasks[0];
      if (task === undefined) throw new Error('empty seed');
      const changed = `${task.progress}（已更新）`;
      const updated = await test.database.db
        .updateTable('progress_entries')
        .set({ text: changed })
        .where('text', '=', task.progress)
        .where('unit_id', 'is', null)
        .executeTakeFirst();
      expect(Number(updated.numUpdatedRows)).toBeGreaterThan(0);
      const third = await getReleased(url, 3);
      expect(third.statusCode).toBe(200);
      expect(third.rawPayload.equals(first.rawPayload)).toBe(false);
      expect(readBack('before.xlsx', first.rawPayload).tasks[0]?.progress).toBe(task.progress);
      expect(readBack('after.xlsx', third.rawPayload).tasks[0]?.progress).toBe(changed);
      // The pool's job ids: the second request never reached a worker.
      expect(channel.started).toEqual([1, 2, 3]);
    } finally {
      channel.close();
      await app?.close();
    }
  });

  it('writes a file made stale meanwhile once more for all who asked after the write', async () => {
    const channel = openHoldChannel();
    const { app, get } = await holdApp();
    try {
      const url = '/api/periods/2023Q2/report?format=xlsx&behindOnly=false';
      const before = get(url);
      await channel.waitForStarts(1); // written at the version before the write, held
      const task = seed.tasks[1];
      if (task === undefined) throw new Error('small seed');
      const changed = `${task.progress}（再次更新）`;
      await test.database.db
        .updateTable('progress_entries')
        .set({ text: changed })
        .where('text', '=', task.progress)
        .where('unit_id', 'is', null)
        .execute();
      const after = [get(url), get(url), get(url)];
      channel.releaseAll();
      await channel.waitForStarts(2);
      channel.releaseAll();
      const [old, ...fresh] = await Promise.all([before, ...after]);
      expect(readBack('old.xlsx', old.rawPayload).tasks[1]?.progress).toBe(task.progress);
      for (const answer of fresh) {
        expect(readBack('new.xlsx', answer.rawPayload).tasks[1]?.progress).toBe(changed);
      }
      // One file at the old version, one after the write for the three who asked then.
      expect(channel.started).toEqual([1, 2]);
    } finally {
      channel.close();
      await app.close();
    }
  });

  it('warms one worker once the app listens, only when configured to', async () => {
    const warm = vi.spyOn(ReportFiles.prototype, 'warm');
    const apps: FastifyInstance[] = [];
    try {
      const started = async (reports: ReportsConfig) => {
        warm.mockClear();
        const { app } = await holdApp(reports);
        apps.push(app);
        // ready() (and so every inject()) starts nothing.
        expect(warm).not.toHaveBeenCalled();
        await app.listen({ port: 0, host: '127.0.0.1' });
        expect(warm).toHaveBeenCalledTimes(1);
        const files = warm.mock.contexts[0];
        if (!(files instanceof ReportFiles)) throw new Error('warm() without its ReportFiles');
        return files.poolStats;
      };
      // The worker is there before any file is asked for, idle.
      expect(await started({ warm: true })).toEqual({ workers: 1, busy: 0, queued: 0 });
      expect((await started({})).workers).toBe(0);
      expect((await started({ warm: true, workers: 0 })).workers).toBe(0);
    } finally {
      warm.mockRestore();
      for (const app of apps) await app.close();
    }
  });

  it('keeps PDFs too: LibreOffice runs again only after a write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duban-fake-soffice-'));
    const runs = join(dir, 'runs');
    const soffice = join(dir, 'soffice');
    // Writes a PDF that differs on every run, and counts the runs.
    writeFileSync(
      soffice,
      `#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = --outdir ] && out="$2"; shift; done\necho run >> '${runs}'\nprintf '%%PDF-fake %s' "$(od -An -N8 -tx8 /dev/urandom)" > "$out/report.pdf"\n`,
      { mode: 0o755 },
    );
    const files = new ReportFiles({ workers: 1, queue: 4, cacheBytes: 2 ** 20 });
    try {
      const options = {
        period: '2023Q2',
        kind: 'report',
        format: 'pdf',
        pdf: { soffice },
      } as const;
      const countRuns = () => readFileSync(runs, 'utf8').split('\n').filter(Boolean).length;
      const first = await files.render(test.database, options);
      const second = await files.render(test.database, options);
      expect(Buffer.from(first.bytes).toString('latin1')).toMatch(/^%PDF-fake /u);
      expect(second.bytes).toEqual(first.bytes);
      expect(countRuns()).toBe(1);
      expect(files.cacheUse(test.database.db)).toEqual({
        entries: 1,
        bytes: first.bytes.byteLength,
      });
      await test.database.db
        .updateTable('progress_entries')
        .set({ text: '（PDF 缓存测试）' })
        .where('unit_id', 'is', null)
        .where('text', '=', seed.tasks[2]?.progress ?? '')
        .execute();
      const third = await files.render(test.database, options);
      expect(countRuns()).toBe(2);
      expect(third.bytes).not.toEqual(first.bytes);
    } finally {
      await files.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 with Retry-After when the queue is full (1 worker, queue 1, 3 files)', async () => {
    const channel = openHoldChannel();
    const { app, get } = await holdApp({ queue: 1 });
    try {
      const urls = [
        '/api/periods/2023Q2/report?format=docx&figures=true',
        '/api/periods/2023Q2/report?format=xlsx&figures=true',
        '/api/periods/2023Q2/notice?format=docx&figures=true',
      ];
      const answers = urls.map((url) => get(url));
      // Nothing is released: one file is being written, one waits, the third is refused.
      const refused = await Promise.race(answers);
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      const body = refused.json<{ error: { code: string; message: string } }>();
      expect(body.error.code).toBe('report-busy');
      expect(body.error.message).toMatch(/服务器繁忙/u);
      await channel.waitForStarts(1); // the worker is up (it hears no release before)
      expect(channel.started).toHaveLength(1);
      channel.releaseAll();
      const statuses = (await Promise.all(answers)).map((answer) => answer.statusCode);
      expect(statuses.sort()).toEqual([200, 200, 503]);
    } finally {
      channel.close();
      await app.close();
    }
  });

  it('answers a cheap request while a file is being written; close() waits for it', async () => {
    const channel = openHoldChannel();
    const { app, get } = await holdApp();
    try {
      let done = false;
      const report = get('/api/periods/2023Q2/report?format=docx').then((answer) => {
        done = true;
        return answer;
      });
      await channel.waitForStarts(1); // in the worker, held there
      const health = await app.inject({ url: '/healthz' });
      expect(health.statusCode).toBe(200);
      const ledger = await get('/api/ledger');
      expect(ledger.statusCode).toBe(200);
      expect(done).toBe(false);
      // Shutting down while the file is written: close() finishes once the answer has gone.
      const closed = app.close();
      channel.releaseAll();
      const answer = await report;
      expect(answer.statusCode).toBe(200);
      expect(readBack('r.docx', answer.rawPayload).tasks).toHaveLength(seed.tasks.length);
      await closed;
    } finally {
      channel.close();
      await app.close();
    }
  });
});
