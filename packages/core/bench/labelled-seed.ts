/**
 * The hand-labelled seed (fixtures/labels/yijiang-2023q2.figures.json, rules in
 * fixtures/labels/README.md) and how found figures are scored against it: one place for the
 * accuracy test (src/figures/accuracy.test.ts), which asserts the floors, and the bench
 * (figures.bench.ts), which prints the figures. Reads files, so it lives outside src/.
 */
import { readFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url);

export interface Figure {
  value: number;
  unit: string;
}

export interface SeedTask {
  no: string;
  text: string;
  progress: string;
}

/**
 * Splits the seed simply: each task row starts with a line "N |"; its first cell is the task
 * text and its last the progress. Section rows ("(二)…") end a task.
 */
export function readSeedTasks(): SeedTask[] {
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

/** The labelled tasks; `T` is the shape the caller reads (the accuracy test checks it). */
export function readFigureLabels<T extends { no: string }>(): T[] {
  const json: unknown = JSON.parse(
    readFileSync(new URL('fixtures/labels/yijiang-2023q2.figures.json', root), 'utf8'),
  );
  // The fixture is ours and checked by the accuracy test's first test; `T` is its shape.
  return (json as { tasks: T[] }).tasks;
}

export function sameFigure(a: Figure, b: Figure): boolean {
  return a.unit === b.unit && Math.abs(a.value - b.value) <= 1e-9 * Math.max(1, Math.abs(b.value));
}

/** One-to-one pairs [found index, labelled index] of figures with equal value and unit. */
export function pairFigures(
  found: readonly Figure[],
  labelled: readonly Figure[],
): [number, number][] {
  const used = new Set<number>();
  const pairs: [number, number][] = [];
  found.forEach((f, i) => {
    const j = labelled.findIndex((l, k) => !used.has(k) && sameFigure(f, l));
    if (j !== -1) {
      used.add(j);
      pairs.push([i, j]);
    }
  });
  return pairs;
}
