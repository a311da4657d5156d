import { describe, expect, it } from 'vitest';
import type { Actual, Target } from '../ledger/types.ts';
import { computeStatus } from './compute-status.ts';
import { expectedProgress } from './expected-progress.ts';
import { DEFAULT_LIGHT_RULES, POINTS_10_30_LIGHT_RULES } from './light-rules.ts';

// Task 103 of the seed, as the ledger JSON of CONTRACT.md has it.
const jobs: Target = {
  metric: '新增城镇就业',
  value: 18000,
  unit: '人',
  bound: 'min',
  source: '争取全年新增城镇就业1.8万人',
};
const unemployment: Target = {
  metric: '城镇登记失业率',
  value: 4,
  unit: '%',
  bound: 'max',
  source: '城镇登记失业率控制在4%以内',
};
const jobsDone: Actual = {
  metric: '新增城镇就业',
  value: 14093,
  unit: '人',
  source: '全区城镇新增就业14093人',
};
const rate = (value: number): Actual => ({
  metric: '城镇登记失业率',
  value,
  unit: '%',
  source: '',
});

describe('expectedProgress', () => {
  it('is the time elapsed, or the task’s own milestone', () => {
    expect(([1, 2, 3, 4] as const).map((q) => expectedProgress(q))).toEqual([0.25, 0.5, 0.75, 1]);
    expect(expectedProgress(2, { 1: 0.1, 2: 0.3, 3: 0.6, 4: 1 })).toBe(0.3);
    expect(expectedProgress(3, { 2: 0.3 })).toBe(0.75);
  });
});

describe('computeStatus', () => {
  it('reads task 103 at Q2 as green: 78 % done against 50 % expected, unemployment inside 4 %', () => {
    const status = computeStatus({
      targets: [jobs, unemployment],
      actuals: [jobsDone, rate(1.12)],
      period: { quarter: 2 },
    });
    expect(status.completion).toBeCloseTo(14093 / 18000, 10);
    expect(status.expected).toBe(0.5);
    expect(status.light).toBe('green');
    expect(status.basis).toBe('figures');
    expect(status.targets.map((t) => t.completion)).toEqual([14093 / 18000, 1]);
  });

  it('lights red when a ceiling is broken, whatever else', () => {
    const status = computeStatus({
      targets: [jobs, unemployment],
      actuals: [{ ...jobsDone, value: 18000 }, rate(4.2)],
      period: { quarter: 2 },
    });
    expect(status.targets.map((t) => t.light)).toEqual(['done', 'red']);
    expect(status.light).toBe('red');
  });

  it('counts a ceiling kept all year as done at Q4 only', () => {
    const at = (quarter: 2 | 4): string =>
      computeStatus({ targets: [unemployment], actuals: [rate(1.12)], period: { quarter } }).light;
    expect(at(2)).toBe('green');
    expect(at(4)).toBe('done');
  });

  it('lights by the weakest target by default and by the mean when the rules say so (task 38)', () => {
    const targets: Target[] = [
      { metric: '新招引领军人才', value: 10, unit: '名', bound: 'min', source: '' },
      { metric: '高层次人才团队', value: 20, unit: '个', bound: 'min', source: '' },
    ];
    const actuals: Actual[] = [
      { metric: '引育领军人才', value: 9, unit: '人', source: '' },
      { metric: '引进高层次人才团队', value: 5, unit: '个', source: '' },
    ];
    const weakest = computeStatus({ targets, actuals, period: { quarter: 2 } });
    expect(weakest.completion).toBe(0.25);
    expect(weakest.light).toBe('red');
    const mean = computeStatus({
      targets,
      actuals,
      period: { quarter: 2 },
      rules: { ...POINTS_10_30_LIGHT_RULES, combine: 'mean' },
    });
    expect(mean.completion).toBeCloseTo(0.575, 10);
    expect(mean.light).toBe('green');
  });

  it('measures a count target by a completion percentage (task 89)', () => {
    const status = computeStatus({
      targets: [
        { metric: '农贸市场示范化升级改造', value: 6, unit: '家', bound: 'exact', source: '' },
      ],
      actuals: [{ metric: '农贸市场改造任务', value: 50, unit: '%', source: '' }],
      period: { quarter: 2 },
    });
    expect(status.completion).toBe(0.5);
    expect(status.light).toBe('green');
  });

  it('follows the task’s milestones where it has them', () => {
    const status = computeStatus({
      targets: [jobs],
      actuals: [{ ...jobsDone, value: 5000 }],
      period: { quarter: 2 },
      milestones: { 2: 0.25 },
    });
    expect(status.expected).toBe(0.25);
    expect(status.light).toBe('green');
    expect(
      computeStatus({
        targets: [jobs],
        actuals: [{ ...jobsDone, value: 5000 }],
        period: { quarter: 2 },
      }).light,
    ).toBe('red');
  });

  it('does not count a task done while one of its targets is unmeasured', () => {
    const status = computeStatus({
      targets: [
        jobs,
        { metric: '新增公共停车位', value: 9330, unit: '个', bound: 'min', source: '' },
      ],
      actuals: [{ ...jobsDone, value: 20000 }],
      period: { quarter: 2 },
    });
    expect(status.targets.map((t) => t.light)).toEqual(['done', 'grey']);
    expect(status.light).toBe('green');
  });

  it('takes the office’s assessment over the unit’s when there is no figure, and is grey without one', () => {
    const parking: Target = {
      metric: '新增公共停车位',
      value: 9330,
      unit: '个',
      bound: 'min',
      source: '',
    };
    const base = { targets: [parking], actuals: [], period: { quarter: 2 as const } };
    expect(computeStatus(base)).toMatchObject({ completion: null, light: 'grey', basis: 'none' });
    expect(
      computeStatus({ ...base, assessment: { by: 'unit', verdict: 'on-track' } }),
    ).toMatchObject({
      light: 'green',
      basis: 'unit',
    });
    expect(
      computeStatus({
        ...base,
        assessment: [
          { by: 'unit', verdict: 'on-track' },
          { by: 'office', verdict: 'far-behind' },
        ],
      }),
    ).toMatchObject({ light: 'red', basis: 'office' });
    // A task without any target is lit the same way.
    expect(
      computeStatus({
        targets: [],
        actuals: [],
        period: { quarter: 2 },
        assessment: { by: 'office', verdict: 'done' },
      }).light,
    ).toBe('done');
  });

  it('applies the rules it is given', () => {
    const input = {
      targets: [jobs],
      actuals: [{ ...jobsDone, value: 7200 }],
      period: { quarter: 2 as const },
    };
    // 0.4 done at Q2: 10 points behind.
    expect(computeStatus({ ...input, rules: DEFAULT_LIGHT_RULES }).light).toBe('yellow');
    expect(
      computeStatus({ ...input, rules: { ...POINTS_10_30_LIGHT_RULES, yellowFrom: 0.15 } }).light,
    ).toBe('green');
  });
});
