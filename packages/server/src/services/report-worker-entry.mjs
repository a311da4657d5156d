// The report worker's entry: worker threads do not inherit the main thread's `register()` of
// tsx (nor always its `--import tsx`), so the worker registers tsx itself, the way
// packages/cli/bin/duban.js does, and then loads the TypeScript worker. This works the same
// under `duban serve`, `node --import tsx` (the bench server) and vitest.
import { register } from 'tsx/esm/api';

register();
await import('./report-worker.ts');
