import type { Issue, Result } from '@duban/core';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readCsvGrid } from '../csv/read-csv.ts';
import { readDocxGrid } from '../docx/read-docx.ts';
import { readXlsxGrid } from '../xlsx/read-xlsx.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { writeLedgerDocx } from './test-support/ledger-tables.ts';
import { minimalXlsxEntries, writeCompoundFile, writeZip } from './test-support/zip-writer.ts';
import { openZip, readZipEntry } from './zip.ts';

const SHEET =
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>目标与任务</t></is></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>任务一</t></is></c></row></sheetData></worksheet>';

/** The one issue a failed read must carry. */
function getOnlyIssue<T>(result: Result<T>): Issue {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  expect(result.issues).toHaveLength(1);
  const [issue] = result.issues;
  if (issue === undefined) throw new Error('no issue');
  return issue;
}

async function buildWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow(['序号', '目标与任务', '牵头责任单位']);
  for (let row = 1; row <= 200; row++)
    sheet.addRow([row, `第${row}项任务：推进重点项目建设`, '区发改委']);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('bad input', () => {
  it('the minimal workbook the bad variants derive from is itself readable', () => {
    const grid = readXlsxGrid('ok.xlsx', writeZip(minimalXlsxEntries(SHEET)));
    expect(grid).toMatchObject({
      ok: true,
      value: { rows: [{ ref: { sheet: '台账', row: 1 } }, { ref: { row: 2 } }] },
    });
  });

  it('a truncated zip: zip-corrupt, naming the file', async () => {
    const bytes = await buildWorkbook();
    const issue = getOnlyIssue(readXlsxGrid('cut.xlsx', bytes.subarray(0, bytes.length - 200)));
    expect(issue.code).toBe('zip-corrupt');
    expect(issue.message).toContain('文件“cut.xlsx”已损坏');
  });

  it('garbled entry data: zip-corrupt, naming the file and the entry', () => {
    const bytes = writeZip(minimalXlsxEntries(SHEET));
    const sheetStart =
      Buffer.from(bytes).indexOf(Buffer.from('xl/worksheets/sheet1.xml')) +
      'xl/worksheets/sheet1.xml'.length;
    const garbled = bytes.slice();
    for (let index = sheetStart + 5; index < sheetStart + 40; index++)
      garbled[index] = (garbled[index] ?? 0) ^ 0x5a;
    const issue = getOnlyIssue(readXlsxGrid('garbled.xlsx', garbled));
    expect(issue.code).toBe('zip-corrupt');
    expect(issue.message).toContain('“garbled.xlsx”');
    expect(issue.message).toContain('xl/worksheets/sheet1.xml');
  });

  it('a text file named .xlsx or .docx: told what it is not', () => {
    const bytes = new TextEncoder().encode('序号,目标与任务\n');
    expect(getOnlyIssue(readXlsxGrid('renamed.xlsx', bytes))).toMatchObject({ code: 'not-xlsx' });
    expect(getOnlyIssue(readDocxGrid('renamed.docx', bytes))).toMatchObject({ code: 'not-docx' });
  });

  it('a workbook where the document should be (and back): told which is which', async () => {
    const xlsx = await buildWorkbook();
    const issue = getOnlyIssue(readDocxGrid('ledger.docx', xlsx));
    expect(issue.code).toBe('not-docx');
    expect(issue.message).toBe(
      '文件“ledger.docx”是 Excel 工作簿，不是 Word 文档。请改用 .xlsx 扩展名',
    );
    const docx = await writeLedgerDocx({ title: '标题', header: ['序号', '目标与任务'], rows: [] });
    expect(getOnlyIssue(readXlsxGrid('ledger.xlsx', docx)).message).toBe(
      '文件“ledger.xlsx”是 Word 文档，不是 Excel 工作簿。请改用 .docx 扩展名',
    );
  });

  it('an encrypted workbook (OLE compound file with EncryptedPackage): file-encrypted', () => {
    const bytes = writeCompoundFile(['EncryptionInfo', 'EncryptedPackage']);
    const issue = getOnlyIssue(readXlsxGrid('secret.xlsx', bytes));
    expect(issue.code).toBe('file-encrypted');
    expect(issue.message).toContain('文件“secret.xlsx”设有打开密码');
  });

  it('an Excel 97-2003 workbook or Word 97-2003 document: legacy-format', () => {
    const xls = getOnlyIssue(readXlsxGrid('old.xlsx', writeCompoundFile(['Workbook'])));
    expect(xls.code).toBe('legacy-format');
    expect(xls.message).toContain('Excel 97-2003（.xls）');
    const doc = getOnlyIssue(
      readDocxGrid('old.docx', writeCompoundFile(['WordDocument', '1Table'])),
    );
    expect(doc.message).toContain('Word 97-2003（.doc）');
  });

  it('a zip entry encrypted with a zip password: file-encrypted', () => {
    const entries = minimalXlsxEntries(SHEET).map((entry) =>
      entry.name.endsWith('sheet1.xml') ? { ...entry, flags: 0x1 } : entry,
    );
    expect(getOnlyIssue(readXlsxGrid('zipcrypto.xlsx', writeZip(entries)))).toMatchObject({
      code: 'file-encrypted',
    });
  });

  it('a zip bomb declaring more than 200 MB: refused from the central directory, before inflating', () => {
    // The entry's data is garbage: had the reader inflated it, it would report corruption.
    const entries = [
      ...minimalXlsxEntries(SHEET),
      {
        name: 'xl/media/image1.png',
        data: new Uint8Array(1000).fill(7),
        method: 0 as const,
        declaredSize: 250 * 1024 * 1024,
      },
    ];
    const issue = getOnlyIssue(readXlsxGrid('bomb.xlsx', writeZip(entries)));
    expect(issue.code).toBe('zip-bomb');
    expect(issue.message).toContain('文件“bomb.xlsx”解压后超过 200 MB 的上限');
  });

  it('a highly compressed entry (ratio over 200:1): refused before inflating', () => {
    const sheet = new TextEncoder().encode(
      SHEET.replace('<sheetData>', `<sheetData>${' '.repeat(4 * 1024 * 1024)}`),
    );
    const bytes = writeZip(
      minimalXlsxEntries('').map((entry) =>
        entry.name.endsWith('sheet1.xml') ? { ...entry, data: sheet } : entry,
      ),
    );
    expect(bytes.length).toBeLessThan(40 * 1024);
    const issue = getOnlyIssue(readXlsxGrid('ratio.xlsx', bytes));
    expect(issue.code).toBe('zip-bomb');
    expect(issue.message).toContain('xl/worksheets/sheet1.xml 压缩比达');
    // The same archive passes once the limit allows it: the ratio is what refused it.
    expect(
      readXlsxGrid('ratio.xlsx', bytes, { limits: { ...DEFAULT_LIMITS, maxEntryRatio: 100_000 } })
        .ok,
    ).toBe(true);
  });

  it('an entry that inflates past its declared size: stopped at the declared size', () => {
    const big = new Uint8Array(5 * 1024 * 1024).fill(0x20);
    const archive = openZip(
      'liar.xlsx',
      writeZip([{ name: 'a.xml', data: big, declaredSize: 1000 }]),
    );
    expect(archive.ok).toBe(true);
    if (!archive.ok) return;
    const issue = getOnlyIssue(readZipEntry(archive.value, 'a.xml'));
    expect(issue.code).toBe('zip-bomb');
    expect(issue.message).toContain('a.xml 解压后大于其声明的大小');
  });

  it('a file over 20 MB: file-too-large, for every reader, without parsing', () => {
    const bytes = new Uint8Array(25 * 1024 * 1024);
    for (const read of [readXlsxGrid, readDocxGrid, readCsvGrid]) {
      const issue = getOnlyIssue(read('huge.bin', bytes));
      expect(issue.code).toBe('file-too-large');
      expect(issue.message).toBe('文件“huge.bin”有 25 MB，超过 20 MB 的上限，未读取');
    }
  });

  it('an empty file: file-empty', () => {
    expect(getOnlyIssue(readXlsxGrid('empty.xlsx', new Uint8Array()))).toMatchObject({
      code: 'file-empty',
    });
    expect(getOnlyIssue(readCsvGrid('empty.csv', new Uint8Array()))).toMatchObject({
      code: 'file-empty',
    });
  });

  it('a sheet with no recognisable header: names the file, the sheet and the rows searched', () => {
    const sheet =
      '<worksheet><sheetData><row r="3"><c r="A3" t="inlineStr"><is><t>月份</t></is></c><c r="B3"><v>12</v></c></row><row r="7"><c r="A7" t="inlineStr"><is><t>合计</t></is></c></row></sheetData></worksheet>';
    const issue = getOnlyIssue(readXlsxGrid('totals.xlsx', writeZip(minimalXlsxEntries(sheet))));
    expect(issue).toMatchObject({ code: 'no-header', path: '工作表“台账”' });
    expect(issue.message).toContain(
      '文件“totals.xlsx”中找不到台账表头：工作表“台账”第1–7行中没有表头',
    );
  });

  describe('hostile numbers and nesting (found by the XML-level fuzzing)', () => {
    const row = (r: number, cells: string[]) =>
      `<row r="${r}">${cells.map((text, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${text}</t></is></c>`).join('')}</row>`;
    const header = row(1, ['序号', '目标与任务', '牵头责任单位']);
    const task = row(2, ['1', '任务一', '区发改委']);

    it('a merge over ten million rows of a sparse sheet ends quickly', () => {
      const sheet = `<worksheet><sheetData>${header}${task}${row(9_999_999, ['', '', '末行'])}</sheetData><mergeCells><mergeCell ref="C2:IV9999999"/></mergeCells></worksheet>`;
      const started = performance.now();
      const grid = readXlsxGrid('merge.xlsx', writeZip(minimalXlsxEntries(sheet)));
      expect(performance.now() - started).toBeLessThan(5000);
      expect(grid.ok).toBe(true);
    });

    it('a hidden column range from minus a billion ends quickly and hides nothing it should not', () => {
      const sheet = `<worksheet><cols><col min="-1000000000" max="1" hidden="1"/></cols><sheetData>${header}${task}</sheetData></worksheet>`;
      const started = performance.now();
      const grid = readXlsxGrid('cols.xlsx', writeZip(minimalXlsxEntries(sheet)));
      expect(performance.now() - started).toBeLessThan(5000);
      if (grid.ok) {
        const texts = grid.value.rows.flatMap((gridRow) => gridRow.cells.map((c) => c.text));
        expect(texts).not.toContain('序号');
      }
    });

    const text = (value: string) => new TextEncoder().encode(value);
    const docx = (body: string) =>
      writeZip([
        {
          name: '_rels/.rels',
          data: text(
            '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
          ),
        },
        // Stored, not deflated: deep nesting compresses past the zip-bomb ratio otherwise.
        {
          name: 'word/document.xml',
          data: text(`<w:document><w:body>${body}</w:body></w:document>`),
          method: 0,
        },
      ]);
    const cell = (value: string, properties = '') =>
      `<w:tc>${properties}<w:p><w:r><w:t>${value}</w:t></w:r></w:p></w:tc>`;

    it('a gridSpan or gridBefore of a billion is clipped, not allocated', () => {
      const table = `<w:tbl><w:tr><w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>${cell('序号')}${cell('目标与任务')}</w:tr><w:tr>${cell('1', '<w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr>')}${cell('任务一')}</w:tr></w:tbl>`;
      const started = performance.now();
      const grid = readDocxGrid('span.docx', docx(table));
      expect(performance.now() - started).toBeLessThan(5000);
      if (grid.ok)
        for (const gridRow of grid.value.rows)
          expect(gridRow.cells.length).toBeLessThanOrEqual(256);
    });

    it('elements nested a hundred thousand deep: xml-corrupt naming the file and the part', () => {
      const deep = `${'<w:sdt>'.repeat(100_000)}${'</w:sdt>'.repeat(100_000)}`;
      const issue = getOnlyIssue(readDocxGrid('deep.docx', docx(deep)));
      expect(issue.code).toBe('xml-corrupt');
      expect(issue.message).toContain('“deep.docx”');
      expect(issue.message).toContain('word/document.xml');
      expect(issue.message).toContain('嵌套');
    });
  });
});
