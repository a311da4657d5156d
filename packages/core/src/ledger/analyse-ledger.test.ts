import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseLedger } from './analyse-ledger.ts';
import { parseSeedText, SEED_URL } from './test-seed.ts';
import type { Ledger } from './types.ts';

function seedLedger(): Ledger {
  return parseSeedText(readFileSync(SEED_URL, 'utf8'));
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
