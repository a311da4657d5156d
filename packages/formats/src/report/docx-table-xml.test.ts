import { buildReportModel } from '@duban/core';
import type { ReportModel } from '@duban/core';
import { Document, Packer, TableRow } from 'docx';
import { describe, expect, it } from 'vitest';
import { measureTextWidth } from './docx-parts.ts';
import { TableXmlWriter, escapeXml } from './docx-table-xml.ts';
import {
  createCell,
  createHeaderRow,
  createSimpleTable,
  createTable,
  distributeWidths,
} from './docx-tables.ts';
import { DEFAULT_REPORT_FONTS } from './report-fonts.ts';
import { LIGHT_FILLS } from './report-writer-options.ts';
import { readPart, readSeedLedger, withLights } from './test-support.ts';
import { buildReportTableXml } from './write-report-docx.ts';

const ALIGN = {
  no: 'center',
  text: 'left',
  lead: 'center',
  co: 'center',
  progress: 'justify',
  figures: 'left',
  light: 'center',
} as const;

/** The same table built from docx's objects (the way it was written before), as XML. */
async function writeWithDocxObjects(model: ReportModel): Promise<string> {
  const fonts = DEFAULT_REPORT_FONTS;
  const total = measureTextWidth({
    orientation: 'landscape',
    margin: { top: 1134, right: 1134, bottom: 1134, left: 1134 },
  });
  const widths = distributeWidths(
    model.columns.map((c) => c.width),
    total,
  );
  const rows = model.rows.map((row) =>
    row.kind === 'section'
      ? new TableRow({
          cantSplit: true,
          keepNext: true,
          children: [
            createCell(fonts, {
              text: row.text,
              width: total,
              columnSpan: model.columns.length,
              align: 'left',
              heading: true,
            }),
          ],
        })
      : new TableRow({
          children: row.cells.map((cell, i) => {
            const key = model.columns[i]?.key ?? 'text';
            return createCell(fonts, {
              text: cell.text,
              width: widths[i] ?? 0,
              align: ALIGN[key],
              span: cell.span,
              ...(key === 'light' ? { fill: LIGHT_FILLS[row.light] } : {}),
            });
          }),
        }),
  );
  const table = createTable(widths, [
    createHeaderRow(
      fonts,
      model.columns.map((c) => c.header),
      widths,
    ),
    ...rows,
  ]);
  const buffer = await Packer.toBuffer(new Document({ sections: [{ children: [table] }] }));
  const xml = readPart(new Uint8Array(buffer), 'word/document.xml');
  return xml.slice(xml.indexOf('<w:tbl>'), xml.indexOf('</w:tbl>') + '</w:tbl>'.length);
}

describe('buildReportTableXml', () => {
  const seed = withLights(
    readSeedLedger(),
    (_t, i) => (['done', 'green', 'yellow', 'red', 'grey'] as const)[i % 5] ?? 'grey',
  );
  // Text docx must escape or drop, an empty cell and a cell of several lines.
  const first = seed.tasks[0];
  const tricky = {
    ...seed,
    tasks: [
      ...(first === undefined
        ? []
        : [{ ...first, text: `A&B <c> "d" 'e'\u0001\n第二行`, progress: '' }]),
      ...seed.tasks.slice(1),
    ],
  };

  it.each([
    ['the plain seed', buildReportModel(seed)],
    ['figures and lights', buildReportModel(seed, { figures: true, lights: true })],
    ['one unit, behind only', buildReportModel(seed, { unit: '区发改委', behindOnly: true })],
    ['escapes and lines', buildReportModel(tricky, { lights: true })],
  ])('writes what docx objects write for %s', async (_name, model) => {
    expect(buildReportTableXml(DEFAULT_REPORT_FONTS, model)).toBe(
      await writeWithDocxObjects(model),
    );
  });

  it('writes what createSimpleTable writes', async () => {
    const headers = ['部分', '任务数'];
    const rows = [
      ['（一）产业', '12'],
      ['a&b\n第二行', ''],
    ];
    const widths = [3000, 2000];
    const aligns = ['left', 'center'] as const;
    const table = createSimpleTable(DEFAULT_REPORT_FONTS, headers, rows, widths, aligns);
    const buffer = await Packer.toBuffer(new Document({ sections: [{ children: [table] }] }));
    const xml = readPart(new Uint8Array(buffer), 'word/document.xml');
    const expected = xml.slice(xml.indexOf('<w:tbl>'), xml.indexOf('</w:tbl>') + 8);
    const writer = new TableXmlWriter(DEFAULT_REPORT_FONTS);
    expect(writer.simpleTable(headers, rows, widths, aligns)).toBe(expected);
  });

  it('escapes as docx does', () => {
    expect(escapeXml(`a&<>"'\u0000b`)).toBe('a&amp;&lt;&gt;&quot;&apos;b');
  });
});
