/**
 * The quarterly report as .docx, laid out like the source: the title, then one table with the
 * header row repeated on every page, a row across the table for each section and the unit
 * cells merged down where consecutive tasks share them; A4 landscape, page numbers.
 */
import type { ReportColumnKey, ReportModel, ReportSummary, ReportTaskRow } from '@duban/core';
import { AlignmentType, ImageRun, Paragraph } from 'docx';
import type { FileChild } from 'docx';
import {
  FONT_SIZE,
  createParagraphs,
  createRun,
  createSection,
  measureTextWidth,
  packDocument,
} from './docx-parts.ts';
import type { PageLayout } from './docx-parts.ts';
import { TableSlots, TableXmlWriter, spliceDocumentXml } from './docx-table-xml.ts';
import { distributeWidths } from './docx-tables.ts';
import type { CellAlign } from './docx-tables.ts';
import type { ReportFonts } from './report-fonts.ts';
import { CHARTS_UNAVAILABLE_NOTE, LIGHT_FILLS, resolveFonts } from './report-writer-options.ts';
import type { ReportWriterOptions } from './report-writer-options.ts';
import { buildSummaryTables } from './summary-tables.ts';

/** 2 cm all round: the most table a landscape page holds while staying printable. */
const LAYOUT: PageLayout = {
  orientation: 'landscape',
  margin: { top: 1134, right: 1134, bottom: 1134, left: 1134 },
};

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** The narrow task column is set ragged: justified, a long figure would space out its line. */
const COLUMN_ALIGN: Record<ReportColumnKey, CellAlign> = {
  no: 'center',
  text: 'left',
  lead: 'center',
  co: 'center',
  progress: 'justify',
  figures: 'left',
  light: 'center',
};

function createTitle(fonts: ReportFonts, model: ReportModel): Paragraph[] {
  const title = new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: model.subtitle === '' ? 240 : 120 },
    children: [createRun(fonts, model.title, { role: 'title', size: FONT_SIZE.er })],
  });
  if (model.subtitle === '') return [title];
  return [
    title,
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [createRun(fonts, model.subtitle, { size: FONT_SIZE.san })],
    }),
  ];
}

function createHeading(fonts: ReportFonts, text: string): Paragraph {
  return new Paragraph({
    spacing: { before: 240, after: 120 },
    keepNext: true,
    children: [createRun(fonts, text, { role: 'heading', size: FONT_SIZE.san })],
  });
}

/**
 * The report table as WordprocessingML: the header row, then per section a row across the
 * table (kept with its first task) and the task rows with their merges and light fills.
 */
export function buildReportTableXml(fonts: ReportFonts, model: ReportModel): string {
  const writer = new TableXmlWriter(fonts);
  const total = measureTextWidth(LAYOUT);
  const widths = distributeWidths(
    model.columns.map((c) => c.width),
    total,
  );
  const keys = model.columns.map((c) => c.key);
  const rows = [
    writer.headerRow(
      model.columns.map((c) => c.header),
      widths,
    ),
  ];
  for (const row of model.rows) {
    if (row.kind === 'section') {
      // A section's heading row belongs with its first task, not alone at a page's foot.
      const cell = writer.cell(
        { text: row.text, width: total, columnSpan: keys.length, align: 'left', heading: true },
        true,
      );
      rows.push(writer.row([cell], { cantSplit: true }));
      continue;
    }
    rows.push(writer.row(createTaskCells(writer, keys, row, widths)));
  }
  return writer.table(widths, rows);
}

function createTaskCells(
  writer: TableXmlWriter,
  keys: readonly ReportColumnKey[],
  row: ReportTaskRow,
  widths: readonly number[],
): string[] {
  return row.cells.map((cell, i) => {
    const key = keys[i] ?? 'text';
    return writer.cell({
      text: cell.text,
      width: widths[i] ?? 0,
      align: COLUMN_ALIGN[key],
      span: cell.span,
      ...(key === 'light' ? { fill: LIGHT_FILLS[row.light] } : {}),
    });
  });
}

async function createSummary(
  fonts: ReportFonts,
  model: ReportModel,
  summary: ReportSummary,
  options: ReportWriterOptions,
  heading: (text: string) => Paragraph,
  slots: TableSlots,
): Promise<FileChild[]> {
  const writer = new TableXmlWriter(fonts);
  const total = measureTextWidth(LAYOUT);
  const children: FileChild[] = [heading('总体情况')];
  for (const text of summary.paragraphs) {
    children.push(
      ...createParagraphs(
        fonts,
        text,
        { size: FONT_SIZE.san },
        { alignment: AlignmentType.BOTH, indent: { firstLine: 640 }, spacing: { line: 560 } },
      ),
    );
  }
  const tables = buildSummaryTables(model, summary);
  const placeTable = (table: (typeof tables)[number]): void => {
    children.push(
      heading(table.title),
      slots.place(
        writer.simpleTable(
          table.headers,
          table.rows,
          distributeWidths(table.widths, total),
          table.aligns,
        ),
      ),
    );
  };
  // The counts, then their charts, then the (possibly long) list of tasks behind.
  tables.filter((t) => t.kind === 'counts').forEach(placeTable);
  const renderChart = options.renderChart;
  if (renderChart !== undefined) {
    let missing = false;
    for (const chart of summary.charts) {
      const image = await renderChart(chart);
      if (image === undefined) {
        missing = true;
        continue;
      }
      children.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 240 },
          // The caption below belongs on the same page.
          keepNext: true,
          children: [
            new ImageRun({
              type: 'png',
              data: image.png,
              transformation: { width: image.width, height: image.height },
              altText: { name: chart.id, title: chart.title, description: chart.title },
            }),
          ],
        }),
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [createRun(fonts, chart.title, { size: FONT_SIZE.wu })],
        }),
      );
    }
    if (missing) {
      children.push(
        new Paragraph({
          spacing: { before: 120 },
          children: [createRun(fonts, CHARTS_UNAVAILABLE_NOTE, { size: FONT_SIZE.wu })],
        }),
      );
    }
  }
  tables.filter((t) => t.kind === 'tasks').forEach(placeTable);
  return children;
}

/**
 * Writes the report as .docx.
 *
 * @example
 * ```ts
 * const bytes = await writeReportDocx(buildReportModel(ledger, { summary: true }));
 * ```
 */
export async function writeReportDocx(
  model: ReportModel,
  options: ReportWriterOptions = {},
): Promise<Uint8Array> {
  const fonts = resolveFonts(options);
  const slots = new TableSlots();
  const children: FileChild[] = createTitle(fonts, model);
  if (model.summary !== undefined) {
    let count = 0;
    const heading = (text: string): Paragraph => {
      const ordinal = CHINESE_ORDINALS[count] ?? String(count + 1);
      count += 1;
      return createHeading(fonts, `${ordinal}、${text}`);
    };
    children.push(...(await createSummary(fonts, model, model.summary, options, heading, slots)));
    children.push(heading('重点工作进展情况'));
  }
  children.push(slots.place(buildReportTableXml(fonts, model)));
  const packed = await packDocument(fonts, model.title, [createSection(fonts, LAYOUT, children)]);
  return spliceDocumentXml(packed, slots.tables);
}
