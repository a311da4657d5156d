/**
 * For tests of the report workers: the hold worker (report-worker-hold.mjs, given to the pool
 * as `workerUrl`) and its channel — which of the pool's jobs started, and releasing them.
 */
import { BroadcastChannel } from 'node:worker_threads';

export const HOLD_WORKER = new URL('./report-worker-hold.mjs', import.meta.url);

function startedId(event: unknown): number | undefined {
  if (typeof event !== 'object' || event === null || !('data' in event)) return undefined;
  const { data } = event;
  if (typeof data !== 'object' || data === null || !('started' in data)) return undefined;
  return typeof data.started === 'number' ? data.started : undefined;
}

export interface HoldChannel {
  /** The pool's job ids, as the hold worker started them. */
  started: number[];
  /** Resolves once `count` jobs have started in all. */
  waitForStarts(count: number): Promise<void>;
  release(id: number): void;
  /** Releases every held job, and every later job of the workers that hear it. */
  releaseAll(): void;
  close(): void;
}

export function openHoldChannel(): HoldChannel {
  const channel = new BroadcastChannel('duban-report-worker-test');
  const started: number[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  channel.onmessage = (event: unknown) => {
    const id = startedId(event);
    if (id === undefined) return;
    started.push(id);
    for (const waiter of waiters.filter((w) => started.length >= w.count)) waiter.resolve();
  };
  return {
    started,
    waitForStarts: (count) =>
      new Promise<void>((resolve) => {
        if (started.length >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    release: (id) => {
      channel.postMessage({ release: id });
    },
    releaseAll: () => {
      channel.postMessage('release-all');
    },
    close: () => {
      channel.close();
    },
  };
}
