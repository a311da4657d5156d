import { describe, expect, it } from 'vitest';
import {
  formatFigures,
  formatGap,
  formatReportNumber,
  formatReportPercent,
  formatReportPeriod,
  REPORT_LIGHT_FULL_LABELS,
  REPORT_LIGHT_LABELS,
  REPORT_LIGHT_ORDER,
} from './report-text.ts';
import { buildTask } from './test-ledger.ts';

describe('light labels', () => {
  it('say the colour and its meaning in the long form, the meaning alone in the short', () => {
    expect(REPORT_LIGHT_FULL_LABELS.red).toBe('红灯·明显滞后');
    expect(REPORT_LIGHT_FULL_LABELS.yellow).toBe('黄灯·稍有滞后');
    expect(REPORT_LIGHT_FULL_LABELS.green).toBe('绿灯·正常推进');
    for (const light of REPORT_LIGHT_ORDER) {
      expect(REPORT_LIGHT_FULL_LABELS[light].endsWith(REPORT_LIGHT_LABELS[light]), light).toBe(
        true,
      );
    }
  });
});

describe('formatReportNumber', () => {
  it('uses 万 and 亿 only where no digit is lost', () => {
    expect(formatReportNumber(18000)).toBe('1.8万');
    expect(formatReportNumber(14093)).toBe('14093');
    expect(formatReportNumber(14055000000)).toBe('140.55亿');
    expect(formatReportNumber(9330)).toBe('9330');
    expect(formatReportNumber(4.5)).toBe('4.5');
    expect(formatReportNumber(0.1 + 0.2)).toBe('0.3');
  });
});

describe('formatReportPercent', () => {
  it('keeps one decimal at most', () => {
    expect(formatReportPercent(0.5)).toBe('50%');
    expect(formatReportPercent(0.7825)).toBe('78.3%');
  });
});

describe('formatReportPeriod', () => {
  it('names the quarter in Chinese', () => {
    expect(formatReportPeriod({ year: 2023, quarter: 2, label: '2023Q2' })).toBe('2023年二季度');
  });
});

describe('formatFigures and formatGap', () => {
  const task = buildTask({
    no: '88',
    targets: [{ metric: '老年助餐点', value: 15, unit: '个', bound: 'min', source: '不少于15个' }],
    actuals: [{ metric: '老年助餐点', value: 3, unit: '个', source: '建成3个' }],
    status: { completion: 0.2, expected: 0.5, light: 'red' },
  });

  it('writes targets, actuals and completion one per line', () => {
    expect(formatFigures(task)).toEqual([
      '目标：老年助餐点不少于15个',
      '完成：老年助餐点3个',
      '完成率20%（序时进度50%）',
    ]);
  });

  it('says nothing for a task without figures', () => {
    expect(formatFigures(buildTask({ no: '1' }))).toEqual([]);
  });

  it('states the gap in percentage points', () => {
    expect(formatGap(task)).toBe('完成率20%，序时进度50%，滞后30个百分点');
    const unmeasured = buildTask({
      no: '2',
      status: { completion: null, expected: 0.5, light: 'yellow' },
    });
    expect(formatGap(unmeasured)).toBe('稍有滞后（序时进度50%，完成率无法计算）');
  });
});
