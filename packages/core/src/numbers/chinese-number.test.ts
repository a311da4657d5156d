import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChineseNumber } from './chinese-number.ts';
import { findQuantities } from './quantities.ts';

const DIGITS = '零一二三四五六七八九';

/** Writes a section below 10000 the standard way: 1020 → 一千零二十, 15 → 一十五. */
function writeSection(n: number): string {
  const places = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
    [1, ''],
  ] as const;
  let out = '';
  let zero = false;
  for (const [size, unit] of places) {
    const d = Math.floor(n / size) % 10;
    if (d === 0) {
      if (out !== '') zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += (DIGITS[d] ?? '') + unit;
  }
  return out;
}

/**
 * An independent writer of Chinese numerals, the test's reference: 120 → 一百二十,
 * 100000005 → 一亿零五, 12 → 十二 (the usual way, without the leading 一).
 */
function writeChinese(n: number): string {
  if (n === 0) return '零';
  const yi = Math.floor(n / 1e8);
  const wan = Math.floor((n % 1e8) / 1e4);
  const rest = n % 1e4;
  const parts: string[] = [];
  let pendingZero = false;
  for (const [value, unit] of [
    [yi, '亿'],
    [wan, '万'],
    [rest, ''],
  ] as const) {
    if (value === 0) {
      if (parts.length > 0) pendingZero = true;
      continue;
    }
    // A gap in the upper places of a section is read as 零: 一万零五百.
    if (parts.length > 0 && (pendingZero || value < 1000)) parts.push('零');
    pendingZero = false;
    parts.push(writeSection(value) + unit);
  }
  const text = parts.join('');
  return text.startsWith('一十') ? text.slice(1) : text;
}

describe('parseChineseNumber', () => {
  it.each([
    ['1.8万', 18000],
    ['1.3亿', 130000000],
    ['140.55亿', 14055000000],
    ['68426.7万', 684267000],
    ['0.69亿', 69000000],
    ['14,093', 14093],
    ['1,234.5', 1234.5],
    ['3千万', 30000000],
    ['１２．５', 12.5],
    ['二十', 20],
    ['两', 2],
    ['两千', 2000],
    ['十', 10],
    ['十二', 12],
    ['一百二十', 120],
    ['一百零五', 105],
    ['一千零二十', 1020],
    ['三万五千', 35000],
    ['一万二', 12000],
    ['三千五', 3500],
    ['一亿二千万', 120000000],
    ['三点五万', 35000],
    ['二〇二三', 2023],
    ['零', 0],
  ])('reads %s as %d', (text, value) => {
    expect(parseChineseNumber(text)).toBe(value);
  });

  it.each(['十四五', '百', '万', '万千', '1.2.3', '两两', '', '三区', '1,23'])(
    'refuses %s',
    (text) => {
      expect(parseChineseNumber(text)).toBeUndefined();
    },
  );

  it('reads back any integer written in Chinese numerals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999 }), (n) => {
        expect(parseChineseNumber(writeChinese(n))).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads 一十 and 两 where people write them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 19 }), (n) => {
        expect(parseChineseNumber(`一${writeChinese(n)}`)).toBe(n);
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('千', '百', '万', '亿'),
        fc.integer({ min: 0, max: 9 }),
        (unit, d) => {
          const base = { 千: 2000, 百: 200, 万: 20000, 亿: 200000000 }[unit];
          const tail = d === 0 ? '' : `零${DIGITS[d] ?? ''}`;
          expect(parseChineseNumber(`两${unit}${tail}`)).toBe(base + d);
        },
      ),
    );
  });

  it('reads back any integer written with thousands separators', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(parseChineseNumber(n.toLocaleString('en-US'))).toBe(n);
      }),
    );
  });

  it('multiplies 万 and 亿 out exactly, as the decimal text says', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom(['万', 4], ['亿', 8], ['千万', 7]),
        (mantissa, decimals, [word, exponent]) => {
          const digits = mantissa.toString().padStart(decimals + 1, '0');
          const written =
            decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
          // Every multiplier covers the decimals, so the exact value is an integer.
          const expected = Number(mantissa * 10n ** BigInt(exponent - decimals));
          expect(parseChineseNumber(written + word)).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...Array.from('0123456789.,万亿千百十一二两三零点余约')),
        }),
        (s) => {
          const value = parseChineseNumber(s);
          expect(value === undefined || Number.isFinite(value)).toBe(true);
        },
      ),
    );
  });
});

describe('findQuantities on generated numbers', () => {
  it('finds a number written in Chinese between words, with its unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 99_999_999 }),
        fc.constantFrom('个', '家', '人', '亩', '公里', '项'),
        fc.constantFrom('新增', '完成', '共有', '已建成'),
        (n, unit, verb) => {
          const found = findQuantities(`${verb}${writeChinese(n)}${unit}，`);
          expect(found).toHaveLength(1);
          expect(found[0]?.value).toBe(n);
          expect(found[0]?.unit).toBe(unit);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('finds an Arabic number with 万 and a unit, exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999 }), (tenths) => {
        const written = `${Math.floor(tenths / 10)}.${tenths % 10}万人`;
        const found = findQuantities(`全区城镇新增就业${written}。`);
        expect(found.map((q) => [q.value, q.unit])).toEqual([[tenths * 1000, '人']]);
      }),
    );
  });
});
