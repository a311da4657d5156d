/**
 * .csv → Grid. The encoding is detected (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/
 * GBK), the separator too (comma, tab — Excel's "Unicode text" — or semicolon). Quoted fields
 * may hold separators, doubled quotes and line breaks. A CSV has no merged cells: a cell that
 * was merged in the workbook it came from is simply empty.
 */
import type { Grid, Result } from '@duban/core';
import { ok } from '@duban/core';
import { checkFileSize } from '../shared/container.ts';
import { decodeTextBytes } from '../shared/decode-bytes.ts';
import { failWith, quote } from '../shared/issues.ts';
import { DEFAULT_LIMITS } from '../shared/limits.ts';
import type { ReadLimits } from '../shared/limits.ts';
import { assembleGrid, HEADER_SEARCH_ROWS, splitTable } from '../shared/table.ts';
import type { RawRow } from '../shared/table.ts';

export interface ReadCsvOptions {
  limits?: ReadLimits;
}

const SEPARATORS = [',', '\t', ';'] as const;

/** The separator used most often outside quotes in the first few kilobytes. */
export function detectSeparator(text: string): string {
  const sample = text.slice(0, 8192);
  const counts = new Map<string, number>(SEPARATORS.map((separator) => [separator, 0]));
  let quoted = false;
  for (const ch of sample) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string = ',';
  for (const [separator, count] of counts) if (count > (counts.get(best) ?? 0)) best = separator;
  return best;
}

export interface CsvRecord {
  fields: string[];
  /** 1-based: the row a spreadsheet shows this record on. */
  row: number;
  /** 1-based line of the file where the record begins. */
  line: number;
}

/**
 * Splits CSV text into records (RFC 4180, leniently: a quote inside an unquoted field is kept).
 * Returns the records, or the line where an unterminated quoted field began.
 */
export function parseCsv(
  text: string,
  separator: string,
): { records: CsvRecord[] } | { unterminatedAt: number } {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  const endRecord = () => {
    fields.push(field);
    records.push({ fields, row: records.length + 1, line: recordLine });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let index = 0; index < text.length; index++) {
    const ch = text.charAt(index);
    if (quoted) {
      if (ch === '"') {
        if (text.charAt(index + 1) === '"') {
          field += '"';
          index++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (ch === separator) {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text.charAt(index + 1) === '\n') index++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) return { unterminatedAt: quoteLine };
  if (field !== '' || fields.length > 0) endRecord();
  return { records };
}

/**
 * Reads a .csv ledger into a Grid.
 *
 * @example
 * ```ts
 * readCsvGrid('台账.csv', iconv.encode('序号,目标与任务,牵头责任单位\n1,任务一,区发改委\n', 'gbk'));
 * // { ok: true, value: { rows: [{ cells: [{ text: '序号' }, …], ref: { row: 1 } }, …] } }
 * ```
 */
export function readCsvGrid(
  name: string,
  bytes: Uint8Array,
  options: ReadCsvOptions = {},
): Result<Grid> {
  const size = checkFileSize(name, bytes, options.limits ?? DEFAULT_LIMITS);
  if (!size.ok) return size;
  const decoded = decodeTextBytes(name, bytes);
  if (!decoded.ok) return decoded;
  const text = decoded.value.text.replace(/^\uFEFF/u, '');
  const parsed = parseCsv(text, detectSeparator(text));
  if ('unterminatedAt' in parsed) {
    return failWith(
      'csv-malformed',
      `文件${quote(name)}第${parsed.unterminatedAt}行有一个引号没有配对的结束引号，其后的内容无法分列`,
      { line: parsed.unterminatedAt },
    );
  }
  const rows: RawRow[] = parsed.records.map((record) => ({
    cells: record.fields.map((field) => ({ text: field })),
    ref: { row: record.row },
  }));
  const parts = splitTable(rows);
  if (parts === undefined) {
    const last = rows[Math.min(rows.length, HEADER_SEARCH_ROWS) - 1]?.ref.row;
    return failWith(
      'no-header',
      `文件${quote(name)}${last === undefined ? '没有内容' : `第1–${last}行中找不到台账表头`}：台账应有“序号”“目标与任务”“牵头责任单位”“责任单位”“进展情况”等列（至少两列，其中有“序号”或“目标与任务”）`,
      { row: 1 },
    );
  }
  return ok(assembleGrid(name, parts));
}
