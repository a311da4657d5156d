/**
 * One worksheet → raw rows: cell values as displayed, formulas by their cached result, hidden
 * rows and columns left out (a person importing a sheet expects what they see), and every cell
 * covered by a merged range given its master's text and marked `above` or `left`.
 */
import type { RawCell, RawRow } from '../shared/table.ts';
import { childElements, collectText, findChild } from '../shared/xml.ts';
import type { XmlElement } from '../shared/xml.ts';
import { formatNumber } from './number-format.ts';
import type { NumberFormat } from './number-format.ts';
import { decodeOoxmlEscapes, readRichText } from './workbook.ts';
import type { Workbook } from './workbook.ts';

/** Far wider than any ledger; a stray value in column XFD must not make every row 16 384 wide. */
export const MAX_COLUMNS = 256;
/**
 * Cells covered by merges, all merges together, per cell the sheet has a value in: a ledger's
 * merges cover a few of its columns. A hostile `A1:IV9999999` over a sparse sheet (or one
 * merge repeated thousands of times) stops here instead of running for minutes; the merges
 * beyond the budget are not applied.
 */
const COVERED_PER_VALUE = 10;
const MIN_COVERED_BUDGET = 100_000;

interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const GENERAL: NumberFormat = { id: 0, code: 'General' };

/** `AB12` → { row: 12, column: 28 }; undefined when the reference is malformed. */
export function parseCellRef(ref: string): { row: number; column: number } | undefined {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/u.exec(ref.trim());
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  let column = 0;
  for (const ch of match[1].toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(match[2]), column };
}

function parseRange(ref: string): Range | undefined {
  const [first, second] = ref.split(':');
  const start = parseCellRef(first ?? '');
  const end = second === undefined ? start : parseCellRef(second);
  if (start === undefined || end === undefined) return undefined;
  return {
    top: Math.min(start.row, end.row),
    left: Math.min(start.column, end.column),
    bottom: Math.max(start.row, end.row),
    right: Math.max(start.column, end.column),
  };
}

export function readWorksheet(xml: XmlElement, sheetName: string, book: Workbook): RawRow[] {
  const values = new Map<number, Map<number, string>>();
  const hiddenRows = new Set<number>();
  let lastColumn = 0;
  let rowNumber = 0;
  for (const row of childElements(findChild(xml, 'sheetData') ?? xml, 'row')) {
    rowNumber = Number(row.attrs.r ?? rowNumber + 1);
    if (row.attrs.hidden === '1' || row.attrs.hidden === 'true') hiddenRows.add(rowNumber);
    let columnNumber = 0;
    for (const cell of childElements(row, 'c')) {
      columnNumber = parseCellRef(cell.attrs.r ?? '')?.column ?? columnNumber + 1;
      if (columnNumber > MAX_COLUMNS) continue;
      const text = readCellText(cell, book);
      if (text === '') continue;
      let cells = values.get(rowNumber);
      if (cells === undefined) values.set(rowNumber, (cells = new Map<number, string>()));
      cells.set(columnNumber, text);
      lastColumn = Math.max(lastColumn, columnNumber);
    }
  }

  let lastRow = 0;
  for (const r of values.keys()) lastRow = Math.max(lastRow, r);
  const hiddenColumns = new Set<number>();
  for (const column of childElements(findChild(xml, 'cols') ?? xml, 'col')) {
    if (column.attrs.hidden !== '1' && column.attrs.hidden !== 'true') continue;
    const max = Math.min(Number(column.attrs.max ?? column.attrs.min), lastColumn);
    for (let c = Math.max(1, Number(column.attrs.min)); c <= max; c++) hiddenColumns.add(c);
  }

  // Covered cells take the master's text; a merge is clipped to where the sheet has values.
  const covered = new Map<number, Map<number, RawCell>>();
  let valueCount = 0;
  for (const cells of values.values()) valueCount += cells.size;
  let budget = Math.max(MIN_COVERED_BUDGET, valueCount * COVERED_PER_VALUE);
  merges: for (const merge of childElements(findChild(xml, 'mergeCells') ?? xml, 'mergeCell')) {
    const range = parseRange(merge.attrs.ref ?? '');
    if (range === undefined) continue;
    const text = values.get(range.top)?.get(range.left) ?? '';
    const right = Math.min(range.right, lastColumn);
    const bottom = Math.min(range.bottom, lastRow);
    for (let r = range.top; r <= bottom; r++) {
      for (let c = range.left; c <= right; c++) {
        if (r === range.top && c === range.left) continue;
        if (--budget < 0) break merges;
        let cells = covered.get(r);
        if (cells === undefined) covered.set(r, (cells = new Map<number, RawCell>()));
        cells.set(c, { text, merged: c === range.left ? 'above' : 'left' });
      }
    }
  }

  const rowNumbers = [...new Set([...values.keys(), ...covered.keys()])].sort((a, b) => a - b);
  const rows: RawRow[] = [];
  for (const r of rowNumbers) {
    if (hiddenRows.has(r)) continue;
    const own = values.get(r);
    const merged = covered.get(r);
    const cells: RawCell[] = [];
    for (let c = 1; c <= lastColumn; c++) {
      if (hiddenColumns.has(c)) continue;
      cells.push(merged?.get(c) ?? { text: own?.get(c) ?? '' });
    }
    if (cells.some((cell) => cell.text !== ''))
      rows.push({ cells, ref: { sheet: sheetName, row: r } });
  }
  return rows;
}

/** A cell's displayed text: strings, numbers with their format, cached formula results. */
function readCellText(cell: XmlElement, book: Workbook): string {
  const type = cell.attrs.t ?? 'n';
  const valueElement = findChild(cell, 'v');
  const value = valueElement === undefined ? undefined : collectText(valueElement);
  switch (type) {
    case 's':
      return book.sharedStrings[Number(value)] ?? '';
    case 'inlineStr': {
      const inline = findChild(cell, 'is');
      return inline === undefined ? decodeOoxmlEscapes(value ?? '') : readRichText(inline);
    }
    case 'str':
      return decodeOoxmlEscapes(value ?? '');
    case 'b':
      return value === undefined ? '' : value === '1' ? 'TRUE' : 'FALSE';
    case 'e':
      return value ?? '';
    case 'd':
      return (value ?? '').replace(/T00:00:00(?:\.0+)?Z?$/u, '');
    default: {
      if (value === undefined || value.trim() === '') return '';
      const number = Number(value);
      if (!Number.isFinite(number)) return value;
      const format = book.formats[Number(cell.attrs.s ?? '0')] ?? GENERAL;
      return formatNumber(number, format, book.date1904);
    }
  }
}
