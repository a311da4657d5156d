/**
 * Numbers as Chinese government reports write them: Arabic digits with thousands separators and
 * decimals, 万/亿/千 multipliers after them (1.8万, 1.3亿), and Chinese numerals (二十, 两千,
 * 一百二十, 三点五万). Values are computed from the decimal text, not by floating-point
 * multiplication, so 140.55亿 is exactly 14055000000.
 */

const DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};

/** Units inside one section (below 万), as powers of ten. */
const SMALL_UNITS: Readonly<Record<string, number>> = { 十: 1, 拾: 1, 百: 2, 佰: 2, 千: 3, 仟: 3 };
/** Section units, as powers of ten. */
const BIG_UNITS: Readonly<Record<string, number>> = { 万: 4, 萬: 4, 亿: 8, 億: 8 };

/** Every character that can appear in a Chinese numeral (without the decimal point 点). */
export const CHINESE_NUMERAL_CHARS =
  Object.keys(DIGITS).join('') +
  Object.keys(SMALL_UNITS).join('') +
  Object.keys(BIG_UNITS).join('');

/** Multipliers that may follow Arabic digits (1.8万, 3千万), as powers of ten. */
export const MULTIPLIERS: Readonly<Record<string, number>> = { 十: 1, 百: 2, 千: 3, 万: 4, 亿: 8 };

const ARABIC = /^(\d+(?:,\d{3})*)(?:\.(\d+))?$/;

/**
 * Parses one number written the Chinese way and returns its plain value, or `undefined` when
 * the text is not a number. Only the number itself: units, 约 or 余 are the business of
 * {@link findQuantities}.
 *
 * @example
 * parseChineseNumber('1.8万'); // 18000
 * parseChineseNumber('1.3亿'); // 130000000
 * parseChineseNumber('14,093'); // 14093
 * parseChineseNumber('一百二十'); // 120
 * parseChineseNumber('两千'); // 2000
 * parseChineseNumber('十四五'); // undefined: a plan's name, not a number
 */
export function parseChineseNumber(input: string): number | undefined {
  const s = toHalfWidth(input.trim());
  if (s === '') return undefined;
  const arabic = /^([\d.,]+)([十百千万亿]*)$/.exec(s);
  if (arabic !== null) {
    const [, digits = '', multipliers = ''] = arabic;
    const m = ARABIC.exec(digits);
    if (m === null) return undefined;
    const exponent = sumMultipliers(multipliers);
    if (exponent === undefined) return undefined;
    return shiftDecimal((m[1] ?? '').replaceAll(',', ''), m[2] ?? '', exponent);
  }
  return parseChineseNumeral(s);
}

/** The power of ten of a run of multipliers (千万 → 7), if the run is one people write. */
function sumMultipliers(run: string): number | undefined {
  // At most one of 十百千, then 万, then 亿: 千万 and 万亿 are numbers, 万千 is not.
  if (!/^[十百千]?万?亿?$/.test(run)) return undefined;
  let exponent = 0;
  for (const ch of run) exponent += MULTIPLIERS[ch] ?? 0;
  return exponent;
}

/**
 * `intDigits.fracDigits × 10^exponent`, computed on the decimal text so that the result is the
 * double nearest to the true value.
 */
export function shiftDecimal(intDigits: string, fracDigits: string, exponent: number): number {
  const all = intDigits + fracDigits;
  const point = intDigits.length + exponent;
  const text =
    point >= all.length
      ? all + '0'.repeat(point - all.length)
      : `${all.slice(0, point)}.${all.slice(point)}`;
  return Number(text);
}

function parseChineseNumeral(s: string): number | undefined {
  const pointAt = s.indexOf('点');
  if (pointAt === -1) {
    // A trailing multiplier after a plain numeral: 三万 is handled by the grammar itself.
    return parseChineseInteger(s);
  }
  const intPart = s.slice(0, pointAt);
  const rest = s.slice(pointAt + 1);
  // 三点五万: decimals, then an optional run of section units.
  const m = /^([零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖]+)([万亿]*)$/.exec(rest);
  if (m === null) return undefined;
  const int = parseChineseInteger(intPart);
  if (int === undefined) return undefined;
  const frac = Array.from(m[1] ?? '')
    .map((ch) => String(DIGITS[ch] ?? 0))
    .join('');
  const exponent = sumMultipliers(m[2] ?? '');
  if (exponent === undefined) return undefined;
  return shiftDecimal(String(int), frac, exponent);
}

/**
 * The integer grammar: sections of digit+unit pairs separated by 万 and 亿, with 零 for gaps and
 * the colloquial tail (一万二 = 12000, 三千五 = 3500). A run of bare digits (二〇二三) reads
 * digit by digit.
 */
function parseChineseInteger(s: string): number | undefined {
  const chars = Array.from(s);
  if (chars.length === 0) return undefined;
  if (chars.every((ch) => DIGITS[ch] !== undefined)) {
    if (chars.length === 1) return DIGITS[chars[0] ?? ''];
    // 两 is a count word, never a digit of a number read digit by digit.
    if (chars.includes('两')) return undefined;
    return Number(chars.map((ch) => String(DIGITS[ch])).join(''));
  }
  let high = 0; // the part at and above 亿, already multiplied
  let wan = 0; // the part between 亿 and 万, already multiplied
  let section = 0; // the part below 万
  let digit: number | undefined;
  let zeroSeen = false;
  let lastSmall = Infinity; // the power of the last small unit in this section
  let lastUnit: number | undefined; // the power of the unit right before the pending digit
  let bigSeen = Infinity;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const d = DIGITS[ch];
    if (d !== undefined) {
      // Two digits in a row after a unit (十四五) are not one number.
      if (digit !== undefined) return undefined;
      if (d === 0) zeroSeen = true;
      else digit = d;
      continue;
    }
    const small = SMALL_UNITS[ch];
    if (small !== undefined) {
      if (digit === undefined) {
        // 十 alone stands for 一十, but only where a section starts: 十二, 二万十五 is not written.
        const sectionStart = i === 0 || BIG_UNITS[chars[i - 1] ?? ''] !== undefined;
        if (small !== 1 || !sectionStart) return undefined;
        digit = 1;
      }
      if (small >= lastSmall) return undefined;
      section += digit * 10 ** small;
      lastSmall = small;
      lastUnit = small;
      digit = undefined;
      zeroSeen = false;
      continue;
    }
    const big = BIG_UNITS[ch];
    if (big === undefined || big >= bigSeen) return undefined;
    const value = section + (digit ?? 0);
    if (value === 0) return undefined;
    if (big === 8) {
      high = (high + wan + value) * 1e8;
      wan = 0;
    } else {
      wan = value * 1e4;
    }
    bigSeen = big;
    section = 0;
    digit = undefined;
    zeroSeen = false;
    lastSmall = Infinity;
    lastUnit = big;
  }
  if (digit !== undefined) {
    // 一百二 = 120, 一万二 = 12000: a lone digit right after a unit above 十 counts in the next
    // lower place. After 零 (一百零二) it is the ones.
    const colloquial = !zeroSeen && lastUnit !== undefined && lastUnit > 1;
    section += colloquial ? digit * 10 ** ((lastUnit ?? 1) - 1) : digit;
  }
  return high + wan + section;
}

/** Full-width digits and punctuation (１２．５％) to their ASCII forms. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF10-\uFF19\uFF0E\uFF05]/g, (ch) =>
    String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}
