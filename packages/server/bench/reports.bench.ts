/**
 * Reports out (issue 6). `npm run bench reports` runs it; alone:
 *
 *     node --import tsx packages/server/bench/reports.bench.ts
 *
 * Export time (report model + writer) for the seed and a generated 10 000-task ledger in each
 * format: .docx, .xlsx, JSON, the .docx with summary, figures, lights and its three charts
 * (ECharts + resvg), and PDF through LibreOffice where installed — the 10 000-task PDF only with
 * `DUBAN_BENCH_PDF=1` (LibreOffice takes minutes over it). Aim: the seed's .docx under 1 s.
 * Search latency is search.bench.ts.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  analyseLedger,
  buildReportModel,
  type Ledger,
  type LedgerTask,
  type PeriodRef,
} from '@duban/core';
import { createChartRenderer, writeReportDocx, writeReportXlsx } from '@duban/formats';
import type { BenchResult } from '../../../scripts/bench.ts';
import { convertDocxToPdf, findSoffice } from '../src/services/pdf.service.ts';
import { readSeedLedger } from '../src/test/seed.ts';

const TASKS = 10_000;

/** The seed's tasks repeated (numbered on) to `count` tasks, across its four sections. */
function generateLedger(seed: Ledger, count: number, period: PeriodRef): Ledger {
  const { label, year } = period;
  const tasks: LedgerTask[] = [];
  for (let i = 0; i < count; i += 1) {
    const from = seed.tasks[i % seed.tasks.length];
    if (from === undefined) break;
    tasks.push({
      ...from,
      no: String(i + 1),
      text: `${from.text}（${i + 1}）`,
      progress: `${label}：${from.progress}`,
      warnings: [],
    });
  }
  // Sections in order: the report and the parser expect a section's tasks together.
  const order = new Map(seed.sections.map((s, i) => [s.ordinal, i]));
  tasks.sort((a, b) => (order.get(a.section) ?? 0) - (order.get(b.section) ?? 0));
  tasks.forEach((task, i) => {
    task.no = String(i + 1);
  });
  return analyseLedger({
    ...seed,
    title: seed.title.replace('2023', String(year)),
    period,
    tasks,
    warnings: [],
  });
}

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await work();
  return [performance.now() - start, value];
}

/** The median of `runs` timings, after one warm-up run. */
async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) times.push((await time(work))[0]);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

async function benchExports(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const seed = readSeedLedger();
  const big = generateLedger(seed, TASKS, { year: 2023, quarter: 2, label: '2023Q2' });
  const renderChart = createChartRenderer();
  const soffice = findSoffice();
  const bigPdf = process.env.DUBAN_BENCH_PDF === '1';
  for (const [name, ledger, runs] of [
    ['seed', seed, 5],
    [`${TASKS} tasks`, big, 1],
  ] as const) {
    const docx = await median(runs, () => writeReportDocx(buildReportModel(ledger)));
    results.push({
      name: `export ${name} .docx`,
      value: docx,
      unit: 'ms',
      ...(name === 'seed' ? { aim: '< 1000 ms' } : {}),
    });
    const xlsx = await median(runs, () => writeReportXlsx(buildReportModel(ledger)));
    results.push({ name: `export ${name} .xlsx`, value: xlsx, unit: 'ms' });
    const json = await median(runs, () =>
      Promise.resolve(new TextEncoder().encode(JSON.stringify(ledger, null, 2))),
    );
    results.push({ name: `export ${name} .json`, value: json, unit: 'ms' });
    const full = { summary: true, figures: true, lights: true } as const;
    const summary = await median(runs, () =>
      writeReportDocx(buildReportModel(ledger, full), { renderChart }),
    );
    results.push({
      name: `export ${name} .docx with summary, 3 charts, figures, lights`,
      value: summary,
      unit: 'ms',
    });
    if (soffice === undefined) {
      results.push({
        name: `export ${name} .pdf`,
        value: 0,
        unit: 'ms',
        note: 'skipped: soffice not installed',
      });
    } else if (name !== 'seed' && !bigPdf) {
      results.push({
        name: `export ${name} .pdf`,
        value: 0,
        unit: 'ms',
        note: 'skipped (LibreOffice takes minutes): set DUBAN_BENCH_PDF=1 to measure',
      });
    } else {
      const bytes = await writeReportDocx(buildReportModel(ledger));
      const [pdf] = await time(() => convertDocxToPdf(bytes, { timeoutMs: 30 * 60_000 }));
      results.push({ name: `export ${name} .pdf (LibreOffice, cold)`, value: pdf, unit: 'ms' });
    }
  }
  return results;
}

export async function run(): Promise<BenchResult[]> {
  return benchExports();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) {
    process.stdout.write(
      `${result.name}: ${result.value.toFixed(1)} ${result.unit} ${result.note ?? ''}\n`,
    );
  }
}
