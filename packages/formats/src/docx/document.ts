/**
 * The body of a Word document as blocks: paragraphs (with the label Word's automatic numbering
 * draws before them) and tables. A table's merged cells are resolved on the way: `gridSpan`
 * (horizontal) repeats the text into the columns it spans as `merged: 'left'`, `vMerge`
 * (vertical) continues the text of the cell above as `merged: 'above'`.
 */
import type { RawCell, RawRow } from '../shared/table.ts';
import { childElements, findChild, isElement } from '../shared/xml.ts';
import type { XmlElement } from '../shared/xml.ts';
import type { NumberingCounter } from './numbering.ts';

export type Block =
  | { kind: 'paragraph'; text: string; index: number }
  | { kind: 'table'; rows: RawRow[]; index: number };

/** Wrappers whose content belongs to the surrounding flow. */
const TRANSPARENT = new Set([
  'sdt',
  'sdtContent',
  'customXml',
  'ins',
  'moveTo',
  'smartTag',
  'hyperlink',
  'fldSimple',
  'bdo',
  'dir',
]);
/** Content that is not part of the visible text: deletions, field codes, drawings. */
const SKIPPED = new Set([
  'del',
  'moveFrom',
  'pPr',
  'rPr',
  'tcPr',
  'trPr',
  'tblPr',
  'tblGrid',
  'drawing',
  'pict',
  'object',
  'AlternateContent',
  'footnoteReference',
  'endnoteReference',
  'commentReference',
]);

function isOn(element: XmlElement | undefined): boolean {
  if (element === undefined) return false;
  const value = element.attrs.val;
  return value === undefined || (value !== '0' && value !== 'false' && value !== 'off');
}

function readRun(run: XmlElement, out: string[]): void {
  const properties = findChild(run, 'rPr');
  if (properties !== undefined && isOn(findChild(properties, 'vanish'))) return;
  for (const child of run.children) {
    if (!isElement(child)) continue;
    switch (child.name) {
      case 't':
        for (const part of child.children) if (!isElement(part)) out.push(part);
        break;
      case 'tab':
      case 'ptab':
        out.push(' ');
        break;
      case 'br':
      case 'cr':
        out.push('\n');
        break;
      case 'noBreakHyphen':
        out.push('-');
        break;
      default:
        break;
    }
  }
}

function readInline(element: XmlElement, out: string[]): void {
  for (const child of element.children) {
    if (!isElement(child) || SKIPPED.has(child.name)) continue;
    if (child.name === 'r') readRun(child, out);
    else if (TRANSPARENT.has(child.name) || child.name === 'p') readInline(child, out);
  }
}

/** A paragraph's text, its numbering label first. */
export function readParagraph(paragraph: XmlElement, numbering: NumberingCounter): string {
  const out: string[] = [numbering.labelFor(findChild(paragraph, 'pPr'))];
  readInline(paragraph, out);
  return out.join('');
}

/** Paragraphs and tables of a container (body, cell, content control), in order. */
function* walkBlocks(container: XmlElement): Generator<XmlElement> {
  for (const child of container.children) {
    if (!isElement(child)) continue;
    if (child.name === 'p' || child.name === 'tbl') yield child;
    else if (child.name === 'sdt' || child.name === 'sdtContent' || child.name === 'customXml')
      yield* walkBlocks(child);
  }
}

/** The text of a cell: its paragraphs (and those of nested tables) on separate lines. */
function readCellText(cell: XmlElement, numbering: NumberingCounter): string {
  const lines: string[] = [];
  for (const block of walkBlocks(cell)) {
    if (block.name === 'p') {
      lines.push(readParagraph(block, numbering));
    } else {
      for (const row of readTable(block, 0, numbering)) {
        lines.push(
          row.cells
            .filter((nested) => nested.merged === undefined)
            .map((nested) => nested.text)
            .join(' '),
        );
      }
    }
  }
  return lines.join('\n');
}

/** Rows and cells, looking through content controls wrapped around them. */
function findAll(container: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of childElements(container)) {
    if (child.name === name) found.push(child);
    else if (child.name === 'sdt' || child.name === 'sdtContent' || child.name === 'customXml')
      found.push(...findAll(child, name));
  }
  return found;
}

/** Far wider than any ledger table: a hostile `gridSpan` of a billion stops here. */
const MAX_COLUMNS = 256;

function readNumberAttribute(element: XmlElement | undefined, fallback: number): number {
  const value = Number(element?.attrs.val);
  return Number.isInteger(value) && value > 0 ? Math.min(value, MAX_COLUMNS) : fallback;
}

/** One table → raw rows; `tableNumber` (1-based) goes into each row's reference. */
export function readTable(
  table: XmlElement,
  tableNumber: number,
  numbering: NumberingCounter,
): RawRow[] {
  const rows: RawRow[] = [];
  // The text of the cell that opened a vertical merge, per grid column.
  const openMerges = new Map<number, string>();
  findAll(table, 'tr').forEach((row, rowIndex) => {
    const rowProperties = findChild(row, 'trPr');
    const hidden = rowProperties !== undefined && isOn(findChild(rowProperties, 'hidden'));
    const cells: RawCell[] = [];
    const before =
      rowProperties === undefined
        ? 0
        : readNumberAttribute(findChild(rowProperties, 'gridBefore'), 0);
    for (let i = 0; i < before; i++) cells.push({ text: '' });
    let horizontal: string | undefined;
    for (const cell of findAll(row, 'tc')) {
      const properties = findChild(cell, 'tcPr');
      const span = readNumberAttribute(
        properties === undefined ? undefined : findChild(properties, 'gridSpan'),
        1,
      );
      const vMerge = properties === undefined ? undefined : findChild(properties, 'vMerge');
      const hMerge = properties === undefined ? undefined : findChild(properties, 'hMerge');
      const column = cells.length;
      let text: string;
      let merged: RawCell['merged'];
      if (vMerge !== undefined && vMerge.attrs.val !== 'restart') {
        text = openMerges.get(column) ?? '';
        merged = 'above';
        readCellText(cell, numbering);
      } else if (
        hMerge !== undefined &&
        hMerge.attrs.val !== 'restart' &&
        horizontal !== undefined
      ) {
        // The legacy horizontal merge of Word 97 files converted to .docx.
        text = horizontal;
        merged = 'left';
        readCellText(cell, numbering);
      } else {
        text = readCellText(cell, numbering);
        horizontal = hMerge === undefined ? undefined : text;
      }
      for (let offset = 0; offset < span && cells.length < MAX_COLUMNS; offset++) {
        if (vMerge?.attrs.val === 'restart') openMerges.set(column + offset, text);
        else if (vMerge === undefined) openMerges.delete(column + offset);
        cells.push(
          offset === 0
            ? merged === undefined
              ? { text }
              : { text, merged }
            : { text, merged: 'left' },
        );
      }
    }
    if (!hidden) rows.push({ cells, ref: { table: tableNumber, row: rowIndex + 1 } });
  });
  return rows;
}

/** The body's blocks in order; tables are numbered from 1 as a reader counts them. */
export function readBodyBlocks(body: XmlElement, numbering: NumberingCounter): Block[] {
  const blocks: Block[] = [];
  let tables = 0;
  let paragraphs = 0;
  for (const block of walkBlocks(body)) {
    if (block.name === 'p') {
      paragraphs++;
      blocks.push({ kind: 'paragraph', text: readParagraph(block, numbering), index: paragraphs });
    } else {
      tables++;
      blocks.push({ kind: 'table', rows: readTable(block, tables, numbering), index: tables });
    }
  }
  return blocks;
}
