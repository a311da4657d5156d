/**
 * Numbers as the sheet shows them. A ledger holds few numbers — the task number, now and then
 * a deadline or a percentage — but each must read as the person typed it: `1`, not `1.0000001`;
 * `2023-06-30`, not `45107`; `50%`, not `0.5`.
 */

/** Built-in number formats that are dates or times (ECMA-376 18.8.30, with the CJK ids). */
const BUILTIN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51,
  52, 53, 54, 55, 56, 57, 58,
]);

const BUILTIN_CODES: Record<number, string> = {
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  36: 'yyyy"年"m"月"',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: 'yyyy"年"m"月"',
  56: 'm"月"d"日"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

export interface NumberFormat {
  id: number;
  code: string;
}

export function findBuiltinCode(id: number): string {
  return BUILTIN_CODES[id] ?? 'General';
}

/** The format code with quoted literals, escapes and bracketed parts ([Red], [$-804]) removed. */
function stripLiterals(code: string): string {
  return code
    .replace(/"[^"]*"/gu, '')
    .replace(/\\./gu, '')
    .replace(/\[[^\]]*\]/gu, '');
}

export function isDateFormat(format: NumberFormat): boolean {
  if (BUILTIN_DATES.has(format.id)) return true;
  const section = stripLiterals(format.code.split(';')[0] ?? '');
  return /[ymdhs]/iu.test(section) && !/^general$/iu.test(section.trim());
}

/** Formats a numeric cell value with its number format. */
export function formatNumber(value: number, format: NumberFormat, date1904: boolean): string {
  if (isDateFormat(format)) return formatDate(value, format, date1904);
  const section = stripLiterals(format.code.split(';')[0] ?? '');
  const decimals = /\.([0#?]+)/u.exec(section)?.[1]?.length;
  if (section.includes('%')) {
    const percent = value * 100;
    return `${decimals === undefined ? roundGeneral(percent) : percent.toFixed(decimals)}%`;
  }
  if (decimals !== undefined) return value.toFixed(decimals);
  if (/^[#,0]+$/u.test(section.trim())) return Math.round(value).toString();
  return roundGeneral(value);
}

/** Excel's General: up to 15 significant digits, no trailing zeros, no float noise. */
function roundGeneral(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

const DAY_MS = 86_400_000;
/** Days from 1899-12-30 (the 1900 system's day 0, past Lotus' leap-year bug) to 1970-01-01. */
const EPOCH_1900 = 25_569;
/** Days from 1904-01-01 (the 1904 system's day 0) to 1970-01-01. */
const EPOCH_1904 = 24_107;

function formatDate(serial: number, format: NumberFormat, date1904: boolean): string {
  const epoch = date1904 ? EPOCH_1904 : EPOCH_1900;
  const date = new Date(Math.round((serial - epoch) * DAY_MS));
  if (Number.isNaN(date.getTime())) return String(serial);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  const code = format.code.length > 0 ? format.code : findBuiltinCode(format.id);
  const stripped = stripLiterals(code);
  const hasDay = /d/iu.test(stripped);
  const hasYear = /y/iu.test(stripped);
  if (code.includes('年') || code.includes('月') || code.includes('日')) {
    return `${hasYear ? `${year}年` : ''}${month}月${hasDay ? `${day}日` : ''}`;
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  const dateText = `${year}-${pad(month)}-${pad(day)}`;
  const hasTime = /h|s/iu.test(stripped);
  if (!hasTime) return dateText;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  // `m` is a month or a minute depending on its neighbours; a year or a day settles it.
  return hasYear || hasDay ? `${dateText} ${time}` : time;
}
