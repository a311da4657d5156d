/**
 * The report's big table written as WordprocessingML text, byte for byte what the docx
 * library's objects (`createCell`, `createHeaderRow`, `createTable` in docx-tables.ts) write for
 * the same cells — a test compares the two. Building a docx object tree costs ~1 ms and many
 * allocations per row (10 000 rows: seconds, mostly in the garbage collector); a string per
 * cell costs microseconds. The rest of the document is still built with docx, and the table
 * is put in place of a marker paragraph afterwards ({@link TableSlots}, {@link spliceDocumentXml}).
 */
import { openZip, readZipEntry } from '../shared/zip.ts';
import { writeZip } from '../shared/zip-writer.ts';
import { Paragraph, TextRun } from 'docx';
import type { ReportFonts } from './report-fonts.ts';
import type { CellSpec } from './docx-tables.ts';
import { FONT_SIZE } from './docx-parts.ts';

/** What docx's XML writer does to text and attribute values (control characters dropped). */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
  '<': '&lt;',
  '>': '&gt;',
};

// Control characters are invalid in XML 1.0; docx drops them too.
// eslint-disable-next-line no-control-regex
const ESCAPED = /[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g;

export function escapeXml(value: string): string {
  return value.replace(ESCAPED, (c) => ESCAPES[c] ?? '');
}

const JC: Record<NonNullable<CellSpec['align']>, string> = {
  center: 'center',
  justify: 'both',
  left: 'left',
};

const CELL_MARGINS_XML =
  '<w:tcMar><w:top w:type="dxa" w:w="40"/><w:left w:type="dxa" w:w="80"/>' +
  '<w:bottom w:type="dxa" w:w="40"/><w:right w:type="dxa" w:w="80"/></w:tcMar>';

const BORDERS_XML =
  '<w:tblBorders><w:top w:val="single" w:color="auto" w:sz="4"/>' +
  '<w:left w:val="single" w:color="auto" w:sz="4"/>' +
  '<w:bottom w:val="single" w:color="auto" w:sz="4"/>' +
  '<w:right w:val="single" w:color="auto" w:sz="4"/>' +
  '<w:insideH w:val="single" w:color="auto" w:sz="4"/>' +
  '<w:insideV w:val="single" w:color="auto" w:sz="4"/></w:tblBorders>';

/** Writes cells and rows as the docx objects would; run properties are computed once. */
export class TableXmlWriter {
  private readonly runProperties: Record<'heading' | 'body', string>;

  constructor(fonts: ReportFonts) {
    const rPr = (eastAsia: string): string =>
      `<w:rPr><w:rFonts w:ascii="${escapeXml(fonts.latin)}" w:eastAsia="${escapeXml(eastAsia)}" ` +
      `w:hAnsi="${escapeXml(fonts.latin)}"/><w:sz w:val="${FONT_SIZE.wu}"/>` +
      `<w:szCs w:val="${FONT_SIZE.wu}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>`;
    this.runProperties = { heading: rPr(fonts.heading), body: rPr(fonts.body) };
  }

  /** `<w:tc>`: one paragraph per line, as `createParagraphs` splits them. */
  cell(spec: CellSpec, keepNext = false): string {
    let xml = `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${spec.width}"/>`;
    if (spec.columnSpan !== undefined) xml += `<w:gridSpan w:val="${spec.columnSpan}"/>`;
    if (spec.span === 0) xml += '<w:vMerge w:val="continue"/>';
    else if (spec.span !== undefined && spec.span > 1) xml += '<w:vMerge w:val="restart"/>';
    if (spec.fill !== undefined) {
      xml += `<w:shd w:fill="${escapeXml(spec.fill)}" w:color="auto" w:val="clear"/>`;
    }
    xml += `${CELL_MARGINS_XML}<w:vAlign w:val="center"/></w:tcPr>`;
    const keep = keepNext ? '<w:keepNext/>' : '';
    if (spec.span === 0)
      return `${xml}${keepNext ? `<w:p><w:pPr>${keep}</w:pPr></w:p>` : '<w:p/>'}</w:tc>`;
    const pPr = `<w:pPr>${keep}<w:jc w:val="${JC[spec.align ?? 'justify']}"/></w:pPr>`;
    const rPr = this.runProperties[spec.heading === true ? 'heading' : 'body'];
    for (const line of spec.text.split('\n')) {
      xml += `<w:p>${pPr}<w:r>${rPr}<w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r></w:p>`;
    }
    return `${xml}</w:tc>`;
  }

  row(cells: string[], options: { header?: boolean; cantSplit?: boolean } = {}): string {
    const properties =
      (options.cantSplit === true ? '<w:cantSplit/>' : '') +
      (options.header === true ? '<w:tblHeader/>' : '');
    return `<w:tr>${properties === '' ? '' : `<w:trPr>${properties}</w:trPr>`}${cells.join('')}</w:tr>`;
  }

  /** The header row as `createHeaderRow` writes it: repeated on every page, never split. */
  headerRow(headers: readonly string[], widths: readonly number[]): string {
    return this.row(
      headers.map((text, i) =>
        this.cell({ text, width: widths[i] ?? 0, align: 'center', heading: true }),
      ),
      { header: true, cantSplit: true },
    );
  }

  /** What `createSimpleTable` writes: a header row and rows of plain cells. */
  simpleTable(
    headers: readonly string[],
    rows: readonly (readonly string[])[],
    widths: readonly number[],
    aligns: readonly NonNullable<CellSpec['align']>[],
  ): string {
    return this.table(widths, [
      this.headerRow(headers, widths),
      ...rows.map((cells) =>
        this.row(
          cells.map((text, i) =>
            this.cell({ text, width: widths[i] ?? 0, align: aligns[i] ?? 'center' }),
          ),
        ),
      ),
    ]);
  }

  /** `<w:tbl>` with a fixed layout over `widths` (twentieths of a point). */
  table(widths: readonly number[], rows: readonly string[]): string {
    const total = widths.reduce((sum, w) => sum + w, 0);
    const grid = widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('');
    return (
      `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${total}"/>${BORDERS_XML}` +
      `<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${rows.join('')}</w:tbl>`
    );
  }
}

/**
 * Replaces each paragraph that holds a marker (a key of `tables`) in a packed document's
 * word/document.xml with that marker's XML, and packs the file again. Every marker must be
 * there exactly once.
 */
export function spliceDocumentXml(
  docx: Uint8Array,
  tables: ReadonlyMap<string, string>,
): Uint8Array {
  const archive = openZip('report.docx', docx);
  if (!archive.ok) throw new Error('the packed report is not a zip');
  const files = [...archive.value.entries.keys()].map((name) => {
    const data = readZipEntry(archive.value, name);
    if (!data.ok || data.value === undefined) throw new Error(`the packed report lacks ${name}`);
    return { name, data: data.value };
  });
  const part = files.find((file) => file.name === 'word/document.xml');
  if (part === undefined) throw new Error('docx without word/document.xml');
  let text = new TextDecoder().decode(part.data);
  for (const [marker, xml] of tables) {
    const at = text.indexOf(marker);
    const start = text.lastIndexOf('<w:p>', at);
    const end = text.indexOf('</w:p>', at);
    if (at === -1 || start === -1 || end === -1 || text.includes(marker, at + 1)) {
      throw new Error(`docx table marker ${marker} not found exactly once`);
    }
    text = text.slice(0, start) + xml + text.slice(end + '</w:p>'.length);
  }
  part.data = new TextEncoder().encode(text);
  return writeZip(files);
}

/**
 * Collects tables written as XML while the rest of a document is built from docx objects:
 * `place(xml)` returns the marker paragraph to put where the table goes.
 */
export class TableSlots {
  readonly tables = new Map<string, string>();

  place(xml: string): Paragraph {
    const marker = `DUBAN-TABLE-${this.tables.size}-8c1f0e`;
    this.tables.set(marker, xml);
    return new Paragraph({ children: [new TextRun(marker)] });
  }
}
