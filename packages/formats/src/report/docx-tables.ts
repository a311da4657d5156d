/**
 * Tables for the .docx writers: fixed column widths in twentieths of a point, a header row that
 * repeats on every page, text in the table's font sizes.
 */
import {
  AlignmentType,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
} from 'docx';
import { FONT_SIZE, createParagraphs } from './docx-parts.ts';
import type { ReportFonts } from './report-fonts.ts';

/** Cell padding: narrow, so 126 rows of text stay readable in a landscape page. */
const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 };

/** Turns percentages into widths that add up to `total` exactly (Word sums the grid). */
export function distributeWidths(percents: readonly number[], total: number): number[] {
  const widths = percents.map((p) => Math.floor((p / 100) * total));
  const rest = total - widths.reduce((sum, w) => sum + w, 0);
  const widest = widths.indexOf(Math.max(...widths));
  if (widest >= 0) widths[widest] = (widths[widest] ?? 0) + rest;
  return widths;
}

export type CellAlign = 'center' | 'justify' | 'left';

const ALIGNMENTS = {
  center: AlignmentType.CENTER,
  justify: AlignmentType.BOTH,
  left: AlignmentType.LEFT,
} as const;

export interface CellSpec {
  text: string;
  width: number;
  align?: CellAlign;
  heading?: boolean;
  /** RRGGBB */
  fill?: string;
  columnSpan?: number;
  /** Rows covered downwards (as in the report model): >1 starts a merge, 0 continues one. */
  span?: number;
}

export function createCell(fonts: ReportFonts, spec: CellSpec): TableCell {
  const common = {
    width: { size: spec.width, type: WidthType.DXA },
    margins: CELL_MARGINS,
    verticalAlign: VerticalAlignTable.CENTER,
    ...(spec.fill === undefined ? {} : { shading: { fill: spec.fill, color: 'auto' } }),
    ...(spec.columnSpan === undefined ? {} : { columnSpan: spec.columnSpan }),
  };
  if (spec.span === 0) {
    return new TableCell({
      ...common,
      verticalMerge: VerticalMergeType.CONTINUE,
      children: [new Paragraph({})],
    });
  }
  return new TableCell({
    ...common,
    ...(spec.span !== undefined && spec.span > 1
      ? { verticalMerge: VerticalMergeType.RESTART }
      : {}),
    children: createParagraphs(
      fonts,
      spec.text,
      { role: spec.heading === true ? 'heading' : 'body', size: FONT_SIZE.wu },
      { alignment: ALIGNMENTS[spec.align ?? 'justify'] },
    ),
  });
}

/** The header row, repeated at the top of every page the table runs onto. */
export function createHeaderRow(
  fonts: ReportFonts,
  headers: readonly string[],
  widths: readonly number[],
): TableRow {
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: headers.map((text, i) =>
      createCell(fonts, { text, width: widths[i] ?? 0, align: 'center', heading: true }),
    ),
  });
}

export function createTable(widths: readonly number[], rows: TableRow[]): Table {
  return new Table({
    width: { size: widths.reduce((sum, w) => sum + w, 0), type: WidthType.DXA },
    columnWidths: [...widths],
    layout: TableLayoutType.FIXED,
    rows,
  });
}

/** A plain table of texts: a header row and rows of cells, the first column left-aligned. */
export function createSimpleTable(
  fonts: ReportFonts,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  widths: readonly number[],
  aligns: readonly CellAlign[],
): Table {
  return createTable(widths, [
    createHeaderRow(fonts, headers, widths),
    ...rows.map(
      (cells) =>
        new TableRow({
          children: cells.map((text, i) =>
            createCell(fonts, { text, width: widths[i] ?? 0, align: aligns[i] ?? 'center' }),
          ),
        }),
    ),
  ]);
}
