/**
 * The text of a PDF/Word table, as the seed holds it: a title line, then one cell per line,
 * each ending in ` |`. A line of pipes only is that many empty cells (`||` is two). A line
 * without a trailing pipe continues its cell on the next line, joined without the line break.
 *
 * Such text has no row breaks, so this reader decides where rows begin, with the row patterns
 * of `@duban/core` (`classifyRowStart`): a task number, a section heading, or the header. The
 * parser then recognises exactly the rows the reader started. Merged cells are lost in such
 * text (`mergesLost: true`); rebuilding them is the parser's job, not the reader's.
 */
import type { Grid, GridRow } from '@duban/core';
import { classifyRowStart } from '@duban/core';

interface TextCell {
  text: string;
  line: number;
}

/** Where the table begins: the first line whose first cell opens a row. */
function findTableStart(lines: readonly string[], preamble: string[]): number {
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.includes('|')) {
      preamble.push(trimmed);
      continue;
    }
    const first = trimmed.split('|')[0]?.trim() ?? '';
    if (classifyRowStart(first) !== undefined) return index;
    const text = trimmed
      .split('|')
      .map((piece) => piece.trim())
      .filter((piece) => piece !== '')
      .join(' ');
    if (text !== '') preamble.push(text);
  }
  return lines.length;
}

/** Splits the table part into cells; a cell's line is where its text begins. */
function tokenize(lines: readonly string[], start: number): TextCell[] {
  const cells: TextCell[] = [];
  let pending = '';
  let pendingLine: number | undefined;
  for (let index = start; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const lineNumber = index + 1;
    const pieces = line.split('|');
    pieces.forEach((piece, position) => {
      if (pendingLine === undefined && piece.trim() !== '') pendingLine = lineNumber;
      pending += piece;
      if (position === pieces.length - 1) return;
      cells.push({ text: pending.trim(), line: pendingLine ?? lineNumber });
      pending = '';
      pendingLine = undefined;
    });
  }
  // Text after the last pipe is a cell whose closing pipe is missing (a truncated file).
  if (pending.trim() !== '')
    cells.push({ text: pending.trim(), line: pendingLine ?? lines.length });
  return cells;
}

function isEmptyOrRowStart(cell: TextCell | undefined): boolean {
  return cell === undefined || cell.text === '' || classifyRowStart(cell.text) === 'task';
}

/** Groups cells into rows: a row begins at a cell that opens one (see the module comment). */
function segment(cells: readonly TextCell[]): GridRow[] {
  const rows: GridRow[] = [];
  let current: { row: GridRow; kind: 'header' | 'section' | 'task' | 'other' } | undefined;
  cells.forEach((cell, index) => {
    const next = cells[index + 1];
    const kind = classifyRowStart(cell.text);
    // Whatever follows a task number is the task's text, even if it looks like a number.
    const awaitingText = current?.kind === 'task' && current.row.cells.length === 1;
    const opens =
      current === undefined ||
      (!awaitingText &&
        (kind === 'task' ||
          // A heading is followed by the section row's empty cells; prose starting (一) is not.
          (kind === 'section' && isEmptyOrRowStart(next)) ||
          // A header row is a run of header names; one word like 责任单位 inside a task is not.
          (kind === 'header' &&
            current.kind !== 'header' &&
            next !== undefined &&
            classifyRowStart(next.text) === 'header')));
    if (opens || current === undefined) {
      current = { row: { cells: [], ref: { line: cell.line } }, kind: kind ?? 'other' };
      rows.push(current.row);
    }
    current.row.cells.push({ text: cell.text });
  });
  return rows;
}

/**
 * Reads pipe-separated table text into a Grid (`mergesLost: true`). Never fails: text with no
 * table in it gives a Grid with no rows, which the parser reports.
 *
 * @example
 * ```ts
 * readTextGrid('seed.txt', '弋江区2023年二季度…\n序号 |\n目 标 与 任 务 |\n…\n1 |\n坚持壮大…|\n区发改委 |\n');
 * // { name: 'seed.txt', preamble: ['弋江区2023年二季度…'], mergesLost: true,
 * //   rows: [{ ref: { line: 2 }, cells: [{ text: '序号' }, …] }, { ref: { line: 10 }, … }] }
 * ```
 */
export function readTextGrid(name: string, text: string): Grid {
  const lines = text.split(/\r\n|\r|\n/u);
  const preamble: string[] = [];
  const start = findTableStart(lines, preamble);
  return { name, preamble, rows: segment(tokenize(lines, start)), mergesLost: true };
}
