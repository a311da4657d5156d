/**
 * Finds the quantities in a sentence of a report: a number with its unit, such as 1.8万人,
 * 140.55亿元, 95%, 约60.2吨, 80-100万套, 十余家. Dates (2023年, 5月24日, 二季度), ordinals
 * (第一批, 一期), codes (G205, CN-1) and names containing numerals (三只松鼠, 三区三线, 十四五,
 * “1%工作法”) are not quantities and are not returned.
 */
import {
  CHINESE_NUMERAL_CHARS,
  MULTIPLIERS,
  parseChineseNumber,
  shiftDecimal,
  toHalfWidth,
} from './chinese-number.ts';
import { findUnitAt, MEASURE_UNITS } from './units.ts';

export interface Quantity {
  /** The plain value: 万 and 亿 multiplied out; for a range, its lower end. */
  value: number;
  /** The stored unit (元, 人, 平方米, %, …); '' for a bare amount such as 600万. */
  unit: string;
  /** Written with 约, 近, 余, 多, 左右 …: the value is not exact. */
  approximate: boolean;
  /** For 80-100万套: both ends, multiplied out. */
  range?: { min: number; max: number };
  /**
   * The amount names a kind of thing rather than measuring it: 5亿元以上项目, 供地5亩以上,
   * 经营性收入达50万的. Such quantities are returned so that callers can tell them apart, and
   * are never targets or actuals.
   */
  qualifier: boolean;
  /** `text.slice(start, end)` is the quantity as written, with its 约/余 but not 以上. */
  start: number;
  end: number;
  text: string;
}

const ARABIC_NUMBER = /\d+(?:,\d{3}(?!\d))*(?:\.\d+)?/y;
const CHINESE_START = '零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾';
const CHINESE_NUMBER = new RegExp(
  `[${CHINESE_START}][${CHINESE_NUMERAL_CHARS}]*(?:点[零〇一二三四五六七八九]+[万亿]*)?`,
  'y',
);
const RANGE_SEPARATORS = '-－—–~～至到';
const APPROX_BEFORE = ['大约', '将近', '接近', '约', '近', '逾'];
const APPROX_AFTER = /^(余|多|来)/;
/** Words ending in 约 or 近 that do not make the number after them approximate (签约5个). */
const NOT_APPROX = [
  '签约',
  '合约',
  '预约',
  '节约',
  '制约',
  '公约',
  '条约',
  '契约',
  '履约',
  '特约',
  '违约',
  '解约',
  '续约',
  '最近',
  '附近',
  '邻近',
];
/** Words after 个 that make it a duration: 4个工作日, 3个月. */
const DURATION_AFTER = /^(月|工作日|小时|星期|季度|年|周|半月|钟头)/;
const HAN = /\p{Script=Han}/u;
const CLAUSE_END = /^[\s,，。;；、:：)）!?！？]/;

/**
 * Every quantity in `text`, in order. See {@link Quantity} for what is returned.
 *
 * @example
 * findQuantities('全区城镇新增就业14093人，城镇登记失业率1.12%');
 * // [{ value: 14093, unit: '人', … }, { value: 1.12, unit: '%', … }]
 * findQuantities('争取全年新增城镇就业1.8万人')[0]?.value; // 18000
 * findQuantities('把握“三区三线”调整契机，开启“十四五”期间土地收储'); // []
 */
export function findQuantities(text: string): Quantity[] {
  const s = toHalfWidth(text);
  const names = findNameSpans(s);
  const found: Quantity[] = [];
  let i = 0;
  while (i < s.length) {
    const q = readQuantity(s, i, names);
    if (q === undefined) {
      i += 1;
      continue;
    }
    if (typeof q === 'number') {
      i = Math.max(q, i + 1);
      continue;
    }
    found.push({ ...q, text: text.slice(q.start, q.end) });
    i = q.end;
  }
  return found;
}

/**
 * Reads `text` as one quantity (surrounding spaces allowed), or returns undefined when it is
 * not exactly one.
 *
 * @example
 * parseQuantity('1.3亿元'); // { value: 130000000, unit: '元', … }
 * parseQuantity('约254亩')?.approximate; // true
 * parseQuantity('2023年'); // undefined
 */
export function parseQuantity(text: string): Quantity | undefined {
  const trimmed = text.trim();
  const all = findQuantities(trimmed);
  const only = all[0];
  if (all.length !== 1 || only === undefined) return undefined;
  const before = trimmed.slice(0, only.start);
  if (before !== '' && !APPROX_BEFORE.includes(before)) return undefined;
  if (trimmed.slice(only.end) !== '' && trimmed.slice(only.end) !== '左右') return undefined;
  return only;
}

type Found = Omit<Quantity, 'text'>;

/**
 * Tries to read a quantity at `at`. Returns the quantity, a position to skip to (the number
 * there is not a quantity: a date, an ordinal, a name), or undefined when no number starts here.
 */
function readQuantity(s: string, at: number, names: readonly Span[]): Found | number | undefined {
  const percentWords = s.startsWith('百分之', at);
  const first = readPart(s, percentWords ? at + 3 : at);
  if (first === undefined) return undefined;
  if (!first.chinese && isInsideCode(s, at)) return first.end;
  if (isBefore(s, at, '第')) return first.end;
  if (names.some((n) => at >= n.start && at < n.end)) return first.end;

  let pos = first.end;
  let second: Part | undefined;
  if (!percentWords && RANGE_SEPARATORS.includes(s[pos] ?? '')) {
    const next = readPart(s, pos + 1);
    if (next !== undefined && next.chinese === first.chinese) {
      second = next;
      pos = next.end;
    }
  }
  // 80-100万套: the multiplier written after the second number applies to both.
  const exponent = second?.exponent ?? first.exponent;
  let approximate = first.approximate || second?.approximate === true;
  pos = skipSpaces(s, pos);

  let unit = '';
  const written = percentWords ? undefined : findUnitAt(s, pos);
  if (percentWords) {
    unit = '%';
  } else if (written !== undefined) {
    unit = written.unit;
    pos += written.written.length;
    if (unit === '%') while (s[pos] === '%') pos += 1;
  }

  const bareChinese = first.chinese && /[万亿]/.test(first.number.raw);
  if (unit === '' && exponent === 0 && !bareChinese) return pos;
  if (first.chinese && !percentWords && !isCountedChinese(first.number.raw, unit, s.slice(pos))) {
    return pos;
  }
  if (unit === '个' && DURATION_AFTER.test(s.slice(pos))) return pos;

  const value = scale(first.number, first.exponent === 0 ? exponent : first.exponent);
  const max = second === undefined ? undefined : scale(second.number, exponent);
  if (value === undefined || (second !== undefined && max === undefined)) return pos;

  let start = at;
  for (const word of APPROX_BEFORE) {
    const before = s.slice(0, start);
    if (before.endsWith(word) && !NOT_APPROX.some((w) => before.endsWith(w))) {
      approximate = true;
      start -= word.length;
      break;
    }
  }
  if (s.startsWith('左右', pos)) {
    approximate = true;
    pos += 2;
  }
  const after = s.slice(pos);
  const qualifier =
    (MEASURE_UNITS.has(unit) || unit === '') &&
    (/^及?(以上|以下)/.test(after)
      ? HAN.test(after.replace(/^及?(以上|以下)/, '').charAt(0))
      : /^(的|项目)/.test(after));
  return {
    value,
    unit,
    approximate,
    ...(max !== undefined
      ? { range: { min: Math.min(value, max), max: Math.max(value, max) } }
      : {}),
    qualifier,
    start,
    end: pos,
  };
}

interface NumberToken {
  raw: string;
  chinese: boolean;
  end: number;
  /** The value as written, before any 万 or 亿 after it; NaN for a run that is not a number. */
  value: number;
}

/** A number with what may follow it before the unit: 余 or 多, and 万/亿 after digits. */
interface Part {
  number: NumberToken;
  chinese: boolean;
  approximate: boolean;
  /** The power of ten of the multipliers after Arabic digits (万 → 4). */
  exponent: number;
  end: number;
}

function readPart(s: string, at: number): Part | undefined {
  const number = readNumber(s, at);
  if (number === undefined) return undefined;
  let pos = skipSpaces(s, number.end);
  let approximate = false;
  let exponent = 0;
  if (APPROX_AFTER.test(s.slice(pos))) {
    approximate = true;
    pos += 1;
  }
  // 千米 and 千瓦 are units, not 千 times 米.
  if (!number.chinese && findUnitAt(s, pos) === undefined) {
    const run = /^[百千]?万?亿?/.exec(s.slice(pos))?.[0] ?? '';
    exponent = Array.from(run).reduce((sum, ch) => sum + (MULTIPLIERS[ch] ?? 0), 0);
    pos += run.length;
    if (run !== '' && APPROX_AFTER.test(s.slice(pos))) {
      approximate = true;
      pos += 1;
    }
  }
  // Spaces before a unit belong to the quantity only if a unit follows; the caller skips them.
  return {
    number,
    chinese: number.chinese,
    approximate,
    exponent,
    end: exponent === 0 && !approximate ? number.end : pos,
  };
}

function readNumber(s: string, at: number): NumberToken | undefined {
  ARABIC_NUMBER.lastIndex = at;
  const arabic = ARABIC_NUMBER.exec(s);
  if (arabic !== null) {
    // A digit glued to a preceding digit or point is the middle of another number.
    if (/[\d.]/.test(s[at - 1] ?? '')) return undefined;
    const value = parseChineseNumber(arabic[0]);
    if (value === undefined) return undefined;
    return { raw: arabic[0], chinese: false, end: at + arabic[0].length, value };
  }
  CHINESE_NUMBER.lastIndex = at;
  const chinese = CHINESE_NUMBER.exec(s);
  if (chinese === null) return undefined;
  // Inside a longer run of numeral characters (the 四 of 十四五) nothing starts.
  if (CHINESE_NUMERAL_CHARS.includes(s[at - 1] ?? '\u0000')) return undefined;
  const value = parseChineseNumber(chinese[0]);
  if (value === undefined) {
    // 十四五 is a name; skip the whole run so that 四五 is not read either.
    return { raw: chinese[0], chinese: true, end: at + chinese[0].length, value: Number.NaN };
  }
  return { raw: chinese[0], chinese: true, end: at + chinese[0].length, value };
}

function scale(token: NumberToken, exponent: number): number | undefined {
  if (Number.isNaN(token.value)) return undefined;
  if (exponent === 0 || token.chinese) return token.value;
  const [int = '', frac = ''] = token.raw.replaceAll(',', '').split('.');
  return shiftDecimal(int, frac, exponent);
}

/**
 * Chinese numerals count things far less often than they name them: 一 alone (一批, 一次性,
 * 一张图), 零部件, phases (一期, 二期), 二次供水 and 五一期间 are not figures.
 */
function isCountedChinese(raw: string, unit: string, after: string): boolean {
  if (['一', '壹', '零', '〇'].includes(raw)) return false;
  // 三元电池 is a ternary battery; money in Chinese numerals comes with 万 or 亿 (五万元).
  if (unit === '元' && !/[万亿]/.test(raw)) return false;
  if (unit === '期' || unit === '批') return false;
  if (unit === '次' && HAN.test(after.charAt(0)) && !CLAUSE_END.test(after)) return false;
  return true;
}

/** A number that is part of a code such as G205, CN-1 or SiC3. */
function isInsideCode(s: string, at: number): boolean {
  const prev = s[at - 1] ?? '';
  if (/[A-Za-z]/.test(prev)) return true;
  return (prev === '-' || prev === '_') && /[A-Za-z]/.test(s[at - 2] ?? '');
}

function isBefore(s: string, at: number, word: string): boolean {
  return s.slice(0, at).trimEnd().endsWith(word);
}

function skipSpaces(s: string, at: number): number {
  let pos = at;
  while (s[pos] === ' ' || s[pos] === '\u3000') pos += 1;
  return pos;
}

interface Span {
  start: number;
  end: number;
}

/** The longest quoted text that is still read as a name (“1%工作法”, “四个百日攻坚”). */
const MAX_QUOTED_NAME = 10;

/** Quoted names and titles, whose numerals are part of the name. */
function findNameSpans(s: string): Span[] {
  const spans: Span[] = [];
  const pairs: readonly [string, string, number][] = [
    ['“', '”', MAX_QUOTED_NAME],
    ['「', '」', MAX_QUOTED_NAME],
    ['‘', '’', MAX_QUOTED_NAME],
    ['"', '"', MAX_QUOTED_NAME],
    ['《', '》', Infinity],
  ];
  for (const [open, close, limit] of pairs) {
    let from = 0;
    for (;;) {
      const start = s.indexOf(open, from);
      if (start === -1) break;
      const end = s.indexOf(close, start + 1);
      if (end === -1) break;
      if (end - start - 1 <= limit) spans.push({ start, end });
      from = end + 1;
    }
  }
  return spans;
}
