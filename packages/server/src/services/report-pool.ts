/**
 * A small pool of worker threads that write report files off the event loop: a seed .xlsx is
 * ~300 ms of CPU and a 10 000-task one ~4 s, during which, on the main thread, every other
 * user's request waited. The main thread still reads the database and builds the model; the
 * worker gets the plain model and gives back the bytes (the ArrayBuffer transferred).
 *
 * Workers start on first use, one job at a time each, or one ahead of it (`warm()`); a worker
 * that dies fails its job and is replaced by the next job. Jobs beyond the workers wait in a bounded queue: when it is full
 * the pool answers `report-busy` (503 with Retry-After) instead of letting requests hang.
 * `close()` fails the waiting jobs, lets the running ones finish and terminates the workers.
 */
import { Worker } from 'node:worker_threads';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors.ts';
import type { ReportRenderJob } from './report-render.ts';
import type { WorkerFailure, WorkerRequest, WorkerResponse } from './report-worker.ts';

const WORKER_ENTRY = new URL('./report-worker-entry.mjs', import.meta.url);

/** What a client is told to wait before asking again when the queue is full. */
export const REPORT_BUSY_RETRY_SECONDS = 5;

export interface ReportPoolOptions {
  /** Worker threads at most (≥ 1). */
  size: number;
  /** Jobs that may wait for a worker; one more is refused with `report-busy`. */
  maxQueue: number;
  /** The worker's entry module; tests swap in one they control. */
  workerUrl?: URL;
}

interface Job {
  id: number;
  job: ReportRenderJob;
  resolve: (bytes: Uint8Array) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  running?: Job;
}

function isErrorCode(code: string | undefined): code is ErrorCode {
  return code !== undefined && Object.hasOwn(ERROR_STATUS, code);
}

/** The error the writer threw, rebuilt on this side: AppErrors keep code, message and details. */
export function reviveWorkerError(failure: WorkerFailure): Error {
  if (isErrorCode(failure.code))
    return new AppError(failure.code, failure.message, failure.details);
  const error = new Error(failure.message);
  error.name = failure.name;
  if (failure.stack !== undefined) error.stack = failure.stack;
  return error;
}

export class ReportWorkerPool {
  private readonly slots: (Slot | undefined)[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closing = false;
  private readonly workerUrl: URL;

  constructor(private readonly options: ReportPoolOptions) {
    this.slots = Array.from({ length: Math.max(1, options.size) }, () => undefined);
    this.workerUrl = options.workerUrl ?? WORKER_ENTRY;
  }

  /** The job's bytes, written by a worker. Throws `report-busy` when the queue is full. */
  render(job: ReportRenderJob): Promise<Uint8Array> {
    if (this.closing) {
      return Promise.reject(new AppError('not-ready', '服务正在停止，无法生成报表，请稍后再试'));
    }
    const free = this.slots.findIndex((slot) => slot?.running === undefined);
    if (free === -1 && this.queue.length >= this.options.maxQueue) {
      return Promise.reject(
        new AppError(
          'report-busy',
          `正在生成的报表较多，服务器繁忙，请 ${REPORT_BUSY_RETRY_SECONDS} 秒后再试`,
          { retryAfterSeconds: REPORT_BUSY_RETRY_SECONDS },
        ),
      );
    }
    return new Promise<Uint8Array>((resolve, reject) => {
      const pending: Job = { id: this.nextId++, job, resolve, reject };
      if (free === -1) this.queue.push(pending);
      else this.start(free, pending);
    });
  }

  /**
   * Starts one worker ahead of the first job when none has started: a fresh worker loads tsx
   * and the writers (2–4 s), which the first file would otherwise wait for. The thread loads on
   * its own; idle, it keeps no process alive, and `close()` ends it. A no-op once closing.
   */
  warm(): void {
    if (this.closing || this.slots.some((slot) => slot !== undefined)) return;
    this.spawn(0).worker.unref();
  }

  /** Workers started, busy, and jobs waiting. */
  get stats(): { workers: number; busy: number; queued: number } {
    const started = this.slots.filter((slot) => slot !== undefined);
    return {
      workers: started.length,
      busy: started.filter((slot) => slot.running !== undefined).length,
      queued: this.queue.length,
    };
  }

  /** Fails the waiting jobs, waits for the running ones, then terminates every worker. */
  async close(): Promise<void> {
    this.closing = true;
    for (const job of this.queue.splice(0)) {
      job.reject(new AppError('not-ready', '服务正在停止，无法生成报表，请稍后再试'));
    }
    const running = this.slots.flatMap((slot) =>
      slot?.running === undefined
        ? []
        : [
            new Promise<void>((resolve) => {
              slot.worker.once('exit', () => {
                resolve();
              });
              slot.worker.once('message', () => {
                resolve();
              });
            }),
          ],
    );
    await Promise.all(running);
    await Promise.all(
      this.slots.map(async (slot, index) => {
        this.slots[index] = undefined;
        if (slot !== undefined) await slot.worker.terminate();
      }),
    );
  }

  private start(index: number, job: Job): void {
    const slot = this.slots[index] ?? this.spawn(index);
    slot.running = job;
    // Keep the process alive while a file is being written, not while a worker idles.
    slot.worker.ref();
    const request: WorkerRequest = { id: job.id, job: job.job };
    try {
      slot.worker.postMessage(request);
    } catch (error) {
      // Not cloneable (a model is plain data; this would be a bug): fail this job only.
      slot.running = undefined;
      slot.worker.unref();
      job.reject(error);
      this.next(index);
    }
  }

  private spawn(index: number): Slot {
    // execArgv: [] — the entry registers tsx itself; an inherited `--import tsx` would
    // register it twice, and flags like --cpu-prof are for the main thread.
    const worker = new Worker(this.workerUrl, { execArgv: [] });
    const slot: Slot = { worker };
    this.slots[index] = slot;
    worker.on('message', (response: WorkerResponse) => {
      const job = slot.running;
      if (job === undefined || job.id !== response.id) return;
      slot.running = undefined;
      worker.unref();
      if (response.ok) job.resolve(response.bytes);
      else job.reject(reviveWorkerError(response.error));
      this.next(index);
    });
    // An uncaught error ends the worker; 'exit' follows and fails the job with it.
    let crash: Error | undefined;
    worker.on('error', (error) => {
      crash = error;
    });
    worker.on('exit', (code) => {
      if (this.slots[index] === slot) this.slots[index] = undefined;
      const job = slot.running;
      slot.running = undefined;
      if (job !== undefined) {
        job.reject(crash ?? new Error(`report worker exited (code ${code}) while writing a file`));
      }
      // A replacement starts with the next waiting job, if any.
      this.next(index);
    });
    return slot;
  }

  private next(index: number): void {
    if (this.closing || this.slots[index]?.running !== undefined) return;
    const job = this.queue.shift();
    if (job !== undefined) this.start(index, job);
  }
}
