import { describe, expect, it } from 'vitest';
import {
  computeExpectedProgress,
  createPeriod,
  findPeriodInText,
  parsePeriodLabel,
} from './period.ts';

describe('findPeriodInText', () => {
  it.each([
    ['弋江区2023年二季度重点工作进展和完成情况', '2023Q2'],
    ['弋江区2023年第三季度重点工作', '2023Q3'],
    ['2024年一季度重点工作推进情况', '2024Q1'],
    ['2023年第4季度', '2023Q4'],
    ['2023年上半年重点工作', '2023Q2'],
    ['2023年下半年重点工作', '2023Q4'],
    ['2023年前三季度重点工作完成情况', '2023Q3'],
    ['2023年全年重点工作完成情况', '2023Q4'],
    ['2023年度重点工作完成情况', '2023Q4'],
    ['2023年度重点工作二季度进展', '2023Q2'],
    ['2023年1-6月重点工作推进情况', '2023Q2'],
    ['2023年1—9月重点工作', '2023Q3'],
    ['2023年1至5月重点工作', '2023Q2'],
    ['2023年11月重点工作', '2023Q4'],
    ['二〇二三年二季度重点工作', '2023Q2'],
  ])('%s → %s', (title, label) => {
    expect(findPeriodInText(title)?.label).toBe(label);
  });

  it('finds nothing without a year or without a part of the year', () => {
    expect(findPeriodInText('二季度重点工作进展情况')).toBeUndefined();
    expect(findPeriodInText('2023年重点工作进展情况')).toBeUndefined();
    expect(findPeriodInText('')).toBeUndefined();
  });
});

describe('parsePeriodLabel', () => {
  it('parses a label', () => {
    expect(parsePeriodLabel('2023Q2')).toEqual({
      ok: true,
      value: { year: 2023, quarter: 2, label: '2023Q2' },
    });
  });

  it.each(['2023Q5', '2023-2', 'Q2', ''])('rejects %j with a Chinese message', (label) => {
    const result = parsePeriodLabel(label);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.message).toContain('2023Q2');
  });
});

describe('computeExpectedProgress', () => {
  it('is the share of the year elapsed', () => {
    expect(
      [1, 2, 3, 4].map((q) => computeExpectedProgress(createPeriod(2023, q as 1 | 2 | 3 | 4))),
    ).toEqual([0.25, 0.5, 0.75, 1]);
  });
});
