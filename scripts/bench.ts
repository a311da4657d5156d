/**
 * `npm run bench`: runs every benchmark file (`packages/<pkg>/bench/*.bench.ts`) in turn and
 * prints one table. Each file exports `run(): Promise<BenchResult[]>`. With `--write`, the rows
 * also go to docs/BENCHMARKS.md, replacing those of the files that ran and keeping the others,
 * with the machine (CPU, cores, RAM, Node, SQLite and PostgreSQL versions) and date of each run.
 *
 * Benchmarks measure; they do not pass or fail. Tests assert behaviour, never timing.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
  /** What was measured, e.g. `parse seed (.txt)`. */
  name: string;
  value: number;
  /** `ms`, `MB`, `req/s`, `%` … */
  unit: string;
  /** The aim from the issue, e.g. `< 50 ms`. */
  aim?: string;
  note?: string;
}

interface BenchModule {
  run(): Promise<BenchResult[]>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function findBenchFiles(filter: string | undefined): string[] {
  const files: string[] = [];
  for (const pkg of readdirSync(join(ROOT, 'packages'))) {
    const dir = join(ROOT, 'packages', pkg, 'bench');
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      if (name.endsWith('.bench.ts') && (filter === undefined || name.includes(filter))) {
        files.push(join(dir, name));
      }
    }
  }
  return files;
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const write = args.includes('--write');
  const filter = args.find((a) => !a.startsWith('--'));
  const rows: (BenchResult & { file: string })[] = [];
  for (const file of findBenchFiles(filter)) {
    const label = file.slice(ROOT.length);
    process.stderr.write(`bench: ${label}\n`);
    const mod = (await import(pathToFileURL(file).href)) as BenchModule; // the file's documented shape
    for (const result of await mod.run()) rows.push({ ...result, file: label });
  }
  const lines = [
    '| benchmark | value | aim | note |',
    '| --- | ---: | --- | --- |',
    ...rows.map(
      (r) => `| ${r.name} | ${formatValue(r.value)} ${r.unit} | ${r.aim ?? ''} | ${r.note ?? ''} |`,
    ),
  ];
  const table = lines.join('\n');
  process.stdout.write(`${table}\n`);
  // `npm run bench --write` (without `--`) reaches the script as npm_config_write.
  if (write || process.env.npm_config_write === 'true') {
    const ran = [...new Set(rows.map((r) => r.file))];
    writeBenchmarks(rows, ran, await describeMachine());
  }
}

/** CPU, cores, RAM, Node and the database versions, for the record. */
async function describeMachine(): Promise<string> {
  const parts = [
    `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
    `${Math.round(totalmem() / 2 ** 30)} GiB`,
    `Node ${process.version}`,
  ];
  try {
    const { default: SQLite } = await import('better-sqlite3');
    const db = new SQLite(':memory:');
    const row = db.prepare('select sqlite_version() as v').get() as { v: string }; // one text column
    db.close();
    parts.push(`SQLite ${row.v}`);
  } catch {
    parts.push('SQLite unknown');
  }
  try {
    const { default: pg } = await import('pg');
    const client = new pg.Client({
      connectionString: process.env.DUBAN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    });
    await client.connect();
    const result = await client.query<{ server_version: string }>('show server_version');
    await client.end();
    parts.push(`PostgreSQL ${result.rows[0]?.server_version ?? 'unknown'}`);
  } catch {
    parts.push('PostgreSQL unavailable');
  }
  return parts.join(', ');
}

const BENCHMARKS = join(ROOT, 'docs/BENCHMARKS.md');
const RUNS_HEADING = '## Runs';

/** The cells of a Markdown table row (`| a | b |` → [a, b]). */
function cellsOf(line: string): string[] {
  return line
    .slice(1, -1)
    .split(' | ')
    .map((cell) => cell.trim());
}

/**
 * Writes docs/BENCHMARKS.md: this run's rows replace those of the bench files that ran; the
 * rows of other files (a filtered run, or another person's bench) are kept with their date and
 * machine.
 */
function writeBenchmarks(
  rows: (BenchResult & { file: string })[],
  ran: readonly string[],
  machine: string,
): void {
  let kept: string[][] = [];
  let keptRuns: string[][] = [];
  try {
    const old = readFileSync(BENCHMARKS, 'utf8').split('\n');
    const runsAt = old.indexOf(RUNS_HEADING);
    const body = runsAt === -1 ? old : old.slice(0, runsAt);
    const runs = runsAt === -1 ? [] : old.slice(runsAt);
    const rowsOf = (part: string[], columns: number) =>
      part
        .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
        .map(cellsOf)
        .filter((cells) => cells.length === columns);
    kept = rowsOf(body, 5).filter(
      (cells) => cells[0] !== 'benchmark' && !ran.includes(cells[4] ?? ''),
    );
    keptRuns = rowsOf(runs, 3).filter(
      (cells) => cells[0] !== 'bench file' && !ran.includes(cells[0] ?? ''),
    );
  } catch {
    // No file yet.
  }
  const date = new Date().toISOString().slice(0, 10);
  const fresh = rows.map((r) => [
    r.name,
    `${formatValue(r.value)} ${r.unit}`.trim(),
    r.aim ?? '',
    r.note ?? '',
    r.file,
  ]);
  const all = [...kept, ...fresh].sort((a, b) => (a[4] ?? '').localeCompare(b[4] ?? ''));
  const runs = [...keptRuns, ...ran.map((file) => [file, date, machine])].sort((a, b) =>
    (a[0] ?? '').localeCompare(b[0] ?? ''),
  );
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  writeFileSync(
    BENCHMARKS,
    [
      '# Benchmarks',
      '',
      'The latest `npm run bench -- --write` of each bench file (`npm run bench -- <filter> --write`',
      'replaces only the rows of the files it ran); when and on what machine each ran is under Runs.',
      'Benchmarks measure; they do not pass or fail.',
      '',
      line(['benchmark', 'value', 'aim', 'note', 'file']),
      '| --- | ---: | --- | --- | --- |',
      ...all.map(line),
      '',
      RUNS_HEADING,
      '',
      line(['bench file', 'date', 'machine']),
      '| --- | --- | --- |',
      ...runs.map(line),
      '',
    ].join('\n'),
  );
}

await main();
