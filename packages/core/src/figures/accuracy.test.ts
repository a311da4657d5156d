/**
 * Measures target and actual extraction against the hand-labelled seed
 * (fixtures/labels/yijiang-2023q2.figures.json, rules in fixtures/labels/README.md). The floors
 * asserted below are what the extractor reaches today, so that a regression fails.
 */
import { describe, expect, it } from 'vitest';
import {
  pairFigures,
  readFigureLabels,
  readSeedTasks,
  sameFigure,
} from '../../bench/labelled-seed.ts';
import type { Actual, Bound, Target } from '../ledger/types.ts';
import { extractActuals } from './actuals.ts';
import { matchActuals } from './match.ts';
import { extractTargets } from './targets.ts';

interface LabelledTarget extends Target {
  /** Index in the task's labelled actuals of the actual that measures this target. */
  measuredBy?: number;
}

interface LabelledTask {
  no: string;
  targets: LabelledTarget[];
  actuals: Actual[];
}

interface Score {
  found: number;
  labelled: number;
  correct: number;
}

const precision = (s: Score): number => (s.found === 0 ? 1 : s.correct / s.found);
const recall = (s: Score): number => (s.labelled === 0 ? 1 : s.correct / s.labelled);
const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

const seed = readSeedTasks();
const labels = readFigureLabels<LabelledTask>();

describe('figure extraction on the labelled seed', () => {
  it('has a label entry for every task of the seed, with sources taken from the text', () => {
    expect(seed).toHaveLength(126);
    expect(labels.map((l) => l.no)).toEqual(seed.map((t) => t.no));
    for (const label of labels) {
      const task = seed.find((t) => t.no === label.no);
      for (const t of label.targets) expect(task?.text).toContain(t.source);
      for (const a of label.actuals) expect(task?.progress).toContain(a.source);
    }
  });

  const targets: Score = { found: 0, labelled: 0, correct: 0 };
  const actuals: Score = { found: 0, labelled: 0, correct: 0 };
  const bounds = { compared: 0, equal: 0 };
  const links: Score = { found: 0, labelled: 0, correct: 0 };
  const misses: string[] = [];
  for (const task of seed) {
    const label = labels.find((l) => l.no === task.no);
    if (label === undefined) continue;
    const foundTargets = extractTargets(task.text);
    const foundActuals = extractActuals(task.progress, foundTargets);
    const targetPairs = pairFigures(foundTargets, label.targets);
    const actualPairs = pairFigures(foundActuals, label.actuals);
    targets.found += foundTargets.length;
    targets.labelled += label.targets.length;
    targets.correct += targetPairs.length;
    actuals.found += foundActuals.length;
    actuals.labelled += label.actuals.length;
    actuals.correct += actualPairs.length;
    for (const [i, j] of targetPairs) {
      bounds.compared += 1;
      const want: Bound | undefined = label.targets[j]?.bound;
      if (foundTargets[i]?.bound === want) bounds.equal += 1;
      else
        misses.push(
          `${task.no} bound ${foundTargets[i]?.source}: ${foundTargets[i]?.bound} ≠ ${want}`,
        );
    }
    // Links: for every found target that is a labelled one, which actual measures it.
    const matched = matchActuals(foundTargets, foundActuals);
    for (const [i, j] of targetPairs) {
      const want = label.targets[j]?.measuredBy;
      const got = matched[i];
      if (want !== undefined) links.labelled += 1;
      if (got !== undefined) links.found += 1;
      const wantActual = want === undefined ? undefined : label.actuals[want];
      const gotActual = got === undefined ? undefined : foundActuals[got];
      if (
        wantActual !== undefined &&
        gotActual !== undefined &&
        sameFigure(gotActual, wantActual)
      ) {
        links.correct += 1;
      } else if (want !== undefined || got !== undefined) {
        misses.push(
          `${task.no} link ${label.targets[j]?.source}: ${gotActual?.source} ≠ ${wantActual?.source}`,
        );
      }
    }
    const unpaired = (n: number, pairs: [number, number][], side: 0 | 1): number[] =>
      [...Array(n).keys()].filter((k) => !pairs.some((p) => p[side] === k));
    for (const i of unpaired(foundTargets.length, targetPairs, 0))
      misses.push(`${task.no} extra target ${foundTargets[i]?.source}`);
    for (const j of unpaired(label.targets.length, targetPairs, 1))
      misses.push(`${task.no} missed target ${label.targets[j]?.source}`);
    for (const i of unpaired(foundActuals.length, actualPairs, 0))
      misses.push(`${task.no} extra actual ${foundActuals[i]?.source}`);
    for (const j of unpaired(label.actuals.length, actualPairs, 1))
      misses.push(`${task.no} missed actual ${label.actuals[j]?.source}`);
  }

  it('reports precision and recall', () => {
    console.log(
      [
        `targets: precision ${percent(precision(targets))}, recall ${percent(recall(targets))} (${targets.correct} right of ${targets.found} found, ${targets.labelled} labelled)`,
        `actuals: precision ${percent(precision(actuals))}, recall ${percent(recall(actuals))} (${actuals.correct} right of ${actuals.found} found, ${actuals.labelled} labelled)`,
        `bounds: ${bounds.equal} of ${bounds.compared} right`,
        `target ↔ actual links: precision ${percent(precision(links))}, recall ${percent(recall(links))} (${links.correct} right of ${links.found} made, ${links.labelled} labelled)`,
        ...misses.map((m) => `  ${m}`),
      ].join('\n'),
    );
    expect(targets.labelled).toBeGreaterThan(0);
  });

  // The issue aims at targets ≥ 95 % precision and ≥ 90 % recall, actuals ≥ 90 % and ≥ 80 %.
  // These floors are what the extractor reaches on the seed today; they are measured on the
  // same seed the extractor was written against, so they overstate its accuracy on new ledgers.
  const floors = {
    targets: { precision: 1, recall: 1 },
    actuals: { precision: 0.99, recall: 1 },
    bounds: 1,
    links: { precision: 0.9, recall: 0.94 },
  };

  it(`finds targets with precision ≥ ${floors.targets.precision} and recall ≥ ${floors.targets.recall}, bounds right`, () => {
    expect(precision(targets)).toBeGreaterThanOrEqual(floors.targets.precision);
    expect(recall(targets)).toBeGreaterThanOrEqual(floors.targets.recall);
    expect(bounds.equal / bounds.compared).toBeGreaterThanOrEqual(floors.bounds);
  });

  it(`finds actuals with precision ≥ ${floors.actuals.precision} and recall ≥ ${floors.actuals.recall}`, () => {
    expect(precision(actuals)).toBeGreaterThanOrEqual(floors.actuals.precision);
    expect(recall(actuals)).toBeGreaterThanOrEqual(floors.actuals.recall);
  });

  it(`links targets to the actuals that measure them, precision ≥ ${floors.links.precision}, recall ≥ ${floors.links.recall}`, () => {
    expect(precision(links)).toBeGreaterThanOrEqual(floors.links.precision);
    expect(recall(links)).toBeGreaterThanOrEqual(floors.links.recall);
  });
});
