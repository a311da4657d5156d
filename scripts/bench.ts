/**
 * `npm run bench`: runs every benchmark file (`packages/<pkg>/bench/*.bench.ts`) in turn and
 * prints one table. Each file exports `run(): Promise<BenchResult[]>`. With `--write`, the table
 * also goes to docs/BENCHMARKS.md with the machine it came from.
 *
 * Benchmarks measure; they do not pass or fail. Tests assert behaviour, never timing.
 */
import { readdirSync, writeFileSync } from 'node:fs';
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
  if (write) {
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    writeFileSync(
      join(ROOT, 'docs/BENCHMARKS.md'),
      `# Benchmarks\n\nThe latest \`npm run bench -- --write\`, on ${new Date().toISOString().slice(0, 10)}: ${machine}.\n\n${table}\n`,
    );
  }
}

await main();
