/**
 * Measures reading a 10 000-task .xlsx (the seed's tasks repeated, unit cells merged as in the
 * seed): time and memory of the reader and of the parser. Run from the repository root:
 *
 *     node --expose-gc --import tsx packages/formats/src/xlsx/bench-read-xlsx.ts [tasks]
 *
 * It prints figures and asserts nothing; the aim is under 10 s and 500 MB for 10 000 tasks.
 */
import { parseLedgerGrid } from '@duban/core';
import type { Ledger } from '@duban/core';
import { buildLedgerSpec, writeLedgerXlsx } from '../shared/test-support/ledger-tables.ts';
import { getValue, loadSeedLedger } from '../shared/test-support/seed.ts';
import { readXlsxGrid } from './read-xlsx.ts';

const count = Number(process.argv[2] ?? '10000');
const seed = loadSeedLedger();
const tasks = Array.from({ length: count }, (_, index) => {
  const task = seed.tasks[index % seed.tasks.length];
  if (task === undefined) throw new Error('the seed has no tasks');
  // Unique texts, as a real ledger has: shared strings cannot fold them into 126.
  const no = String(index + 1);
  return {
    ...task,
    no,
    text: `${task.text}（第${no}项）`,
    progress: `${task.progress}（截至第${no}周）`,
  };
});
const ledger: Ledger = { ...seed, tasks };
const bytes = await writeLedgerXlsx(buildLedgerSpec(ledger), { mergeColumns: [2, 3] });

const gc = (globalThis as { gc?: () => void }).gc; // present with --expose-gc only
gc?.();
const before = process.memoryUsage();
let peakRss = before.rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 5);
const started = performance.now();
const grid = getValue(readXlsxGrid('bench.xlsx', bytes));
const read = performance.now();
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const parsed = getValue(parseLedgerGrid(grid));
const done = performance.now();
peakRss = Math.max(peakRss, process.memoryUsage().rss);
clearInterval(sampler);

const mb = (value: number) => `${(value / 1024 / 1024).toFixed(0)} MB`;
console.log(
  `file: ${mb(bytes.length)} (${bytes.length} bytes), ${parsed.tasks.length} tasks, ${grid.rows.length} grid rows`,
);
console.log(
  `readXlsxGrid: ${((read - started) / 1000).toFixed(2)} s; parseLedgerGrid: ${((done - read) / 1000).toFixed(2)} s`,
);
const skipped = parsed.warnings.filter((warning) => warning.code !== 'section-repeated');
if (skipped.length > 0) console.log('ledger warnings:', skipped.slice(0, 3));
console.log(
  `rss before: ${mb(before.rss)}, peak rss (sampled): ${mb(peakRss)}, heap used after: ${mb(process.memoryUsage().heapUsed)}`,
);
