/**
 * A Grid is what every reader (.txt, .csv, .xlsx, .docx) turns its bytes into: rows of cell
 * texts, with enough provenance to name a row in an error message. One parser turns any Grid
 * into a Ledger, so there is one ledger parser, not one per format.
 */
export interface GridCell {
  text: string;
  /**
   * Set by readers that see real merged ranges (.xlsx, .docx): the cell is covered by a merge
   * and its text was copied from the range's first cell, which lies `above` or to the `left`.
   */
  merged?: 'above' | 'left';
}

/** Where a row came from, for messages: 1-based numbers as a person would count them. */
export interface SourceRef {
  line?: number;
  row?: number;
  sheet?: string;
  table?: number;
}

export interface GridRow {
  cells: GridCell[];
  ref: SourceRef;
}

export interface Grid {
  /** The file name (or another label) used in messages. */
  name: string;
  /** Free text found above the table, e.g. the report title. */
  preamble: string[];
  rows: GridRow[];
  /**
   * True when the source lost its merged cells (the text of a PDF/Word table): a row with
   * fewer cells than the header lost the cells that were merged with the row above.
   */
  mergesLost: boolean;
}

/** Formats a source reference for a message: `第12行`, `工作表“台账”第3行`. */
export function describeRef(ref: SourceRef): string {
  const parts: string[] = [];
  if (ref.sheet !== undefined) parts.push(`工作表“${ref.sheet}”`);
  if (ref.table !== undefined) parts.push(`第${ref.table}个表格`);
  if (ref.row !== undefined) parts.push(`第${ref.row}行`);
  else if (ref.line !== undefined) parts.push(`第${ref.line}行`);
  return parts.join('');
}
