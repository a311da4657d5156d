/**
 * A real listening Duban server for the load benches (workload, soak): started as a child
 * process so the load generator does not share its event loop. Reads DUBAN_DB and the other
 * settings from the environment like `duban serve`; DUBAN_BENCH_CACHE=off switches the analysis
 * cache off (the "before" figure). Prints one JSON line `{"address": …}` once listening; stops
 * on SIGTERM after finishing requests in flight. Started with an IPC channel and `--expose-gc`,
 * it answers the message `memory` with its memory use after a full GC (the soak's bound) and
 * how full the analysis cache is.
 */
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/dialect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { analysisCacheUse, setAnalysisCacheEnabled } from '../src/services/analysis-cache.ts';

const config = loadConfig(process.env);
const database = await openDatabase(config.databaseUrl);
await migrateToLatest(database);
if (process.env.DUBAN_BENCH_CACHE === 'off') setAnalysisCacheEnabled(database.db, false);
const app = await buildApp({ database, config });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ address, pid: process.pid })}\n`);
const stop = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.on('message', (message) => {
  if (message !== 'memory') return;
  // `--expose-gc` puts gc on globalThis; without it the figures are before a GC.
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.({ memory: process.memoryUsage(), cache: analysisCacheUse(database.db) });
});
process.once('SIGINT', () => void stop());
