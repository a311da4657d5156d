/**
 * The quarterly report as .xlsx, in the layout of the .docx: title, header row frozen and
 * repeated on every printed page, section rows merged across, unit cells merged down, wrapped
 * text, A4 landscape fitted to the page width. With a summary, a sheet 综述 (and one listing the
 * tasks behind) comes first.
 */
import type { ReportModel, ReportSummary, ReportTaskRow } from '@duban/core';
import ExcelJS from 'exceljs';
import type { ReportFonts } from './report-fonts.ts';
import { CHARTS_UNAVAILABLE_NOTE, LIGHT_FILLS, resolveFonts } from './report-writer-options.ts';
import type { ReportWriterOptions } from './report-writer-options.ts';
import { buildSummaryTables } from './summary-tables.ts';
import type { SummaryAlign, SummaryTable } from './summary-tables.ts';

type Worksheet = ExcelJS.Worksheet;
type Cell = ExcelJS.Cell;

/** Total width of a table in Excel's character units: a landscape A4 page at about 75 %. */
const TABLE_WIDTH = 160;
/** Points per line of 10.5 pt CJK text, with the leading spreadsheets give it. */
const LINE_HEIGHT = 14.5;
/** Excel refuses taller rows. */
const MAX_ROW_HEIGHT = 409;
/** GB2312, so a viewer without the face substitutes a Chinese one. */
const CHARSET_GB2312 = 134;

const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/**
 * Text a spreadsheet could take for a formula (=, +, -, @, or a leading tab or CR, as OWASP
 * lists them). Such text is written as a string cell, which no viewer evaluates, and given the
 * Text number format, so that editing the cell later does not turn it into a formula either.
 */
const FORMULA_LIKE = /^[=+\-@\t\r]/u;

/**
 * Writes text into a cell so that it stays text. A CR is written as the LF every reader turns
 * it into anyway (XML normalises line ends), so what is written is what is read back.
 */
export function writeTextCell(cell: Cell, text: string): void {
  cell.value = text.replace(/\r\n?/gu, '\n');
  if (FORMULA_LIKE.test(text)) cell.numFmt = '@';
}

/**
 * Sets a column's width in character units. exceljs leaves a width of exactly 9 (its default)
 * out of the file, where Excel's own default of 8.43 would apply instead: nudge it.
 */
function setColumnWidth(ws: Worksheet, column: number, width: number): void {
  ws.getColumn(column).width = width === 9 ? 9.1 : width;
}

/** A share of the table's width, in percent, as a column width. */
function toColumnWidth(percent: number): number {
  return Math.max(6, Math.round((percent / 100) * TABLE_WIDTH));
}

function bodyFont(fonts: ReportFonts): Partial<ExcelJS.Font> {
  return { name: fonts.body, size: 10.5, charset: CHARSET_GB2312 };
}

function headingFont(fonts: ReportFonts): Partial<ExcelJS.Font> {
  return { name: fonts.heading, size: 10.5, charset: CHARSET_GB2312 };
}

const HORIZONTAL: Record<SummaryAlign, 'center' | 'justify' | 'left'> = {
  center: 'center',
  justify: 'left',
  left: 'left',
};

/** Width of text in Excel's units: a CJK or full-width character is about two digits wide. */
function measureText(text: string): number {
  let width = 0;
  for (const char of text) width += (char.codePointAt(0) ?? 0) > 0x2e7f ? 2 : 1.1;
  return width;
}

/** Lines a text wraps into in a column of this width. */
function countLines(text: string, columnWidth: number): number {
  const usable = Math.max(columnWidth - 1.5, 1);
  return text
    .split('\n')
    .reduce((lines, line) => lines + Math.max(1, Math.ceil(measureText(line) / usable)), 0);
}

/**
 * Row heights are estimated rather than left to the viewer: Excel keeps the height a file gives
 * and prints clipped text otherwise, and not every viewer fits rows on opening.
 */
function fitHeight(lines: number): number {
  return Math.min(MAX_ROW_HEIGHT, Math.ceil(lines * LINE_HEIGHT + 6));
}

function writeTitle(
  ws: Worksheet,
  fonts: ReportFonts,
  row: number,
  columns: number,
  text: string,
  size: number,
  role: 'title' | 'body',
): void {
  ws.mergeCells(row, 1, row, columns);
  const cell = ws.getCell(row, 1);
  writeTextCell(cell, text);
  cell.font = { name: fonts[role], size, charset: CHARSET_GB2312 };
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(row).height = size * 2;
}

function writeHeaderRow(
  ws: Worksheet,
  fonts: ReportFonts,
  row: number,
  headers: readonly string[],
): void {
  headers.forEach((header, i) => {
    const cell = ws.getCell(row, i + 1);
    writeTextCell(cell, header);
    cell.font = headingFont(fonts);
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  });
  const widths = headers.map((_, i) => ws.getColumn(i + 1).width ?? 10);
  ws.getRow(row).height = fitHeight(
    Math.max(...headers.map((h, i) => countLines(h, widths[i] ?? 10))),
  );
}

function writeTaskRow(
  ws: Worksheet,
  fonts: ReportFonts,
  model: ReportModel,
  rowNumber: number,
  row: ReportTaskRow,
): number {
  let lines = 1;
  row.cells.forEach((cell, i) => {
    const column = model.columns[i];
    const target = ws.getCell(rowNumber, i + 1);
    writeTextCell(target, cell.text);
    target.font = bodyFont(fonts);
    target.border = BORDER;
    const centred = column?.key === 'no' || column?.key === 'lead' || column?.key === 'co';
    target.alignment = {
      horizontal: centred || column?.key === 'light' ? 'center' : 'left',
      vertical: 'middle',
      wrapText: true,
    };
    if (column?.key === 'light') {
      target.fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: `FF${LIGHT_FILLS[row.light]}` },
      };
    }
    if (cell.span > 1) ws.mergeCells(rowNumber, i + 1, rowNumber + cell.span - 1, i + 1);
    // A merged cell's text has the rows of its merge; the others must fit in their own row.
    if (cell.span === 1)
      lines = Math.max(lines, countLines(cell.text, ws.getColumn(i + 1).width ?? 10));
  });
  return lines;
}

function writeReportSheet(ws: Worksheet, fonts: ReportFonts, model: ReportModel): void {
  const columns = model.columns.length;
  model.columns.forEach((column, i) => {
    setColumnWidth(ws, i + 1, toColumnWidth(column.width));
  });
  let row = 1;
  writeTitle(ws, fonts, row, columns, model.title, 18, 'title');
  row += 1;
  if (model.subtitle !== '') {
    writeTitle(ws, fonts, row, columns, model.subtitle, 12, 'body');
    row += 1;
  }
  const headerRow = row;
  writeHeaderRow(
    ws,
    fonts,
    headerRow,
    model.columns.map((c) => c.header),
  );
  const heights = new Map<number, number>();
  for (const reportRow of model.rows) {
    row += 1;
    if (reportRow.kind === 'section') {
      ws.mergeCells(row, 1, row, columns);
      const cell = ws.getCell(row, 1);
      writeTextCell(cell, reportRow.text);
      cell.font = headingFont(fonts);
      cell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
      heights.set(row, fitHeight(1));
    } else {
      heights.set(row, fitHeight(writeTaskRow(ws, fonts, model, row, reportRow)));
    }
  }
  for (const [number, height] of heights) ws.getRow(number).height = height;
  ws.views = [
    {
      state: 'frozen',
      xSplit: 0,
      ySplit: headerRow,
      topLeftCell: `A${headerRow + 1}`,
      activeCell: `A${headerRow + 1}`,
    },
  ];
  ws.pageSetup.printTitlesRow = `${headerRow}:${headerRow}`;
}

/** A table's header row at `startRow`, then its rows; returns the row after the last. */
function writeSummaryTable(
  ws: Worksheet,
  fonts: ReportFonts,
  startRow: number,
  table: SummaryTable,
  columnWidths: readonly number[],
): number {
  let row = startRow;
  writeHeaderRow(ws, fonts, row, table.headers);
  for (const cells of table.rows) {
    row += 1;
    let lines = 1;
    cells.forEach((text, i) => {
      const cell = ws.getCell(row, i + 1);
      writeTextCell(cell, text);
      cell.font = bodyFont(fonts);
      cell.border = BORDER;
      cell.alignment = {
        horizontal: HORIZONTAL[table.aligns[i] ?? 'center'],
        vertical: 'middle',
        wrapText: true,
      };
      lines = Math.max(lines, countLines(text, columnWidths[i] ?? 10));
    });
    ws.getRow(row).height = fitHeight(lines);
  }
  return row + 1;
}

async function writeSummarySheets(
  wb: ExcelJS.Workbook,
  fonts: ReportFonts,
  model: ReportModel,
  summary: ReportSummary,
  options: ReportWriterOptions,
): Promise<void> {
  const tables = buildSummaryTables(model, summary);
  const ws = wb.addWorksheet('综述', { pageSetup: pageSetup('portrait') });
  const countWidths = [36, 8, 8, 8, 8, 8, 8, 8];
  countWidths.forEach((width, i) => {
    setColumnWidth(ws, i + 1, width);
  });
  const span = countWidths.length;
  let row = 1;
  writeTitle(ws, fonts, row, span, `${model.title}（综述）`, 16, 'title');
  row += 2;
  const textWidth = countWidths.reduce((a, b) => a + b, 0);
  for (const paragraph of summary.paragraphs) {
    ws.mergeCells(row, 1, row, span);
    const cell = ws.getCell(row, 1);
    writeTextCell(cell, paragraph);
    cell.font = { ...bodyFont(fonts), size: 12 };
    cell.alignment = { horizontal: 'left', vertical: 'top', wrapText: true, indent: 2 };
    ws.getRow(row).height = fitHeight(countLines(paragraph, textWidth - 4) * 1.15);
    row += 1;
  }
  row += 1;
  for (const table of tables.filter((t) => t.kind === 'counts')) {
    const title = ws.getCell(row, 1);
    writeTextCell(title, table.title);
    title.font = { ...headingFont(fonts), size: 12 };
    ws.getRow(row).height = 22;
    row = writeSummaryTable(ws, fonts, row + 1, table, countWidths) + 1;
  }
  const renderChart = options.renderChart;
  if (renderChart !== undefined) {
    let missing = false;
    for (const chart of summary.charts) {
      const image = await renderChart(chart);
      if (image === undefined) {
        missing = true;
        continue;
      }
      // exceljs types its `buffer` as an ArrayBuffer look-alike; base64 avoids a cast.
      const id = wb.addImage({
        base64: Buffer.from(image.png).toString('base64'),
        extension: 'png',
      });
      ws.addImage(id, {
        tl: { col: 0, row: row - 1 },
        ext: { width: image.width, height: image.height },
      });
      row += Math.ceil(image.height / 20) + 2;
    }
    if (missing) {
      const note = ws.getCell(row, 1);
      writeTextCell(note, CHARTS_UNAVAILABLE_NOTE);
      note.font = { ...bodyFont(fonts), size: 10 };
    }
  }
  // A list of tasks has columns of its own: it gets a sheet of its own.
  for (const table of tables.filter((t) => t.kind === 'tasks')) {
    const sheet = wb.addWorksheet(table.title, { pageSetup: pageSetup('landscape') });
    const widths = table.widths.map(toColumnWidth);
    widths.forEach((width, i) => {
      setColumnWidth(sheet, i + 1, width);
    });
    writeTitle(sheet, fonts, 1, widths.length, `${model.title}（${table.title}）`, 16, 'title');
    writeSummaryTable(sheet, fonts, 2, table, widths);
    sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }];
    sheet.pageSetup.printTitlesRow = '2:2';
  }
}

function pageSetup(orientation: 'portrait' | 'landscape'): Partial<ExcelJS.PageSetup> {
  return {
    // A4 (PaperSize.A4): exceljs declares the enum `const`, which isolated modules cannot read.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
    paperSize: 9,
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    // 0: as many pages down as the rows need.
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.6, right: 0.6, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
  };
}

/**
 * Writes the report as .xlsx.
 *
 * @example
 * ```ts
 * const bytes = await writeReportXlsx(buildReportModel(ledger, { lights: true }));
 * ```
 */
export async function writeReportXlsx(
  model: ReportModel,
  options: ReportWriterOptions = {},
): Promise<Uint8Array> {
  const fonts = resolveFonts(options);
  const wb = new ExcelJS.Workbook();
  wb.creator = '督办';
  wb.title = model.title;
  if (model.summary !== undefined) {
    await writeSummarySheets(wb, fonts, model, model.summary, options);
  }
  const ws = wb.addWorksheet('重点工作进展', {
    pageSetup: pageSetup('landscape'),
    headerFooter: { oddFooter: '&C— &P —' },
  });
  writeReportSheet(ws, fonts, model);
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}
