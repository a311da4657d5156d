import { describe, expect, it } from 'vitest';

import { createTranslate } from '../i18n/messages.ts';
import { formatLedgerTitle, formatPeriodLabel, formatSectionLabel } from './format.ts';

const zh = createTranslate('zh-CN');
const en = createTranslate('en');

describe('formatLedgerTitle', () => {
  it('puts the quarter after the year, as the seed report is titled', () => {
    expect(formatLedgerTitle(zh, '弋江区2023年重点工作', 2)).toBe(
      '弋江区2023年二季度重点工作进展和完成情况',
    );
    expect(formatLedgerTitle(zh, '弋江区2023年重点工作', 4)).toBe(
      '弋江区2023年四季度重点工作进展和完成情况',
    );
    expect(formatLedgerTitle(en, '弋江区2023年重点工作', 2)).toBe(
      '弋江区2023年重点工作: progress in Q2',
    );
  });

  it('keeps a title that already names a period or is a progress report', () => {
    const seedTitle = '弋江区2023年二季度重点工作进展和完成情况';
    expect(formatLedgerTitle(zh, seedTitle, 2)).toBe(seedTitle);
    expect(formatLedgerTitle(zh, '鸠江区2024年上半年重点工作', 2)).toBe(
      '鸠江区2024年上半年重点工作',
    );
  });

  it('copes with a title without a year, and with none at all', () => {
    expect(formatLedgerTitle(zh, '民生实事', 1)).toBe('一季度民生实事进展和完成情况');
    expect(formatLedgerTitle(zh, '  ', 1)).toBe('重点工作进展和完成情况');
  });
});

describe('labels', () => {
  it('formats periods and sections per language', () => {
    expect(formatPeriodLabel(zh, '2023Q2')).toBe('2023年第2季度');
    expect(formatPeriodLabel(en, '2023Q2')).toBe('Q2 2023');
    expect(formatPeriodLabel(zh, 'H1')).toBe('H1');
    const section = { ordinal: '二', title: '以更高标准美化城市环境面貌' };
    expect(formatSectionLabel(zh, section)).toBe('（二）以更高标准美化城市环境面貌');
    expect(formatSectionLabel(en, section)).toBe('(二) 以更高标准美化城市环境面貌');
  });
});
