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
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from '../../../scripts/bench.ts';
import { extractActuals, extractTargets } from '../src/index.ts';
import { pairFigures, readFigureLabels, readSeedTasks, type Figure } from './labelled-seed.ts';

export function run(): Promise<BenchResult[]> {
  const seed = readSeedTasks();
  const labels = readFigureLabels<{ no: string; targets: Figure[]; actuals: Figure[] }>();
  const score = { targets: [0, 0, 0], actuals: [0, 0, 0] };
  for (const task of seed) {
    const label = labels.find((l) => l.no === task.no);
    if (label === undefined) continue;
    const targets = extractTargets(task.text);
    const actuals = extractActuals(task.progress, targets);
    score.targets = [
      (score.targets[0] ?? 0) + targets.length,
      (score.targets[1] ?? 0) + label.targets.length,
      (score.targets[2] ?? 0) + pairFigures(targets, label.targets).length,
    ];
    score.actuals = [
      (score.actuals[0] ?? 0) + actuals.length,
      (score.actuals[1] ?? 0) + label.actuals.length,
      (score.actuals[2] ?? 0) + pairFigures(actuals, label.actuals).length,
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
