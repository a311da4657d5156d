// A report worker for tests (services/report-pool.ts's `workerUrl`): it announces each job on
// the BroadcastChannel `duban-report-worker-test` as `{ started: id, file }`, then holds it until
// the test posts `{ release: id }` or `'release-all'` on the same channel, then writes the file
// as the real worker does. A job whose model title is `crash` ends the worker instead.
import { register } from 'tsx/esm/api';
import { BroadcastChannel, parentPort } from 'node:worker_threads';

register();
const { renderReportFile } = await import('../services/report-render.ts');

const channel = new BroadcastChannel('duban-report-worker-test');
const held = new Map();
let releaseAll = false;

channel.onmessage = (event) => {
  if (event.data === 'release-all') {
    releaseAll = true;
    for (const run of held.values()) run();
    held.clear();
  } else if (event.data !== null && typeof event.data === 'object' && 'release' in event.data) {
    held.get(event.data.release)?.();
    held.delete(event.data.release);
  }
};

parentPort.on('message', (request) => {
  channel.postMessage({ started: request.id, file: request.job.file });
  if (request.job.model.title === 'crash') process.exit(3);
  const run = () => {
    renderReportFile(request.job).then(
      (bytes) => {
        const own = bytes.slice();
        parentPort.postMessage({ id: request.id, ok: true, bytes: own }, [own.buffer]);
      },
      (error) => {
        parentPort.postMessage({
          id: request.id,
          ok: false,
          error: {
            name: error.name,
            message: error.message,
            code: error.code,
            details: error.details,
          },
        });
      },
    );
  };
  if (releaseAll) run();
  else held.set(request.id, run);
});
// The channel must not keep a terminated worker's thread alive.
channel.unref();
