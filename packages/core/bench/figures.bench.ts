/**
 * Figure extraction on the hand-labelled seed (fixtures/labels/yijiang-2023q2.figures.json):
 * precision and recall for targets and for actuals, and the time to extract every task's
 * figures from the seed. `npm run bench` runs it; alone:
 *
 *     node --import tsx packages/core/bench/figures.bench.ts
 *
 * Aims (issue 5): targets ≥ 95 % precision and ≥ 90 % recall; actuals ≥ 90 % and ≥ 80 %. The
 * accuracy test (src/figures/accuracy.test.ts) asserts the floors; this prints the figures.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from '../../../scripts/bench.ts';
import { extractActuals, extractTargets } from '../src/index.ts';

const root = new URL('../../../', import.meta.url);

interface Figure {
  value: number;
  unit: string;
}

interface SeedTask {
  no: string;
  text: string;
  progress: string;
}

/** The seed split as the accuracy test splits it: "N |" starts a task, section rows end one. */
function readSeed(): SeedTask[] {
  const raw = readFileSync(new URL('fixtures/seed/yijiang-2023q2.txt', root), 'utf8');
  const tasks: { no: string; cells: string[] }[] = [];
  let current: { no: string; cells: string[] } | undefined;
  for (const line of raw.split('\n')) {
    const start = /^(\d+) \|$/.exec(line);
    if (start !== null) {
      current = { no: start[1] ?? '', cells: [] };
      tasks.push(current);
      continue;
    }
    if (/^\([一二三四五六七八九十]+\)/.test(line)) {
      current = undefined;
      continue;
    }
    const cell = line
      .replace(/\|+\s*$/, '')
      .replace(/^\|+/, '')
      .trim();
    if (current !== undefined && cell !== '') current.cells.push(cell);
  }
  return tasks.map((t) => ({ no: t.no, text: t.cells[0] ?? '', progress: t.cells.at(-1) ?? '' }));
}

function readLabels(): { no: string; targets: Figure[]; actuals: Figure[] }[] {
  const json: unknown = JSON.parse(
    readFileSync(new URL('fixtures/labels/yijiang-2023q2.figures.json', root), 'utf8'),
  );
  // The fixture is ours; the accuracy test checks its shape against the seed.
  return (json as { tasks: { no: string; targets: Figure[]; actuals: Figure[] }[] }).tasks;
}

function countPairs(found: readonly Figure[], labelled: readonly Figure[]): number {
  const used = new Set<number>();
  for (const f of found) {
    const j = labelled.findIndex(
      (l, k) =>
        !used.has(k) &&
        l.unit === f.unit &&
        Math.abs(l.value - f.value) <= 1e-9 * Math.max(1, Math.abs(l.value)),
    );
    if (j !== -1) used.add(j);
  }
  return used.size;
}

export function run(): Promise<BenchResult[]> {
  const seed = readSeed();
  const labels = readLabels();
  const score = { targets: [0, 0, 0], actuals: [0, 0, 0] };
  for (const task of seed) {
    const label = labels.find((l) => l.no === task.no);
    if (label === undefined) continue;
    const targets = extractTargets(task.text);
    const actuals = extractActuals(task.progress, targets);
    score.targets = [
      (score.targets[0] ?? 0) + targets.length,
      (score.targets[1] ?? 0) + label.targets.length,
      (score.targets[2] ?? 0) + countPairs(targets, label.targets),
    ];
    score.actuals = [
      (score.actuals[0] ?? 0) + actuals.length,
      (score.actuals[1] ?? 0) + label.actuals.length,
      (score.actuals[2] ?? 0) + countPairs(actuals, label.actuals),
    ];
  }
  const rate = (part: number | undefined, whole: number | undefined): number =>
    whole === undefined || whole === 0 ? 100 : ((part ?? 0) / whole) * 100;

  const extractAll = (): void => {
    for (const task of seed) extractActuals(task.progress, extractTargets(task.text));
  };
  extractAll(); // warm up the regular expressions and the JIT
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    extractAll();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  const [tFound, tLabelled, tRight] = score.targets;
  const [aFound, aLabelled, aRight] = score.actuals;
  return Promise.resolve([
    { name: 'targets: precision', value: rate(tRight, tFound), unit: '%', aim: '≥ 95 %' },
    { name: 'targets: recall', value: rate(tRight, tLabelled), unit: '%', aim: '≥ 90 %' },
    { name: 'actuals: precision', value: rate(aRight, aFound), unit: '%', aim: '≥ 90 %' },
    { name: 'actuals: recall', value: rate(aRight, aLabelled), unit: '%', aim: '≥ 80 %' },
    {
      name: `extract figures of the seed (${seed.length} tasks)`,
      value: median,
      unit: 'ms',
      note: 'median of 20 runs',
    },
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await run()) console.log(`${row.name}: ${row.value.toFixed(1)} ${row.unit}`);
}
