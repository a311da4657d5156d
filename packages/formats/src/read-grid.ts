/**
 * Bytes → Grid, by file extension. One reader per format; each produces the same Grid, so
 * there is one ledger parser. Readers plug in here (`GRID_READERS`): .txt (the text of a
 * table, or else a prose notice), .csv, .xlsx and .docx.
 */
import type { Grid, Result } from '@duban/core';
import { fail, ok } from '@duban/core';
import { readCsvGrid } from './csv/read-csv.ts';
import { readDocxGrid } from './docx/read-docx.ts';
import { readProseText } from './prose/read-prose.ts';
import { decodeText } from './text/decode-text.ts';
import { readTextGrid } from './text/read-text-grid.ts';
import { readXlsxGrid } from './xlsx/read-xlsx.ts';

/** What a person may choose about how a file is read. */
export interface ReadGridOptions {
  /** The worksheet holding the ledger (.xlsx); by default the one a reader finds. */
  sheet?: string;
}

type GridReader = (name: string, bytes: Uint8Array, options: ReadGridOptions) => Result<Grid>;

function readText(name: string, bytes: Uint8Array): Result<Grid> {
  const text = decodeText(bytes);
  if (!text.ok) return text;
  const grid = readTextGrid(name, text.value);
  // No table in the text: a notice in prose, whose numbered items with units make one.
  if (grid.rows.length === 0) {
    const prose = readProseText(name, text.value);
    if (prose.ok) return prose;
  }
  return ok(grid);
}

/** Readers by lower-case extension. */
const GRID_READERS: Readonly<Record<string, GridReader>> = {
  '.txt': readText,
  '.csv': (name, bytes) => readCsvGrid(name, bytes),
  '.xlsx': (name, bytes, options) => readXlsxGrid(name, bytes, { sheet: options.sheet }),
  '.docx': (name, bytes) => readDocxGrid(name, bytes),
};

/** The lower-case extension of a file name, with its dot (`.txt`), or '' when it has none. */
export function getExtension(name: string): string {
  const base = name.split(/[\\/]/u).at(-1) ?? name;
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

/** Extensions `readGrid` accepts. */
export const GRID_EXTENSIONS: readonly string[] = Object.keys(GRID_READERS);

/** The issue for a file type nobody reads, naming the ones that are read. */
export function unsupportedFormat(name: string, supported: readonly string[]): Result<never> {
  const extension = getExtension(name);
  const what = extension === '' ? '没有扩展名的文件' : `“${extension}”文件`;
  return fail({
    code: 'unsupported-format',
    path: '文件类型',
    message: `无法读取${what}：目前支持 ${supported.join('、')}`,
  });
}

/**
 * Reads a table file into a Grid, choosing the reader by extension.
 *
 * @example
 * ```ts
 * readGrid('yijiang-2023q2.txt', bytes); // { ok: true, value: { rows: [...], mergesLost: true, … } }
 * readGrid('plan.pdf', bytes);            // { ok: false, issues: [{ code: 'unsupported-format', … }] }
 * ```
 */
export function readGrid(
  name: string,
  bytes: Uint8Array,
  options: ReadGridOptions = {},
): Result<Grid> {
  const reader = GRID_READERS[getExtension(name)];
  return reader === undefined
    ? unsupportedFormat(name, GRID_EXTENSIONS)
    : reader(name, bytes, options);
}
