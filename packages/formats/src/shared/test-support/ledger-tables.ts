/**
 * Test support: writes a ledger back out as the files offices keep — an .xlsx and a .docx with
 * real merged cells (a unit cell merged down over consecutive tasks with the same unit, section
 * rows merged across), a .csv in any encoding — so the readers can be checked against the
 * ledger the seed's text gives. Used by tests only; exceljs and docx are independent writers,
 * so a reader bug cannot cancel out a writer bug.
 */
import {
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  VerticalMergeType,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Ledger } from '@duban/core';

export type SpecRow = { kind: 'section'; text: string } | { kind: 'task'; cells: string[] };

export interface TableSpec {
  title: string;
  header: string[];
  rows: SpecRow[];
}

export const STANDARD_HEADER = ['序号', '目标与任务', '牵头责任单位', '责任单位', '进展情况'];

/** The seed's layout: title, header, `(一)…` section rows, one row per task. */
export function buildLedgerSpec(ledger: Ledger, joinUnits = '\n'): TableSpec {
  const rows: SpecRow[] = [];
  let section: string | undefined;
  for (const task of ledger.tasks) {
    if (task.section !== section) {
      section = task.section;
      const title = ledger.sections.find((candidate) => candidate.ordinal === section)?.title ?? '';
      rows.push({ kind: 'section', text: `(${section})${title}` });
    }
    rows.push({
      kind: 'task',
      cells: [
        task.no,
        task.text,
        task.lead.join(joinUnits),
        task.co.join(joinUnits),
        task.progress,
      ],
    });
  }
  return { title: ledger.title, header: STANDARD_HEADER, rows };
}

export interface VerticalRun {
  column: number;
  /** Indexes into `spec.rows`, first and last row of the run. */
  first: number;
  last: number;
}

/**
 * Runs of consecutive tasks (no section row between) with the same non-empty text in a
 * column: what an office merges in its table.
 */
export function findVerticalRuns(spec: TableSpec, columns: readonly number[]): VerticalRun[] {
  const runs: VerticalRun[] = [];
  for (const column of columns) {
    let start: number | undefined;
    let text = '';
    const close = (end: number) => {
      if (start !== undefined && end > start) runs.push({ column, first: start, last: end });
    };
    spec.rows.forEach((row, index) => {
      const cell = row.kind === 'task' ? (row.cells[column] ?? '') : '';
      if (row.kind === 'task' && cell !== '' && cell === text && start !== undefined) return;
      close(index - 1);
      start = row.kind === 'task' && cell !== '' ? index : undefined;
      text = cell;
    });
    close(spec.rows.length - 1);
  }
  return runs;
}

export interface XlsxOptions {
  sheetName?: string;
  /** Columns whose equal consecutive cells are merged. */
  mergeColumns?: readonly number[];
  /** Sheets added before the ledger sheet, e.g. instructions. */
  sheetsBefore?: { name: string; rows: string[][] }[];
}

/** Writes the spec as an .xlsx: title merged across, header, merged section and unit cells. */
export async function writeLedgerXlsx(
  spec: TableSpec,
  options: XlsxOptions = {},
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of options.sheetsBefore ?? []) {
    const worksheet = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) worksheet.addRow(row);
  }
  const sheet = workbook.addWorksheet(options.sheetName ?? '台账');
  const width = spec.header.length;
  sheet.addRow([spec.title]);
  sheet.mergeCells(1, 1, 1, width);
  sheet.addRow(spec.header);
  const firstRow = 3;
  for (const [index, row] of spec.rows.entries()) {
    const excelRow = firstRow + index;
    if (row.kind === 'section') {
      sheet.getCell(excelRow, 1).value = row.text;
      sheet.mergeCells(excelRow, 1, excelRow, width);
    } else {
      row.cells.forEach((text, column) => {
        // The task number as a number, the way offices type it.
        sheet.getCell(excelRow, column + 1).value =
          column === 0 && /^\d+$/u.test(text) ? Number(text) : text;
      });
    }
  }
  for (const run of findVerticalRuns(spec, options.mergeColumns ?? [])) {
    sheet.mergeCells(firstRow + run.first, run.column + 1, firstRow + run.last, run.column + 1);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export interface DocxOptions {
  mergeColumns?: readonly number[];
  /** One table per section, each under a heading paragraph and with its own header row. */
  tablePerSection?: boolean;
}

function paragraphs(text: string): Paragraph[] {
  return text.split('\n').map((line) => new Paragraph(line));
}

/** Writes the spec as a .docx: title paragraph, table(s) with vMerge and gridSpan. */
export async function writeLedgerDocx(
  spec: TableSpec,
  options: DocxOptions = {},
): Promise<Uint8Array> {
  const width = spec.header.length;
  const runs = findVerticalRuns(spec, options.mergeColumns ?? []);
  const mergeState = (index: number, column: number): 'restart' | 'continue' | undefined => {
    const run = runs.find(
      (candidate) =>
        candidate.column === column && candidate.first <= index && index <= candidate.last,
    );
    if (run === undefined) return undefined;
    return run.first === index ? 'restart' : 'continue';
  };
  const headerRow = () =>
    new TableRow({
      tableHeader: true,
      children: spec.header.map((text) => new TableCell({ children: paragraphs(text) })),
    });
  const taskRow = (cells: readonly string[], index: number) =>
    new TableRow({
      children: cells.map((text, column) => {
        const state = mergeState(index, column);
        if (state === 'continue') {
          return new TableCell({
            children: [new Paragraph('')],
            verticalMerge: VerticalMergeType.CONTINUE,
          });
        }
        return new TableCell({
          children: paragraphs(text),
          ...(state === 'restart' ? { verticalMerge: VerticalMergeType.RESTART } : {}),
        });
      }),
    });
  const table = (rows: TableRow[]) =>
    new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });

  const children: (Paragraph | Table)[] = [new Paragraph(spec.title)];
  if (options.tablePerSection === true) {
    let rows: TableRow[] = [];
    const flush = () => {
      if (rows.length > 0) children.push(table([headerRow(), ...rows]));
      rows = [];
    };
    spec.rows.forEach((row, index) => {
      if (row.kind === 'section') {
        flush();
        children.push(new Paragraph(row.text));
      } else {
        rows.push(taskRow(row.cells, index));
      }
    });
    flush();
  } else {
    const rows = spec.rows.map((row, index) =>
      row.kind === 'section'
        ? new TableRow({
            children: [new TableCell({ children: paragraphs(row.text), columnSpan: width })],
          })
        : taskRow(row.cells, index),
    );
    children.push(table([headerRow(), ...rows]));
  }
  const document = new Document({ sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(document));
}

function quoteCsv(text: string): string {
  return /[",\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

/** Writes the spec as CSV (title line, header, rows; nothing merged) in the given encoding. */
export function writeLedgerCsv(
  spec: TableSpec,
  encoding: 'utf-8' | 'utf-8-bom' | 'gbk',
): Uint8Array {
  const width = spec.header.length;
  const lines = [
    [spec.title, ...Array.from({ length: width - 1 }, () => '')],
    spec.header,
    ...spec.rows.map((row) =>
      row.kind === 'section'
        ? [row.text, ...Array.from({ length: width - 1 }, () => '')]
        : row.cells,
    ),
  ].map((cells) => cells.map(quoteCsv).join(','));
  const text = `${lines.join('\r\n')}\r\n`;
  if (encoding === 'gbk') return new Uint8Array(iconv.encode(text, 'gbk'));
  const bytes = new TextEncoder().encode(text);
  if (encoding === 'utf-8') return bytes;
  return new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
}
