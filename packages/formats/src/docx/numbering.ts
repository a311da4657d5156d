/**
 * Word's automatic numbering. A 序号 column or a notice's 1、2、3、 is often not text at all but
 * a list format Word draws; without it the numbers would be missing. We replay the counters in
 * document order, the way Word does for the common cases: one counter set per abstract list,
 * deeper levels restarting when a shallower one advances, `startOverride` restarting a list.
 */
import { childElements, findChild } from '../shared/xml.ts';
import type { XmlElement } from '../shared/xml.ts';

interface Level {
  start: number;
  format: string;
  text: string;
}

interface NumDefinition {
  abstractId: string;
  overrides: Map<number, number>;
}

export interface NumberingDefinitions {
  nums: Map<string, NumDefinition>;
  abstracts: Map<string, Map<number, Level>>;
  /** Numbering given by paragraph styles: style id → [numId, level]. */
  styles: Map<string, { numId: string | undefined; level: number; basedOn: string | undefined }>;
}

export const NO_NUMBERING: NumberingDefinitions = {
  nums: new Map(),
  abstracts: new Map(),
  styles: new Map(),
};

export function readNumberingDefinitions(
  numbering: XmlElement | undefined,
  styles: XmlElement | undefined,
): NumberingDefinitions {
  const definitions: NumberingDefinitions = {
    nums: new Map(),
    abstracts: new Map(),
    styles: new Map(),
  };
  if (numbering !== undefined) {
    for (const abstract of childElements(numbering, 'abstractNum')) {
      const levels = new Map<number, Level>();
      for (const level of childElements(abstract, 'lvl')) {
        levels.set(Number(level.attrs.ilvl ?? '0'), {
          start: Number(findChild(level, 'start')?.attrs.val ?? '1'),
          format: findChild(level, 'numFmt')?.attrs.val ?? 'decimal',
          text: findChild(level, 'lvlText')?.attrs.val ?? '',
        });
      }
      definitions.abstracts.set(abstract.attrs.abstractNumId ?? '', levels);
    }
    for (const num of childElements(numbering, 'num')) {
      const overrides = new Map<number, number>();
      for (const override of childElements(num, 'lvlOverride')) {
        const start = findChild(override, 'startOverride')?.attrs.val;
        if (start !== undefined) overrides.set(Number(override.attrs.ilvl ?? '0'), Number(start));
      }
      definitions.nums.set(num.attrs.numId ?? '', {
        abstractId: findChild(num, 'abstractNumId')?.attrs.val ?? '',
        overrides,
      });
    }
  }
  if (styles !== undefined) {
    for (const style of childElements(styles, 'style')) {
      const properties = findChild(style, 'pPr');
      const numPr = properties === undefined ? undefined : findChild(properties, 'numPr');
      definitions.styles.set(style.attrs.styleId ?? '', {
        numId: numPr === undefined ? undefined : findChild(numPr, 'numId')?.attrs.val,
        level: Number(
          (numPr === undefined ? undefined : findChild(numPr, 'ilvl')?.attrs.val) ?? '0',
        ),
        basedOn: findChild(style, 'basedOn')?.attrs.val,
      });
    }
  }
  return definitions;
}

/** Replays list counters over the paragraphs of one document. */
export class NumberingCounter {
  private readonly counters = new Map<string, number[]>();
  private readonly seenNums = new Set<string>();

  constructor(private readonly definitions: NumberingDefinitions) {}

  /** The label Word draws before a paragraph (`1.`, `（一）`), or '' when it has none. */
  labelFor(paragraphProperties: XmlElement | undefined): string {
    const reference = this.findReference(paragraphProperties);
    if (reference === undefined) return '';
    const num = this.definitions.nums.get(reference.numId);
    const levels = num === undefined ? undefined : this.definitions.abstracts.get(num.abstractId);
    if (num === undefined || levels === undefined) return '';
    const counters = this.counters.get(num.abstractId) ?? [];
    this.counters.set(num.abstractId, counters);
    if (!this.seenNums.has(reference.numId)) {
      this.seenNums.add(reference.numId);
      for (const [level, start] of num.overrides) {
        counters[level] = start - 1;
        counters.length = level + 1;
      }
    }
    const level = reference.level;
    const definition = levels.get(level);
    if (definition === undefined || definition.format === 'none') return '';
    counters[level] = (counters[level] ?? definition.start - 1) + 1;
    counters.length = level + 1;
    if (definition.format === 'bullet') return '';
    return definition.text.replace(/%(\d)/gu, (_, digit: string) => {
      const shown = Number(digit) - 1;
      const value = counters[shown] ?? levels.get(shown)?.start ?? 1;
      return formatCounter(value, levels.get(shown)?.format ?? 'decimal');
    });
  }

  private findReference(
    properties: XmlElement | undefined,
  ): { numId: string; level: number } | undefined {
    const numPr = properties === undefined ? undefined : findChild(properties, 'numPr');
    const direct = numPr === undefined ? undefined : findChild(numPr, 'numId')?.attrs.val;
    if (direct !== undefined && numPr !== undefined) {
      // numId 0 switches numbering off for the paragraph.
      if (direct === '0') return undefined;
      return { numId: direct, level: Number(findChild(numPr, 'ilvl')?.attrs.val ?? '0') };
    }
    let styleId = properties === undefined ? undefined : findChild(properties, 'pStyle')?.attrs.val;
    for (let depth = 0; styleId !== undefined && depth < 10; depth++) {
      const style = this.definitions.styles.get(styleId);
      if (style === undefined) return undefined;
      if (style.numId !== undefined)
        return style.numId === '0' ? undefined : { numId: style.numId, level: style.level };
      styleId = style.basedOn;
    }
    return undefined;
  }
}

const CHINESE_DIGITS = '〇一二三四五六七八九';
const HEAVENLY_STEMS = '甲乙丙丁戊己庚辛壬癸';

function formatCounter(value: number, format: string): string {
  switch (format) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'chineseLegalSimplified':
    case 'ideographDigital':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return toChineseCount(value);
    case 'ideographTraditional':
      return HEAVENLY_STEMS[(value - 1) % 10] ?? String(value);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return value >= 1 && value <= 20 ? String.fromCodePoint(0x245f + value) : String(value);
    case 'decimalEnclosedParen':
      return value >= 1 && value <= 20 ? String.fromCodePoint(0x2473 + value) : `(${value})`;
    case 'decimalZero':
      return String(value).padStart(2, '0');
    case 'upperLetter':
      return toLetters(value).toUpperCase();
    case 'lowerLetter':
      return toLetters(value);
    case 'upperRoman':
      return toRoman(value);
    case 'lowerRoman':
      return toRoman(value).toLowerCase();
    default:
      return String(value);
  }
}

function toChineseCount(value: number): string {
  if (value <= 0 || value >= 100) return String(value);
  if (value < 10) return CHINESE_DIGITS[value] ?? String(value);
  const tens = Math.floor(value / 10);
  const ones = value % 10;
  return `${tens === 1 ? '' : (CHINESE_DIGITS[tens] ?? '')}十${ones === 0 ? '' : (CHINESE_DIGITS[ones] ?? '')}`;
}

function toLetters(value: number): string {
  const letter = String.fromCharCode(97 + ((value - 1) % 26));
  return letter.repeat(Math.floor((value - 1) / 26) + 1);
}

function toRoman(value: number): string {
  const numerals: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let rest = value;
  let text = '';
  for (const [amount, numeral] of numerals) {
    while (rest >= amount) {
      text += numeral;
      rest -= amount;
    }
  }
  return text;
}
