import { describe, expect, it } from 'vitest';

import { extractTerms, splitHighlight } from './highlight.ts';

const joined = (parts: { text: string }[]) => parts.map((part) => part.text).join('');
const matches = (parts: { text: string; match: boolean }[]) =>
  parts.filter((part) => part.match).map((part) => part.text);

describe('extractTerms', () => {
  it('splits on any whitespace (incl. the ideographic space) and drops empty terms', () => {
    expect(extractTerms('  奇瑞\u3000新能源  ')).toEqual(['新能源', '奇瑞']);
    expect(extractTerms('   ')).toEqual([]);
  });

  it('removes duplicates and puts longer terms first', () => {
    expect(extractTerms('奇瑞 奇瑞新能源 奇瑞')).toEqual(['奇瑞新能源', '奇瑞']);
  });
});

describe('splitHighlight', () => {
  const progress =
    '支持奇瑞新能源申报国家企业技术中心分中心,近期正在编写申报书。奇瑞新能源四期项目加快建设';

  it('marks every occurrence of a Chinese term and keeps the text intact', () => {
    const parts = splitHighlight(progress, ['奇瑞']);
    expect(matches(parts)).toEqual(['奇瑞', '奇瑞']);
    expect(joined(parts)).toBe(progress);
    expect(parts[0]).toEqual({ text: '支持', match: false });
  });

  it('prefers the longer of two overlapping terms', () => {
    const parts = splitHighlight(progress, extractTerms('奇瑞 奇瑞新能源'));
    expect(matches(parts)).toEqual(['奇瑞新能源', '奇瑞新能源']);
  });

  it('takes regex characters in the query literally', () => {
    const text = '研发中心1-6层(含地下室)已完成验收,完成率[60%]。费用*2+1?或$5^';
    for (const term of ['(含地下室)', '[60%]', '*2+1?', '$5^', '1-6', '.', '|']) {
      const parts = splitHighlight(text, [term]);
      expect(joined(parts)).toBe(text);
      expect(matches(parts)).toEqual(text.includes(term) ? [term] : []);
    }
  });

  it('treats a backslash literally and does not throw on unbalanced brackets', () => {
    const text = 'a\\b(c';
    expect(matches(splitHighlight(text, ['\\']))).toEqual(['\\']);
    expect(matches(splitHighlight(text, ['(']))).toEqual(['(']);
  });

  it('ignores case for Latin letters (SiC, sic)', () => {
    const parts = splitHighlight('6寸SiC晶圆2万片', ['sic']);
    expect(matches(parts)).toEqual(['SiC']);
  });

  it('returns the whole text unmarked without terms, and nothing for empty text', () => {
    expect(splitHighlight('区发改委', [])).toEqual([{ text: '区发改委', match: false }]);
    expect(splitHighlight('', ['奇瑞'])).toEqual([]);
  });

  it('marks a text that is entirely the term', () => {
    expect(splitHighlight('区发改委', ['区发改委'])).toEqual([{ text: '区发改委', match: true }]);
  });
});
