import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildUnitVocabulary,
  hasUnitSuffix,
  looksLikeUnitList,
  normalizeUnitText,
  splitUnitCell,
  splitUnitCells,
} from './split-units.ts';

const EMPTY = buildUnitVocabulary([]);

describe('splitUnitCell', () => {
  it('joins a name broken across lines when the document writes it unspaced elsewhere', () => {
    // Seed rows 1–9 break the name; row 15 writes it in one piece.
    const vocabulary = buildUnitVocabulary([
      '智能网联及新能源 汽车招商中心 成员单位',
      '智能网联及新能源汽车招商中心成员单位 大数据及信息技术服务招商中心成员单位',
    ]);
    const split = splitUnitCell('智能网联及新能源 汽车招商中心 成员单位', vocabulary);
    expect(split.units).toEqual(['智能网联及新能源汽车招商中心成员单位']);
    expect(split.joins).toEqual([
      {
        fragments: ['智能网联及新能源', '汽车招商中心', '成员单位'],
        unit: '智能网联及新能源汽车招商中心成员单位',
        rule: 'document',
      },
    ]);
  });

  it('joins the same name by the generic rules when the document gives no evidence', () => {
    const split = splitUnitCell('智能网联及新能源 汽车招商中心 成员单位', EMPTY);
    expect(split.units).toEqual(['智能网联及新能源汽车招商中心成员单位']);
    expect(split.joins).toHaveLength(1);
    expect(split.joins[0]?.fragments).toEqual(['智能网联及新能源', '汽车招商中心', '成员单位']);
  });

  it('splits names that each end like a unit', () => {
    expect(splitUnitCell('区发改委 区商务局', EMPTY).units).toEqual(['区发改委', '区商务局']);
    expect(splitUnitCell('区直各单位 各街道', EMPTY).units).toEqual(['区直各单位', '各街道']);
    expect(splitUnitCell('区发改委 区商务局', EMPTY).joins).toEqual([]);
  });

  it('joins a fragment without a unit ending to the next one', () => {
    const split = splitUnitCell('政府性投资项目 各牵头部门', EMPTY);
    expect(split.units).toEqual(['政府性投资项目各牵头部门']);
    expect(split.joins[0]?.rule).toBe('suffix');
  });

  it('joins a trailing fragment without a unit ending to the previous one', () => {
    expect(splitUnitCell('区发改委 白马街道 火龙', EMPTY).units).toEqual([
      '区发改委',
      '白马街道火龙',
    ]);
  });

  it('joins a bare head noun to the name before it', () => {
    const split = splitUnitCell('扫黑除恶斗争领导小组 成员单位 各街道', EMPTY);
    expect(split.units).toEqual(['扫黑除恶斗争领导小组成员单位', '各街道']);
    expect(split.joins[0]?.rule).toBe('head-noun');
  });

  it('keeps a fragment the document writes as a whole cell, though it lacks a unit ending', () => {
    const vocabulary = buildUnitVocabulary(['高新区', '区发改委']);
    expect(splitUnitCell('高新区 区发改委', vocabulary).units).toEqual(['高新区', '区发改委']);
    // Without that evidence 高新区 reads as the first half of a broken name.
    expect(splitUnitCell('高新区 区发改委', EMPTY).units).toEqual(['高新区区发改委']);
  });

  it('does not glue two names the document writes alone, even if a glitch once joined them', () => {
    const vocabulary = buildUnitVocabulary(['白马街道', '火龙街道', '白马街道火龙街道']);
    expect(splitUnitCell('白马街道 火龙街道', vocabulary).units).toEqual(['白马街道', '火龙街道']);
  });

  it('splits on 、，,；; and full-width spaces, which are never inside a name', () => {
    expect(splitUnitCell('区发改委、区商务局，区经信局;区农水局　白马街道', EMPTY).units).toEqual([
      '区发改委',
      '区商务局',
      '区经信局',
      '区农水局',
      '白马街道',
    ]);
  });

  it('normalises line breaks, stray spaces, full-width letters, and removes duplicates', () => {
    expect(splitUnitCell('智能网联及新能源\n汽车招商中心\r\n成员单位', EMPTY).units).toEqual([
      '智能网联及新能源汽车招商中心成员单位',
    ]);
    expect(splitUnitCell('  区发改委   区发改委 ', EMPTY).units).toEqual(['区发改委']);
    expect(splitUnitCell('ＡＢＣ公司', EMPTY).units).toEqual(['ABC公司']);
  });

  it('gives no units for an empty cell', () => {
    expect(splitUnitCell('', EMPTY)).toEqual({ units: [], joins: [] });
    expect(splitUnitCell(' 、 ', EMPTY)).toEqual({ units: [], joins: [] });
  });

  it('loses and invents no characters: units concatenate to the cell without separators', () => {
    const fragment = fc.constantFrom(
      '区发改委',
      '白马街道',
      '成员单位',
      '智能网联',
      '招商中心',
      '项目',
      '各',
      'ＡＢ',
      'x',
    );
    const separator = fc.constantFrom(' ', '  ', '\n', '、', '，', '　');
    fc.assert(
      fc.property(fc.array(fc.tuple(fragment, separator), { maxLength: 8 }), (parts) => {
        const cell = parts.map(([text, sep]) => text + sep).join('');
        const split = splitUnitCell(cell, buildUnitVocabulary([cell, '智能网联招商中心']));
        const stripped = normalizeUnitText(cell).replace(/[\s、，,；;]/gu, '');
        for (const unit of split.units) {
          expect(unit).not.toMatch(/[\s、，,；;]/u);
          expect(stripped).toContain(unit);
        }
        // With no fragment repeated, nothing is deduplicated away and the order is kept.
        const texts = parts.map(([text]) => text);
        if (new Set(texts).size === texts.length) expect(split.units.join('')).toBe(stripped);
      }),
    );
  });
});

describe('splitUnitCells', () => {
  it('builds the vocabulary from all cells of the document', () => {
    const splits = splitUnitCells([
      '节能环保及高端 装备制造招商中心 成员单位',
      '节能环保及高端装备制造招商中心成员单位 各街道',
    ]);
    expect(splits.map((split) => split.units)).toEqual([
      ['节能环保及高端装备制造招商中心成员单位'],
      ['节能环保及高端装备制造招商中心成员单位', '各街道'],
    ]);
    expect(splits[0]?.joins[0]?.rule).toBe('document');
  });
});

describe('hasUnitSuffix and looksLikeUnitList', () => {
  it('recognises generic endings of organisation names', () => {
    for (const name of [
      '区发改委',
      '医保分局',
      '交警大队',
      '总工会',
      '区残联',
      '西湾园区',
      '新马公司',
    ]) {
      expect(hasUnitSuffix(name), name).toBe(true);
    }
    expect(hasUnitSuffix('智能网联及新能源')).toBe(false);
  });

  it('tells unit cells from progress prose', () => {
    expect(looksLikeUnitList('区发改委 区商务局')).toBe(true);
    expect(looksLikeUnitList('智能网联及新能源 汽车招商中心 成员单位')).toBe(true);
    expect(looksLikeUnitList('持续推进小镇一期项目运营工作,谋划二期建设方案。')).toBe(false);
    expect(looksLikeUnitList('已完成')).toBe(false);
    expect(looksLikeUnitList('新增公共停车位9330个')).toBe(false);
    expect(looksLikeUnitList('')).toBe(false);
  });

  it('splits a hostile cell of thousands of fragments in linear time', () => {
    const hostile = '生态环境分局\n火龙街道'.repeat(2000);
    const started = performance.now();
    const [split] = splitUnitCells([hostile, '生态环境分局火龙街道']);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(split?.units.length).toBeGreaterThan(0);
  });
});
