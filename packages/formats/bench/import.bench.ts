/**
 * Import time (read + parse) and memory, for the seed and for a generated 10 000-task ledger in
 * every format Duban reads (.txt, .csv, .xlsx, .docx, .json). `npm run bench` runs it; alone:
 *
 *     node --expose-gc --import tsx packages/formats/bench/import.bench.ts
 *
 * Aims (issue 3): the seed in under 50 ms of parse time; 10 000 tasks from .xlsx in under 10 s
 * and under 500 MB. Each import runs in a Node process of its own (import-one.ts), so its
 * peak resident memory (`maxRSS`, Node and tsx included) is not mixed with generating the
 * files here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ledger } from '@duban/core';
import type { BenchResult } from '../../../scripts/bench.ts';
import {
  buildLedgerSpec,
  writeLedgerCsv,
  writeLedgerDocx,
  writeLedgerXlsx,
  type TableSpec,
} from '../src/shared/test-support/ledger-tables.ts';
import { loadSeedLedger } from '../src/shared/test-support/seed.ts';

const MB = 1024 * 1024;

/** The seed's own shape: the text of a PDF table, one cell per line, each ending in ` |`. */
function writeLedgerText(spec: TableSpec): Uint8Array {
  const cell = (text: string) => `${text.replace(/\s*\n\s*/gu, ' ')} |`;
  const lines = [spec.title, ...spec.header.map(cell)];
  for (const row of spec.rows) {
    if (row.kind === 'section') lines.push(cell(row.text));
    else lines.push(...row.cells.map(cell));
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

/** The seed's tasks repeated to `count`, with unique texts as a real ledger has. */
function growLedger(seed: Ledger, count: number): Ledger {
  const tasks = Array.from({ length: count }, (_, index) => {
    const task = seed.tasks[index % seed.tasks.length];
    if (task === undefined) throw new Error('the seed has no tasks');
    const no = String(index + 1);
    return {
      ...task,
      no,
      text: `${task.text}（第${no}项）`,
      progress: `${task.progress}（截至第${no}周）`,
    };
  });
  return { ...seed, tasks };
}

async function writeAll(ledger: Ledger): Promise<[string, Uint8Array][]> {
  const spec = buildLedgerSpec(ledger);
  return [
    ['.txt', writeLedgerText(spec)],
    ['.csv', writeLedgerCsv(spec, 'gbk')],
    ['.xlsx', await writeLedgerXlsx(spec, { mergeColumns: [2, 3] })],
    ['.docx', await writeLedgerDocx(spec, { mergeColumns: [2, 3] })],
    ['.json', new TextEncoder().encode(JSON.stringify(ledger))],
  ];
}

interface Measure {
  readMs: number;
  parseMs: number;
  tasks: number;
  maxRssMb: number;
}

const ONE = fileURLToPath(new URL('./import-one.ts', import.meta.url));

/** Imports the file in a fresh Node process (see import-one.ts) and returns its figures. */
function measure(path: string, warm: boolean): Measure {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', ONE, path, ...(warm ? ['--warm'] : [])],
    { encoding: 'utf8', maxBuffer: MB },
  );
  return JSON.parse(output) as Measure; // import-one.ts prints exactly this shape
}

export async function run(): Promise<BenchResult[]> {
  const seed = loadSeedLedger();
  const results: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  for (const [label, ledger, big] of [
    ['seed', seed, false],
    ['10 000 tasks', growLedger(seed, 10_000), true],
  ] as const) {
    for (const [extension, bytes] of await writeAll(ledger)) {
      const path = join(dir, `${big ? 'big' : 'seed'}${extension}`);
      writeFileSync(path, bytes);
      // The seed is imported twice and the second timed: the figure is the parse, not the
      // first compile of the code (a server has it compiled).
      const m = measure(path, !big);
      const note = `${m.tasks} tasks, file ${(bytes.length / MB).toFixed(1)} MB, read ${m.readMs.toFixed(0)} ms + parse ${m.parseMs.toFixed(0)} ms`;
      results.push({
        name: `import ${label} (${extension}): read + parse`,
        value: m.readMs + m.parseMs,
        unit: 'ms',
        aim: big ? (extension === '.xlsx' ? '< 10 000 ms' : undefined) : undefined,
        note,
      });
      if (!big) {
        results.push({
          name: `import ${label} (${extension}): parse`,
          value: m.parseMs,
          unit: 'ms',
          aim: '< 50 ms',
        });
      }
      results.push({
        name: `import ${label} (${extension}): peak memory`,
        value: Math.round(m.maxRssMb),
        unit: 'MB',
        aim: big && extension === '.xlsx' ? '< 500 MB' : undefined,
        note: 'peak RSS of a Node process that only reads and parses the file',
      });
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return results;
}

// Run directly (not imported by scripts/bench.ts): print the table's rows.
if (process.argv[1]?.endsWith('import.bench.ts') === true) {
  for (const result of await run()) {
    console.log(
      `${result.name}: ${result.value.toFixed(1)} ${result.unit}${result.aim === undefined ? '' : ` (aim ${result.aim})`}${result.note === undefined ? '' : ` — ${result.note}`}`,
    );
  }
}
