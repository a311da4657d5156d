/**
 * Reporting periods (期次): a quarter of a year, labelled `2023Q2`. Reports name them in many
 * ways (二季度, 上半年, 1-6月, 前三季度, 全年); each maps to the quarter whose end it reports on.
 */
import type { PeriodRef } from '../ledger/types.ts';
import type { Result } from '../result/result.ts';
import { fail, ok } from '../result/result.ts';

type Quarter = PeriodRef['quarter'];

const PERIOD_LABEL = /^(\d{4})Q([1-4])$/u;

function toQuarter(value: number): Quarter | undefined {
  return value === 1 || value === 2 || value === 3 || value === 4 ? value : undefined;
}

/** Builds a period with its canonical label: `createPeriod(2023, 2)` → `{ …, label: '2023Q2' }`. */
export function createPeriod(year: number, quarter: Quarter): PeriodRef {
  return { year, quarter, label: `${year}Q${quarter}` };
}

/**
 * Parses a label such as `2023Q2` (what `--period` takes).
 *
 * @example
 * ```ts
 * parsePeriodLabel('2023Q2'); // { ok: true, value: { year: 2023, quarter: 2, label: '2023Q2' } }
 * parsePeriodLabel('2023-2'); // { ok: false, issues: [{ code: 'invalid-period', … }] }
 * ```
 */
export function parsePeriodLabel(label: string): Result<PeriodRef> {
  const match = PERIOD_LABEL.exec(label.trim());
  const quarter = toQuarter(Number(match?.[2]));
  if (match === null || quarter === undefined) {
    return fail({
      code: 'invalid-period',
      path: '期次',
      message: `期次“${label}”格式不对，应为“2023Q2”这样的年份加季度`,
    });
  }
  return ok(createPeriod(Number(match[1]), quarter));
}

/** Time-proportional progress (序时进度) at the end of the period: Q2 → 0.5. */
export function computeExpectedProgress(period: PeriodRef): number {
  return period.quarter / 4;
}

const CHINESE_DIGITS: Record<string, number> = {
  〇: 0,
  '○': 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

function readSmallNumber(text: string): number | undefined {
  if (/^\d+$/u.test(text)) return Number(text);
  if (text === '十') return 10;
  if (text.length === 2 && text.startsWith('十')) {
    const unit = CHINESE_DIGITS[text.charAt(1)];
    return unit === undefined ? undefined : 10 + unit;
  }
  return CHINESE_DIGITS[text];
}

function readYear(text: string): number | undefined {
  const arabic = /((?:19|20)\d{2})\s*年/u.exec(text);
  if (arabic?.[1] !== undefined) return Number(arabic[1]);
  const chinese = /([〇○零一二三四五六七八九]{4})\s*年/u.exec(text);
  if (chinese?.[1] === undefined) return undefined;
  let year = 0;
  for (const ch of chinese[1]) year = year * 10 + (CHINESE_DIGITS[ch] ?? 0);
  return year;
}

const NUMBER = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])';

function readQuarter(text: string): Quarter | undefined {
  // Order matters: 前三季度 contains 三季度, and 2023年度二季度 names a quarter, not the year.
  if (/前三季度/u.test(text)) return 3;
  const quarter = new RegExp(`第?([一二三四1-4])\\s*季度`, 'u').exec(text);
  if (quarter?.[1] !== undefined) return toQuarter(readSmallNumber(quarter[1]) ?? 0);
  if (/上半年/u.test(text)) return 2;
  if (/下半年/u.test(text)) return 4;
  const months = new RegExp(`${NUMBER}\\s*[-－—–~～至到]+\\s*${NUMBER}\\s*月`, 'u').exec(text);
  const lastMonth = months?.[2] ?? new RegExp(`${NUMBER}\\s*月`, 'u').exec(text)?.[1];
  if (lastMonth !== undefined) {
    const month = readSmallNumber(lastMonth);
    if (month !== undefined && month >= 1 && month <= 12) return toQuarter(Math.ceil(month / 3));
  }
  if (/全年|年度|年终|年底/u.test(text)) return 4;
  return undefined;
}

/**
 * Finds the period a report title (or any short text) names, or undefined when it names none.
 *
 * @example
 * ```ts
 * findPeriodInText('弋江区2023年二季度重点工作进展和完成情况'); // 2023Q2
 * findPeriodInText('2023年1-6月重点工作推进情况');              // 2023Q2
 * findPeriodInText('2023年前三季度重点工作');                   // 2023Q3
 * findPeriodInText('重点工作进展情况');                          // undefined
 * ```
 */
export function findPeriodInText(text: string): PeriodRef | undefined {
  const year = readYear(text);
  if (year === undefined) return undefined;
  const quarter = readQuarter(text);
  return quarter === undefined ? undefined : createPeriod(year, quarter);
}
