import { setImmediate as nextTurn } from 'node:timers/promises';
import { buildReportModel, type Ledger, type ReportModel } from '@duban/core';
import { readLedger } from '@duban/formats';
import mammoth from 'mammoth';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { HOLD_WORKER, openHoldChannel } from '../test/report-worker-hold.ts';
import { readSeedLedger } from '../test/seed.ts';
import { ReportWorkerPool, reviveWorkerError } from './report-pool.ts';
import { renderReportFile, type ReportRenderJob } from './report-render.ts';

function describeTasks(ledger: Ledger): string[][] {
  return ledger.tasks.map((t) => [t.no, t.section, t.text, t.lead.join('|'), t.progress]);
}

function readBack(name: string, bytes: Uint8Array): Ledger {
  const result = readLedger(name, bytes);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

/** The seed repeated to `count` tasks (numbers renewed): a large plan without a database. */
function largeLedger(seed: Ledger, count: number): Ledger {
  const tasks = Array.from({ length: count }, (_, i) => {
    const task = seed.tasks[i % seed.tasks.length];
    if (task === undefined) throw new Error('empty seed');
    return { ...task, no: String(i + 1) };
  });
  return { ...seed, tasks };
}

describe('report worker pool', () => {
  const seed = readSeedLedger();
  const model = buildReportModel(seed, {});
  let pool: ReportWorkerPool | undefined;

  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it(
    'writes in a worker the file this thread writes: each reads back alike',
    { timeout: 60_000 },
    async () => {
      pool = new ReportWorkerPool({ size: 1, maxQueue: 4 });
      for (const file of ['report-docx', 'report-xlsx'] as const) {
        const job: ReportRenderJob = { file, model };
        const [inWorker, inline] = await Promise.all([pool.render(job), renderReportFile(job)]);
        // Transferred, not copied into a pooled slab: the buffer is exactly the file.
        expect(inWorker.byteOffset).toBe(0);
        expect(inWorker.buffer.byteLength).toBe(inWorker.byteLength);
        const name = `r.${file.slice(-4)}`;
        const back = readBack(name, inWorker);
        expect(back).toEqual(readBack(name, inline));
        expect(describeTasks(back)).toEqual(describeTasks(seed));
      }
      const notice: ReportRenderJob = { file: 'notice-docx', model };
      const text = async (bytes: Uint8Array) =>
        (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
      const noticeText = await text(await pool.render(notice));
      expect(noticeText).toContain('通报');
      expect(noticeText).toBe(await text(await renderReportFile(notice)));
      expect(pool.stats).toEqual({ workers: 1, busy: 0, queued: 0 });
    },
  );

  it('throws the writer’s own error, and rebuilds an AppError with its code', async () => {
    pool = new ReportWorkerPool({ size: 1, maxQueue: 4 });
    // Not a model: the writer fails the same way on either thread.
    const broken = { file: 'report-docx', model: { title: 'x' } as ReportModel } as const;
    const inline = await renderReportFile(broken).catch((error: unknown) => error);
    const inWorker = await pool.render(broken).catch((error: unknown) => error);
    expect(inline).toBeInstanceOf(Error);
    expect(inWorker).toBeInstanceOf(Error);
    expect((inWorker as Error).name).toBe((inline as Error).name); // both checked just above
    expect((inWorker as Error).message).toBe((inline as Error).message);

    const revived = reviveWorkerError({
      name: 'AppError',
      message: 'LibreOffice 转换 PDF 失败',
      code: 'pdf-failed',
      details: { exit: 3 },
    });
    expect(revived).toBeInstanceOf(AppError);
    expect(revived).toMatchObject({ code: 'pdf-failed', status: 500, details: { exit: 3 } });
    expect(
      reviveWorkerError({ name: 'Whatever', message: 'm', code: 'no-such-code' }),
    ).not.toBeInstanceOf(AppError);
  });

  it('answers report-busy when the queue is full, then writes what it accepted', async () => {
    const channel = openHoldChannel();
    try {
      pool = new ReportWorkerPool({ size: 1, maxQueue: 1, workerUrl: HOLD_WORKER });
      const first = pool.render({ file: 'report-xlsx', model });
      await channel.waitForStarts(1); // the worker holds it
      const second = pool.render({ file: 'report-docx', model });
      expect(pool.stats).toEqual({ workers: 1, busy: 1, queued: 1 });
      const third = await pool.render({ file: 'notice-docx', model }).catch((e: unknown) => e);
      expect(third).toBeInstanceOf(AppError);
      expect(third).toMatchObject({
        code: 'report-busy',
        status: 503,
        details: { retryAfterSeconds: 5 },
      });
      expect((third as AppError).message).toMatch(/服务器繁忙/u); // checked just above
      channel.release(channel.started[0] ?? 0);
      expect(readBack('a.xlsx', await first).tasks).toHaveLength(seed.tasks.length);
      await channel.waitForStarts(2);
      channel.release(channel.started[1] ?? 0);
      expect(readBack('b.docx', await second).tasks).toHaveLength(seed.tasks.length);
    } finally {
      channel.close();
    }
  });

  it('fails the job of a worker that dies and starts another for the next', async () => {
    const channel = openHoldChannel();
    try {
      pool = new ReportWorkerPool({ size: 1, maxQueue: 4, workerUrl: HOLD_WORKER });
      const crash = { ...model, title: 'crash' };
      await expect(pool.render({ file: 'report-docx', model: crash })).rejects.toThrow(
        /exited \(code 3\)/u,
      );
      expect(pool.stats.workers).toBe(0);
      const next = pool.render({ file: 'report-xlsx', model });
      await channel.waitForStarts(2);
      channel.release(channel.started[1] ?? 0);
      expect(readBack('c.xlsx', await next).tasks).toHaveLength(seed.tasks.length);
      expect(pool.stats.workers).toBe(1);
    } finally {
      channel.close();
    }
  });

  it('warms one worker ahead of the first job, and the first job runs on it', async () => {
    const channel = openHoldChannel();
    try {
      pool = new ReportWorkerPool({ size: 2, maxQueue: 4, workerUrl: HOLD_WORKER });
      expect(pool.stats.workers).toBe(0);
      pool.warm();
      expect(pool.stats).toEqual({ workers: 1, busy: 0, queued: 0 });
      // Warming again starts no second worker.
      pool.warm();
      expect(pool.stats.workers).toBe(1);
      const first = pool.render({ file: 'report-xlsx', model });
      // Two slots, one worker: the job took the warm one rather than starting another.
      expect(pool.stats).toEqual({ workers: 1, busy: 1, queued: 0 });
      await channel.waitForStarts(1);
      channel.release(channel.started[0] ?? 0);
      expect(readBack('w.xlsx', await first).tasks).toHaveLength(seed.tasks.length);
      await pool.close();
      expect(pool.stats.workers).toBe(0);
      // A closed pool warms nothing.
      pool.warm();
      expect(pool.stats.workers).toBe(0);
    } finally {
      channel.close();
    }
  });

  it('close() fails the waiting jobs, lets the running one finish, then ends the workers', async () => {
    const channel = openHoldChannel();
    try {
      const closing = new ReportWorkerPool({ size: 1, maxQueue: 4, workerUrl: HOLD_WORKER });
      const running = closing.render({ file: 'report-xlsx', model });
      await channel.waitForStarts(1);
      const waiting = closing.render({ file: 'report-docx', model });
      const closed = closing.close();
      await expect(waiting).rejects.toMatchObject({ code: 'not-ready' });
      await expect(closing.render({ file: 'report-docx', model })).rejects.toMatchObject({
        code: 'not-ready',
      });
      channel.release(channel.started[0] ?? 0);
      expect(readBack('d.xlsx', await running).tasks).toHaveLength(seed.tasks.length);
      await closed;
      expect(closing.stats).toEqual({ workers: 0, busy: 0, queued: 0 });
    } finally {
      channel.close();
    }
  });

  it(
    'leaves the event loop free while a large file is written: cheap work finishes first',
    { timeout: 120_000 },
    async () => {
      pool = new ReportWorkerPool({ size: 1, maxQueue: 4 });
      // Warm the worker, so that what follows measures the writing only.
      await pool.render({ file: 'notice-docx', model });
      const large = buildReportModel(largeLedger(seed, 3000), {});
      const order: string[] = [];
      const render = pool.render({ file: 'report-xlsx', model: large }).then((bytes) => {
        order.push('large file');
        return bytes;
      });
      // 200 turns of the event loop, each with a little work: a few ms on a free loop, but
      // not one turn while this thread would be writing 3 000 rows.
      for (let turn = 0; turn < 200; turn += 1) {
        await nextTurn();
        JSON.stringify(seed.tasks[turn % seed.tasks.length]);
      }
      order.push('cheap work');
      expect(readBack('l.xlsx', await render).tasks).toHaveLength(3000);
      expect(order).toEqual(['cheap work', 'large file']);
    },
  );
});
