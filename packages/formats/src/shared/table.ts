/**
 * From rows of raw cells (any reader of a real table) to a Grid: find the header row with the
 * same test the parser uses, move what lies above it to the preamble, fold a two-row header
 * into one, resolve in-cell line breaks by column, and square the rows off at the table's width.
 */
import {
  findColumnRole,
  findTaskNumber,
  isHeaderRow,
  isKnownExtraColumn,
  normalizeHeader,
} from '@duban/core';
import type { Grid, GridCell, GridRow, SourceRef } from '@duban/core';
import { normalizeCellText } from './cell-text.ts';
import type { LineBreaks } from './cell-text.ts';

/** A cell as a reader found it: text with its line breaks, and how a merge covers it. */
export interface RawCell {
  text: string;
  merged?: 'above' | 'left';
}

export interface RawRow {
  cells: RawCell[];
  ref: SourceRef;
}

export interface TableParts {
  preamble: string[];
  /** The header row, already folded when the header spans two rows. */
  header: RawRow;
  body: RawRow[];
}

/** How far down a header is looked for: titles and notes above a table take a few rows. */
export const HEADER_SEARCH_ROWS = 30;

/** Headers of columns holding names, where a line break separates two names. */
const NAME_COLUMN = /单位|部门|领导|责任人|联系人/u;

export function rowTexts(row: RawRow): string[] {
  return row.cells.map((cell) => normalizeCellText(cell.text));
}

/** The index of the header row among the first rows, or undefined. */
export function findHeaderIndex(
  rows: readonly RawRow[],
  limit = HEADER_SEARCH_ROWS,
): number | undefined {
  const end = Math.min(rows.length, limit);
  for (let index = 0; index < end; index++) {
    const row = rows[index];
    if (row !== undefined && isHeaderRow(rowTexts(row))) return index;
  }
  return undefined;
}

/** The text a row contributes to the preamble: its distinct cells, merged copies skipped. */
export function describePreambleRow(row: RawRow): string {
  const texts: string[] = [];
  for (const cell of row.cells) {
    const text = normalizeCellText(cell.text);
    if (text !== '' && cell.merged === undefined && !texts.includes(text)) texts.push(text);
  }
  return texts.join(' ');
}

/** Splits rows into preamble, header and body; undefined when no header is found. */
export function splitTable(
  rows: readonly RawRow[],
  limit = HEADER_SEARCH_ROWS,
): TableParts | undefined {
  const headerIndex = findHeaderIndex(rows, limit);
  if (headerIndex === undefined) return undefined;
  const top = rows[headerIndex];
  if (top === undefined) return undefined;
  const preamble = rows
    .slice(0, headerIndex)
    .map(describePreambleRow)
    .filter((text) => text !== '');
  const next = rows[headerIndex + 1];
  if (next !== undefined && isSubHeader(top, next)) {
    return { preamble, header: foldHeader(top, next), body: rows.slice(headerIndex + 2) };
  }
  return { preamble, header: top, body: rows.slice(headerIndex + 1) };
}

/**
 * The second row of a two-row header: names under a group heading (责任单位 → 牵头单位 |
 * 配合单位), with the other columns merged down from the first row or left empty.
 */
function isSubHeader(top: RawRow, next: RawRow): boolean {
  const texts = rowTexts(next);
  if (findTaskNumber(texts[0] ?? '') !== undefined) return false;
  const own = next.cells
    .map((cell, position) => (cell.merged === undefined ? (texts[position] ?? '') : ''))
    .filter((text) => text !== '');
  if (own.length === 0) return false;
  const allHeaders = own.every(
    (text) => findColumnRole(text) !== undefined || isKnownExtraColumn(text),
  );
  if (!allHeaders) return false;
  const mergedDown = next.cells.some((cell) => cell.merged === 'above');
  const grouped = top.cells.some((cell) => cell.merged === 'left');
  // Without merge information (csv), the sub-row must at least leave the number column empty.
  return mergedDown || grouped || (texts[0] ?? '') === '';
}

/** Takes the lower name where the second row has its own, the upper one elsewhere. */
function foldHeader(top: RawRow, next: RawRow): RawRow {
  const width = Math.max(top.cells.length, next.cells.length);
  const cells: RawCell[] = [];
  for (let position = 0; position < width; position++) {
    const upper = top.cells[position];
    const lower = next.cells[position];
    const lowerText =
      lower === undefined || lower.merged === 'above' ? '' : normalizeCellText(lower.text);
    cells.push({ text: lowerText !== '' ? lowerText : normalizeCellText(upper?.text ?? '') });
  }
  return { cells, ref: top.ref };
}

/** Builds the Grid: normalised texts, empty rows dropped, every row as wide as the table. */
export function assembleGrid(name: string, parts: TableParts): Grid {
  const headerTexts = rowTexts(parts.header);
  const breaks: LineBreaks[] = headerTexts.map((text) => {
    const role = findColumnRole(text);
    return role === 'lead' || role === 'co' || NAME_COLUMN.test(normalizeHeader(text))
      ? 'space'
      : 'join';
  });
  const toRow = (row: RawRow): GridRow => ({
    ref: row.ref,
    cells: row.cells.map((cell, position): GridCell => {
      const text = normalizeCellText(cell.text, breaks[position] ?? 'join');
      return cell.merged === undefined ? { text } : { text, merged: cell.merged };
    }),
  });
  const header = toRow(parts.header);
  const body = parts.body.map(toRow).filter((row) => row.cells.some((cell) => cell.text !== ''));
  const width = body.reduce((widest, row) => Math.max(widest, lastFilled(row)), lastFilled(header));
  const square = (row: GridRow): GridRow => {
    const cells = row.cells.slice(0, width);
    while (cells.length < width) cells.push({ text: '' });
    return { cells, ref: row.ref };
  };
  return {
    name,
    preamble: parts.preamble,
    rows: [square(header), ...body.map(square)],
    mergesLost: false,
  };
}

function lastFilled(row: GridRow): number {
  for (let position = row.cells.length - 1; position >= 0; position--) {
    if (row.cells[position]?.text !== '') return position + 1;
  }
  return 0;
}
