import { describe, expect, it } from 'vitest';
import { analyseLedger } from '../ledger/analyse-ledger.ts';
import type { Ledger, LedgerTask } from '../ledger/types.ts';
import { buildTask } from '../report/test-ledger.ts';
import { extractActuals } from './actuals.ts';
import { mergeConfirmedFigures, type ConfirmedFigure } from './confirmed-figures.ts';
import { extractTargets } from './targets.ts';

// Task 35 of the seed, as written: a target in the text, an actual in the progress.
const TEXT = '全年新增城镇就业1.8万人，城镇登记失业率控制在4%以内';
const PROGRESS = '上半年城镇新增就业14093人，城镇登记失业率3.2%。';

function extracted(): {
  targets: ReturnType<typeof extractTargets>;
  actuals: ReturnType<typeof extractActuals>;
} {
  const targets = extractTargets(TEXT);
  return { targets, actuals: extractActuals(PROGRESS, targets) };
}

describe('mergeConfirmedFigures', () => {
  it('keeps extracted figures when nobody has confirmed any', () => {
    const figures = extracted();
    expect(figures.targets.length).toBeGreaterThan(0);
    const merged = mergeConfirmedFigures(figures, []);
    expect(merged.targets).toEqual(figures.targets);
    expect(merged.actuals).toEqual(figures.actuals);
    expect(merged.forecasts).toEqual([]);
  });

  it('replaces an extracted target in place by the corrected one of the same metric', () => {
    const figures = extracted();
    const first = figures.targets[0];
    if (first === undefined) throw new Error('the seed text has a target');
    const corrected: ConfirmedFigure = {
      kind: 'target',
      metric: first.metric,
      value: first.value * 2,
      unit: first.unit,
      bound: first.bound,
      source: '人工更正',
      origin: 'corrected',
    };
    const merged = mergeConfirmedFigures(figures, [corrected]);
    expect(merged.targets).toHaveLength(figures.targets.length);
    expect(merged.targets[0]).toMatchObject({ value: first.value * 2, source: '人工更正' });
    expect(merged.targets.slice(1)).toEqual(figures.targets.slice(1));
  });

  it('adds figures of new metrics after the extracted ones and keeps forecasts apart', () => {
    const figures = extracted();
    const merged = mergeConfirmedFigures(figures, [
      { kind: 'actual', metric: '培训人数', value: 300, unit: '人', source: '', origin: 'manual' },
      {
        kind: 'forecast',
        metric: '新增城镇就业',
        value: 19000,
        unit: '人',
        source: '',
        origin: 'manual',
      },
    ]);
    expect(merged.actuals).toEqual([
      ...figures.actuals,
      { metric: '培训人数', value: 300, unit: '人', source: '' },
    ]);
    expect(merged.forecasts).toEqual([
      { metric: '新增城镇就业', value: 19000, unit: '人', source: '' },
    ]);
  });
});

describe('analyseLedger with confirmed figures and assessments', () => {
  const task = (fields: Partial<LedgerTask> & Pick<LedgerTask, 'no'>): LedgerTask =>
    buildTask({ lead: ['区人社局'], ...fields });
  const ledger: Ledger = {
    format: 'duban.ledger/1',
    title: 't',
    organization: 'o',
    period: { year: 2023, quarter: 2, label: '2023Q2' },
    sections: [{ ordinal: '一', title: 's' }],
    tasks: [
      task({ no: '1', text: '全年新增城镇就业1.8万人', progress: '上半年城镇新增就业14093人。' }),
      task({ no: '2', text: '推进老旧小区改造', progress: '正在推进。' }),
    ],
    findings: [],
    warnings: [],
  };

  it('lets a corrected actual decide the light', () => {
    const plain = analyseLedger(ledger);
    const one = plain.tasks[0];
    expect(one?.actuals.length).toBeGreaterThan(0);
    const metric = one?.actuals[0]?.metric ?? '';
    const low = analyseLedger(ledger, {
      confirmed: new Map([
        [
          '1',
          [
            {
              kind: 'actual',
              metric,
              value: 1000,
              unit: '人',
              source: '',
              origin: 'corrected',
            } as const,
          ],
        ],
      ]),
    });
    expect(low.tasks[0]?.actuals[0]?.value).toBe(1000);
    expect(low.tasks[0]?.status.light).toBe('red');
    expect(plain.tasks[0]?.status.light).not.toBe('red');
  });

  it('lights a task without figures from an assessment, and grey without one', () => {
    expect(analyseLedger(ledger).tasks[1]?.status.light).toBe('grey');
    const assessed = analyseLedger(ledger, {
      assessments: new Map([['2', [{ by: 'office', verdict: 'behind' } as const]]]),
    });
    expect(assessed.tasks[1]?.status.light).toBe('yellow');
  });
});
