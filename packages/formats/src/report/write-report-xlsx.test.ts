import { buildReportModel } from '@duban/core';
import type { Ledger, LedgerTask } from '@duban/core';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { findAll, readPart, readSeedLedger, readXml } from './test-support.ts';
import { CHARTS_UNAVAILABLE_NOTE } from './report-writer-options.ts';
import { writeReportXlsx } from './write-report-xlsx.ts';

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // exceljs types its input as its own Buffer look-alike; a Node Buffer is what it reads.
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

function getSheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (ws === undefined) throw new Error(`no sheet ${name}`);
  return ws;
}

/** `C5:C9`-style ranges of unit runs, worked out from the ledger alone. */
function expectUnitMerges(ledger: Ledger, firstTaskRow: number): string[] {
  const ranges: string[] = [];
  let row = firstTaskRow - 1;
  for (const section of ledger.sections) {
    const tasks = ledger.tasks.filter((t) => t.section === section.ordinal);
    row += 1; // the section's row
    for (const [column, units] of [
      ['C', (t: LedgerTask) => t.lead.join('、')],
      ['D', (t: LedgerTask) => t.co.join('、')],
    ] as const) {
      let start = 0;
      for (let i = 1; i <= tasks.length; i += 1) {
        const current = tasks[i];
        const first = tasks[start];
        const key = first === undefined ? '' : units(first);
        if (current !== undefined && key !== '' && units(current) === key) continue;
        if (i - start > 1) ranges.push(`${column}${row + 1 + start}:${column}${row + i}`);
        start = i;
      }
    }
    row += tasks.length;
  }
  return ranges.sort();
}

describe('writeReportXlsx on the seed', () => {
  const ledger = readSeedLedger();
  let bytes: Uint8Array;
  let ws: ExcelJS.Worksheet;

  beforeAll(async () => {
    bytes = await writeReportXlsx(buildReportModel(ledger));
    ws = getSheet(await load(bytes), '重点工作进展');
  });

  it('has the title, then the 5 headers', () => {
    expect(ws.getCell('A1').value).toBe('弋江区2023年二季度重点工作进展和完成情况');
    expect([1, 2, 3, 4, 5].map((c) => ws.getCell(2, c).value)).toEqual([
      '序号',
      '目标与任务',
      '牵头责任单位',
      '责任单位',
      '进展情况',
    ]);
  });

  it("puts every task's text in its cell, section rows between", () => {
    let row = 2;
    for (const section of ledger.sections) {
      row += 1;
      expect(ws.getCell(row, 1).value).toBe(`（${section.ordinal}）${section.title}`);
      for (const task of ledger.tasks.filter((t) => t.section === section.ordinal)) {
        row += 1;
        expect([1, 2, 3, 4, 5].map((c) => ws.getCell(row, c).value)).toEqual([
          task.no,
          task.text,
          task.lead.join('、'),
          task.co.join('、'),
          task.progress,
        ]);
      }
    }
    expect(row).toBe(2 + 4 + 126);
    expect(ws.rowCount).toBe(row);
  });

  it('merges the title, the section rows and the shared unit cells', () => {
    // exceljs keeps the merges of a loaded sheet in its model as `A1:E1` ranges.
    const merges = [...ws.model.merges].sort();
    const sectionRows: string[] = [];
    let row = 2;
    for (const section of ledger.sections) {
      row += 1;
      sectionRows.push(`A${row}:E${row}`);
      row += ledger.tasks.filter((t) => t.section === section.ordinal).length;
    }
    const units = expectUnitMerges(ledger, 3);
    expect(units.length).toBeGreaterThan(10);
    expect(merges).toEqual(['A1:E1', ...sectionRows, ...units].sort());
  });

  it('freezes the header and repeats it on every printed page, landscape, fit to width', () => {
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.pageSetup).toMatchObject({
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '2:2',
    });
    // The print titles are a defined name in the workbook part; check the bytes, not only exceljs.
    expect(readPart(bytes, 'xl/workbook.xml')).toMatch(/_xlnm\.Print_Titles[^>]*>[^<]*\$2:\$2</u);
    expect(ws.headerFooter.oddFooter).toContain('&P');
  });

  it('wraps text, sizes columns and rows so that text shows', () => {
    const widths = [1, 2, 3, 4, 5].map((c) => ws.getColumn(c).width ?? 0);
    expect(widths[4]).toBeGreaterThan(widths[1] ?? 0);
    expect(widths.every((w) => w >= 6)).toBe(true);
    for (let row = 3; row <= ws.rowCount; row += 1) {
      expect(ws.getCell(row, 5).alignment.wrapText).toBe(true);
    }
    // The longest progress text needs more than a few lines.
    const longest = ledger.tasks.reduce((a, b) => (b.progress.length > a.progress.length ? b : a));
    const at = [...Array(ws.rowCount).keys()].find(
      (i) => ws.getCell(i + 1, 5).value === longest.progress,
    );
    expect(ws.getRow((at ?? 0) + 1).height).toBeGreaterThan(100);
  });
});

describe('writeReportXlsx options', () => {
  const ledger = readSeedLedger();

  it('writes one section', async () => {
    const ws = getSheet(
      await load(await writeReportXlsx(buildReportModel(ledger, { section: '四' }))),
      '重点工作进展',
    );
    const expected = ledger.tasks.filter((t) => t.section === '四');
    // Title, subtitle (the section), header, section row, tasks.
    expect(ws.getCell('A2').value).toBe('（四）以更新姿态树立政府良好形象');
    expect(ws.getCell('A4').value).toBe('（四）以更新姿态树立政府良好形象');
    const nos = [];
    for (let row = 5; row <= ws.rowCount; row += 1) nos.push(ws.getCell(row, 1).value);
    expect(nos).toEqual(expected.map((t) => t.no));
    expect(ws.pageSetup.printTitlesRow).toBe('3:3');
  });

  it('writes one unit as lead, with lights filled by colour', async () => {
    const unit = '规划建设部';
    const model = buildReportModel(ledger, { unit, unitRole: 'lead', lights: true });
    const ws = getSheet(await load(await writeReportXlsx(model)), '重点工作进展');
    const expected = ledger.tasks.filter((t) => t.lead.includes(unit));
    const nos: unknown[] = [];
    for (let row = 4; row <= ws.rowCount; row += 1) {
      const value = ws.getCell(row, 1).value;
      if (ws.getCell(row, 6).value !== null && !ws.getCell(row, 1).isMerged) nos.push(value);
      if (ws.getCell(row, 6).value === '无法评价') {
        const fill = ws.getCell(row, 6).fill;
        expect(fill.type === 'pattern' && fill.fgColor?.argb).toBe('FFE7E6E6');
      }
    }
    expect(nos).toEqual(expected.map((t) => t.no));
    // Every column, the narrow light column too, has its width in the file.
    expect([1, 2, 3, 4, 5, 6].map((c) => ws.getColumn(c).width)).not.toContain(undefined);
  });

  it('adds the summary sheets first when asked', async () => {
    const wb = await load(await writeReportXlsx(buildReportModel(ledger, { summary: true })));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['综述', '重点工作进展']);
    const summary = getSheet(wb, '综述');
    const texts: string[] = [];
    summary.eachRow((row) => {
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') texts.push(cell.value);
      });
    });
    expect(texts.some((t) => t.includes(`重点工作共${ledger.tasks.length}项`))).toBe(true);
    expect(texts).toContain('分部分情况');
    expect(texts).toContain('牵头单位情况');
    expect(summary.getImages()).toHaveLength(0);
  });

  it('places the charts a renderer draws on the summary sheet', async () => {
    // A 1×1 PNG: the seam is what is tested, not the picture.
    const png = Uint8Array.from(
      Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      ),
    );
    const model = buildReportModel(ledger, { summary: true });
    const bytes = await writeReportXlsx(model, {
      renderChart: (chart) =>
        Promise.resolve(chart.id === 'sections' ? { png, width: 400, height: 240 } : undefined),
    });
    const sheet = getSheet(await load(bytes), '综述');
    expect(sheet.getImages()).toHaveLength(1);
    // The chart that could not be drawn leaves a note instead.
    const texts: string[] = [];
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        texts.push(cell.text);
      });
    });
    expect(texts).toContain(CHARTS_UNAVAILABLE_NOTE);
  });
});

describe('writeReportXlsx against formula injection', () => {
  const hostile = [
    '=HYPERLINK("http://evil.example","点此")',
    '+1+1',
    '-2+3',
    '@SUM(A1:A2)',
    '\t=1+1',
    '\r=1+1',
  ];

  // What a reader sees: XML turns a CR into an LF.
  const readBack = hostile.map((text) => text.replace(/\r/gu, '\n'));

  it('writes text that looks like a formula as inert text', async () => {
    const seed = readSeedLedger();
    // The first tasks of the seed, their text, lead unit and progress replaced by hostile text.
    const ledger: Ledger = {
      ...seed,
      tasks: seed.tasks.slice(0, hostile.length).map((task, i) => {
        const text = hostile[i] ?? '';
        return {
          ...task,
          text,
          lead: [text],
          progress: text,
          status: { completion: 0.1, expected: 0.5, light: 'red' as const },
        };
      }),
    };
    const bytes = await writeReportXlsx(
      buildReportModel(ledger, { summary: true, mergeUnits: 'none' }),
    );
    // No formula anywhere in the workbook's sheets.
    for (const sheet of [
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet3.xml',
    ]) {
      expect(findAll(readXml(bytes, sheet), 'f')).toEqual([]);
    }
    const wb = await load(bytes);
    const ws = getSheet(wb, '重点工作进展');
    let checked = 0;
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        const value = cell.value;
        if (typeof value !== 'string' || !readBack.includes(value)) return;
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
        // Text format: editing the cell in Excel or WPS keeps it text.
        expect(cell.numFmt).toBe('@');
        checked += 1;
      });
    });
    // Text, lead unit and progress of each task.
    expect(checked).toBe(hostile.length * 3);
    // The list of tasks behind repeats the texts: they are inert there too.
    const list = getSheet(wb, '进展滞后的任务');
    let listed = 0;
    list.eachRow((row) => {
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && readBack.includes(cell.value)) {
          expect(cell.numFmt).toBe('@');
          listed += 1;
        }
      });
    });
    expect(listed).toBe(hostile.length * 2);
    expect(list.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(list.pageSetup.printTitlesRow).toBe('2:2');
  });

  it('leaves ordinary text in the general format', async () => {
    const seed = readSeedLedger();
    const bytes = await writeReportXlsx(buildReportModel(seed));
    const ws = getSheet(await load(bytes), '重点工作进展');
    expect(ws.getCell('B4').value).toBe(seed.tasks[0]?.text);
    expect(ws.getCell('B4').numFmt).not.toBe('@');
  });
});
