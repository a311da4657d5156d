/**
 * A report worker thread (services/report-pool.ts starts it through report-worker-entry.mjs):
 * takes one `ReportRenderJob` at a time and answers with the file's bytes, their ArrayBuffer
 * transferred (not copied), or with the error, described so that the main thread can throw
 * the same error the writer threw (an AppError keeps its code, message and details).
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import { renderReportFile, type ReportRenderJob } from './report-render.ts';

/** The main thread's message. */
export interface WorkerRequest {
  id: number;
  job: ReportRenderJob;
}

/** How a failure crosses the thread boundary (structured clone keeps no class nor code). */
export interface WorkerFailure {
  name: string;
  message: string;
  stack?: string;
  /** Set for an AppError. */
  code?: string;
  details?: unknown;
}

export type WorkerResponse =
  { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; error: WorkerFailure };

function describeFailure(error: unknown): WorkerFailure {
  if (error instanceof AppError) {
    return { name: error.name, message: error.message, code: error.code, details: error.details };
  }
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}

/**
 * The bytes in an ArrayBuffer of their own, so that transferring it moves exactly the file:
 * a small Buffer may be a slice of Node's shared allocation pool.
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
}

const port = parentPort;
if (port === null) throw new Error('report-worker.ts runs only as a worker thread');

port.on('message', (request: WorkerRequest) => {
  renderReportFile(request.job).then(
    (rendered) => {
      const bytes = ownBuffer(rendered);
      const response: WorkerResponse = { id: request.id, ok: true, bytes };
      port.postMessage(response, [bytes.buffer as ArrayBuffer]);
    },
    (error: unknown) => {
      const response: WorkerResponse = { id: request.id, ok: false, error: describeFailure(error) };
      port.postMessage(response);
    },
  );
});
