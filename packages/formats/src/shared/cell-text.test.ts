import { describe, expect, it } from 'vitest';
import { normalizeCellText } from './cell-text.ts';

describe('normalizeCellText', () => {
  it('trims, keeps inner characters and drops line breaks next to Chinese text', () => {
    expect(normalizeCellText('  目 标 与\r\n任 务 ')).toBe('目 标 与任 务');
    expect(normalizeCellText('全年新增\n1.8万人\n（含高校毕业生）')).toBe(
      '全年新增1.8万人（含高校毕业生）',
    );
    expect(normalizeCellText('\u3000推进5G\n\n建设\u3000')).toBe('推进5G建设');
  });

  it('puts a space between Latin words or figures split by a line break', () => {
    expect(normalizeCellText('IGBT\nSiC MOS')).toBe('IGBT SiC MOS');
    expect(normalizeCellText('190wh/kg,\n2023')).toBe('190wh/kg, 2023');
  });

  it('separates names in unit columns', () => {
    expect(normalizeCellText('区发改委\n区经信局\r\n区商务局', 'space')).toBe(
      '区发改委 区经信局 区商务局',
    );
  });
});
