import { describe, expect, it } from 'vitest';
import { lightFor } from './compute-status.ts';
import {
  DEFAULT_LIGHT_RULES,
  HALF_BEHIND_LIGHT_RULES,
  lightRulesSchema,
  POINTS_10_30_LIGHT_RULES,
  selectLightRules,
} from './light-rules.ts';

describe('lightFor under the example rule sets, at Q2 (expected 0.5)', () => {
  it.each([
    // completion, default, 10–30 points, up to 50 % behind
    [1.2, 'done', 'done', 'done'],
    [1, 'done', 'done', 'done'],
    [0.78, 'green', 'green', 'green'],
    [0.5, 'green', 'green', 'green'],
    [0.45, 'yellow', 'green', 'yellow'], // 5 points, 10 % behind
    [0.4, 'yellow', 'yellow', 'yellow'], // 10 points exactly, 20 % behind
    [0.3, 'yellow', 'yellow', 'yellow'], // 20 points, 40 % behind
    [0.25, 'red', 'yellow', 'yellow'], // 25 points, 50 % behind exactly
    [0.2, 'red', 'yellow', 'red'], // 30 points exactly, 60 % behind
    [0.19, 'red', 'red', 'red'],
    [0, 'red', 'red', 'red'],
  ] as const)('%d → %s, %s, %s', (completion, byDefault, points, relative) => {
    expect(lightFor(completion, 0.5, DEFAULT_LIGHT_RULES)).toBe(byDefault);
    expect(lightFor(completion, 0.5, POINTS_10_30_LIGHT_RULES)).toBe(points);
    expect(lightFor(completion, 0.5, HALF_BEHIND_LIGHT_RULES)).toBe(relative);
  });
});

describe('selectLightRules', () => {
  const choices = [
    { year: 2023, rules: HALF_BEHIND_LIGHT_RULES },
    { plan: '弋江区', rules: POINTS_10_30_LIGHT_RULES },
    { plan: '弋江区', year: 2024, rules: DEFAULT_LIGHT_RULES },
  ];

  it('takes the most specific rule set that fits', () => {
    expect(selectLightRules(choices, { plan: '弋江区', year: 2024 })).toBe(DEFAULT_LIGHT_RULES);
    expect(selectLightRules(choices, { plan: '弋江区', year: 2023 })).toBe(
      POINTS_10_30_LIGHT_RULES,
    );
    expect(selectLightRules(choices, { plan: '镜湖区', year: 2023 })).toBe(HALF_BEHIND_LIGHT_RULES);
    expect(selectLightRules(choices, { plan: '镜湖区', year: 2022 })).toBe(DEFAULT_LIGHT_RULES);
  });
});

describe('lightRulesSchema', () => {
  it('accepts the shipped rule sets and refuses a red threshold below the yellow one', () => {
    for (const rules of [DEFAULT_LIGHT_RULES, POINTS_10_30_LIGHT_RULES, HALF_BEHIND_LIGHT_RULES]) {
      expect(lightRulesSchema.safeParse(rules).success).toBe(true);
    }
    const bad = lightRulesSchema.safeParse({ ...POINTS_10_30_LIGHT_RULES, redAbove: 0.05 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('红灯阈值不能小于黄灯阈值');
    expect(lightRulesSchema.safeParse({ ...DEFAULT_LIGHT_RULES, measure: 'ratio' }).success).toBe(
      false,
    );
  });
});
