import { describe, expect, it } from 'vitest';
import type { Actual, Target } from '../ledger/types.ts';
import { isCompletionPercent, matchActuals } from './match.ts';
import { compareMetrics } from './metric.ts';

const target = (metric: string, value: number, unit: string): Target => ({
  metric,
  value,
  unit,
  bound: 'min',
  source: '',
});
const actual = (metric: string, value: number, unit: string): Actual => ({
  metric,
  value,
  unit,
  source: '',
});

describe('matchActuals', () => {
  it('pairs 新增城镇就业 with 城镇新增就业, not with the unemployment rate', () => {
    expect(
      matchActuals(
        [
          target('新增城镇就业', 18000, '人'),
          { ...target('城镇登记失业率', 4, '%'), bound: 'max' },
        ],
        [actual('城镇登记失业率', 1.12, '%'), actual('城镇新增就业', 14093, '人')],
      ),
    ).toEqual([1, 0]);
  });

  it('pairs targets in 名 with actuals in 人 (task 38)', () => {
    expect(
      matchActuals(
        [
          target('新招引领军人才', 10, '名'),
          target('高端人才', 100, '名'),
          target('大学生', 15000, '名'),
        ],
        [
          actual('引育领军人才', 9, '人'),
          actual('高端人才', 94, '人'),
          actual('大学生', 9168, '人'),
        ],
      ),
    ).toEqual([0, 1, 2]);
  });

  it('gives each actual to one target, the most alike (task 37)', () => {
    expect(
      matchActuals(
        [
          target('招引亿元以上项目', 120, '个'),
          target('10亿元以上项目', 20, '个'),
          target('50亿元以上项目', 2, '个'),
        ],
        [
          actual('新签约项目', 54, '个'),
          actual('亿元以上项目', 40, '个'),
          actual('10亿元以上项目', 7, '个'),
          actual('50亿元以上项目', 3, '个'),
        ],
      ),
    ).toEqual([1, 2, 3]);
  });

  it('takes a completion percentage for a target counted in something else (task 89)', () => {
    const markets = target('农贸市场示范化升级改造', 6, '家');
    const share = actual('农贸市场改造任务', 50, '%');
    expect(isCompletionPercent(markets, share)).toBe(true);
    expect(matchActuals([markets], [share])).toEqual([0]);
    // A rate is not progress on a count.
    expect(isCompletionPercent(markets, actual('满意率', 100, '%'))).toBe(false);
  });

  it('leaves a target unmeasured when nothing alike has its unit (task 91)', () => {
    expect(
      matchActuals(
        [target('增加托位', 560, '个')],
        [actual('开设班级', 32, '个'), actual('在托幼儿数', 618, '人')],
      ),
    ).toEqual([undefined]);
  });
});

describe('compareMetrics', () => {
  it('scores swapped words high and other metrics low', () => {
    expect(compareMetrics('新增城镇就业', '城镇新增就业')).toBeGreaterThan(0.7);
    expect(compareMetrics('新增城镇就业', '城镇登记失业率')).toBeLessThan(0.4);
    expect(compareMetrics('增加学位', '伟星国樾幼儿园新增公办学位')).toBeGreaterThan(0.3);
    expect(compareMetrics('', '学位')).toBe(0);
  });
});
