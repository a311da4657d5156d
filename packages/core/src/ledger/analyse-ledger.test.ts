import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseLedger } from './analyse-ledger.ts';
import { parseLedgerGrid } from './parse-ledger-grid.ts';
import type { Grid } from '../grid/grid.ts';
import type { Ledger } from './types.ts';

const SEED = new URL('../../../../fixtures/seed/yijiang-2023q2.txt', import.meta.url);

/** The seed as a Grid, split here by its own line rule so the test does not lean on formats. */
function seedLedger(): Ledger {
  const lines = readFileSync(SEED, 'utf8').split('\n');
  const cells: string[] = [];
  for (const line of lines.slice(1)) {
    const pipes = /^\|+$/.exec(line.trim());
    if (pipes) cells.push(...Array.from({ length: pipes[0].length }, () => ''));
    else if (line.trim() !== '') cells.push(line.replace(/\s*\|\s*$/, '').trim());
  }
  const rows: Grid['rows'] = [];
  for (const cell of cells) {
    const startsRow = /^\d+$/.test(cell) || /^[(（][一二三四][)）]/.test(cell) || cell === '序号';
    if (startsRow || rows.length === 0) rows.push({ cells: [], ref: { row: rows.length + 1 } });
    rows.at(-1)?.cells.push({ text: cell });
  }
  const result = parseLedgerGrid({
    name: 'seed.txt',
    preamble: [lines[0] ?? ''],
    rows,
    mergesLost: true,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe('analyseLedger on the seed', () => {
  const analysed = analyseLedger(seedLedger());

  it('finds targets and measures tasks against 序时进度', () => {
    const withTargets = analysed.tasks.filter((t) => t.targets.length > 0);
    expect(withTargets.length).toBeGreaterThan(20);
    for (const task of analysed.tasks) expect(task.status.expected).toBe(0.5);
    const lights = new Set(analysed.tasks.map((t) => t.status.light));
    expect(lights.has('grey')).toBe(true);
    expect([...lights].some((l) => l !== 'grey')).toBe(true);
  });

  it('keeps the text, units and warnings as parsed', () => {
    const parsed = seedLedger();
    expect(analysed.tasks.map((t) => [t.no, t.text, t.lead, t.co, t.progress, t.warnings])).toEqual(
      parsed.tasks.map((t) => [t.no, t.text, t.lead, t.co, t.progress, t.warnings]),
    );
  });

  it('reports the seed’s duplicate and conflicting figures', () => {
    const kinds = analysed.findings.map((f) => `${f.kind}:${f.tasks.join(',')}`);
    expect(kinds).toContain('duplicate-progress:98,123');
    expect(kinds).toContain('conflicting-figure:35,38,100');
  });

  it('finds stale progress only when given the previous period', () => {
    expect(analysed.findings.some((f) => f.kind === 'stale-progress')).toBe(false);
    const previous = analysed.tasks.map((t) => ({
      no: t.no,
      progress: t.no === '7' ? t.progress : '上期内容',
    }));
    const stale = analyseLedger(analysed, { previous }).findings.filter(
      (f) => f.kind === 'stale-progress',
    );
    expect(stale.map((f) => f.tasks)).toEqual([['7']]);
  });

  it('is deterministic, so an export equals the dry run', () => {
    expect(analyseLedger(analysed)).toEqual(analysed);
  });
});
