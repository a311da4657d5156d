import { parseLedgerGrid } from '@duban/core';
import type { Grid } from '@duban/core';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readLedger } from '../read-ledger.ts';
import {
  buildLedgerSpec,
  findVerticalRuns,
  writeLedgerXlsx,
} from '../shared/test-support/ledger-tables.ts';
import { getValue, loadSeedLedger, summarizeTasks } from '../shared/test-support/seed.ts';
import { listXlsxSheets, readXlsxGrid } from './read-xlsx.ts';

async function toBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function texts(grid: Grid): string[][] {
  return grid.rows.map((row) => row.cells.map((cell) => cell.text));
}

describe('readXlsxGrid on the seed', () => {
  it('reads an .xlsx of the seed with merged unit cells into the same ledger as the text', async () => {
    const fromText = loadSeedLedger();
    const spec = buildLedgerSpec(fromText);
    const bytes = await writeLedgerXlsx(spec, { mergeColumns: [2, 3] });
    const grid = getValue(readXlsxGrid('yijiang-2023q2.xlsx', bytes));

    // The merges are real: every covered unit cell comes back marked, with the master's text.
    const runs = findVerticalRuns(spec, [2, 3]);
    const covered = runs.reduce((sum, run) => sum + run.last - run.first, 0);
    expect(covered).toBeGreaterThan(50);
    const markedAbove = grid.rows.flatMap((row) =>
      row.cells.filter((cell) => cell.merged === 'above'),
    );
    expect(markedAbove).toHaveLength(covered);
    expect(markedAbove.every((cell) => cell.text !== '')).toBe(true);
    expect(grid.preamble).toEqual(['弋江区2023年二季度重点工作进展和完成情况']);

    const fromXlsx = getValue(parseLedgerGrid(grid));
    expect(fromXlsx.title).toBe(fromText.title);
    expect(fromXlsx.organization).toBe('弋江区');
    expect(fromXlsx.period.label).toBe('2023Q2');
    expect(fromXlsx.sections).toEqual(fromText.sections);
    expect(summarizeTasks(fromXlsx)).toEqual(summarizeTasks(fromText));
    expect(fromXlsx.tasks).toHaveLength(126);
    // The parser saw the merges: tasks under a merged lead cell say so.
    const inherited = fromXlsx.tasks.filter((task) =>
      task.warnings.some((w) => w.code === 'lead-inherited'),
    );
    expect(inherited.length).toBe(
      runs.filter((run) => run.column === 2).reduce((sum, run) => sum + run.last - run.first, 0),
    );
  });

  it('finds the ledger sheet behind an instructions sheet, or the one named', async () => {
    const spec = buildLedgerSpec(loadSeedLedger());
    const bytes = await writeLedgerXlsx(spec, {
      sheetName: '二季度',
      mergeColumns: [2],
      sheetsBefore: [{ name: '填表说明', rows: [['请按季度填写'], ['各单位于6月25日前报送']] }],
    });
    const chosen = getValue(readXlsxGrid('book.xlsx', bytes));
    expect(chosen.rows[0]?.ref).toEqual({ sheet: '二季度', row: 2 });
    const named = getValue(readXlsxGrid('book.xlsx', bytes, { sheet: '二季度' }));
    expect(texts(named)).toEqual(texts(chosen));

    const instructions = readXlsxGrid('book.xlsx', bytes, { sheet: '填表说明' });
    expect(instructions).toMatchObject({
      ok: false,
      issues: [{ code: 'no-header', path: '工作表“填表说明”' }],
    });
    if (!instructions.ok) {
      expect(instructions.issues[0]?.message).toContain('“book.xlsx”');
      expect(instructions.issues[0]?.message).toContain('工作表“填表说明”第1–2行');
    }
    const missing = readXlsxGrid('book.xlsx', bytes, { sheet: '三季度' });
    expect(missing).toMatchObject({ ok: false, issues: [{ code: 'sheet-not-found' }] });
    if (!missing.ok) expect(missing.issues[0]?.message).toContain('“填表说明”、“二季度”');

    // Through the dispatcher: the sheet option reaches the reader.
    expect(getValue(readLedger('book.xlsx', bytes, { sheet: '二季度' })).tasks).toHaveLength(126);
    expect(readLedger('book.xlsx', bytes, { sheet: '填表说明' })).toMatchObject({
      ok: false,
      issues: [{ code: 'no-header' }],
    });

    expect(getValue(listXlsxSheets('book.xlsx', bytes))).toEqual([
      { name: '填表说明', hidden: false, hasLedger: false },
      { name: '二季度', hidden: false, hasLedger: true },
    ]);
  });
});

describe('readXlsxGrid on small sheets', () => {
  it('folds a two-row header, copies merged text and marks its direction', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.getCell('A1').value = '鸠江区2024年一季度重点工作推进情况';
    sheet.mergeCells('A1:F1');
    sheet.getCell('A2').value = '填报单位：区政府办';
    sheet.getRow(3).values = ['序号', '工作任务', '责任单位', '', '完成时限', '进展情况'];
    sheet.getRow(4).values = ['', '', '牵头单位', '配合单位', '', ''];
    for (const range of ['A3:A4', 'B3:B4', 'C3:D3', 'E3:E4', 'F3:F4']) sheet.mergeCells(range);
    sheet.getRow(5).values = ['(一)聚焦产业发展'];
    sheet.mergeCells('A5:F5');
    sheet.getRow(6).values = [
      1,
      '推进新能源汽车零部件产业园建设',
      '区发改委',
      '区经信局\n区商务局',
      '2024年12月',
      '园区一期主体完工',
    ];
    sheet.getRow(7).values = [2, '新增规上工业企业20家', '', '区统计局', '2024年12月', '已新增6家'];
    sheet.mergeCells('C6:C7');
    sheet.mergeCells('E6:E7');

    const grid = getValue(readXlsxGrid('jiujiang.xlsx', await toBytes(workbook)));
    expect(grid.preamble).toEqual(['鸠江区2024年一季度重点工作推进情况', '填报单位：区政府办']);
    expect(texts(grid)).toEqual([
      ['序号', '工作任务', '牵头单位', '配合单位', '完成时限', '进展情况'],
      Array.from({ length: 6 }, () => '(一)聚焦产业发展'),
      [
        '1',
        '推进新能源汽车零部件产业园建设',
        '区发改委',
        '区经信局 区商务局',
        '2024年12月',
        '园区一期主体完工',
      ],
      ['2', '新增规上工业企业20家', '区发改委', '区统计局', '2024年12月', '已新增6家'],
    ]);
    expect(grid.rows[1]?.cells.map((cell) => cell.merged)).toEqual([
      undefined,
      'left',
      'left',
      'left',
      'left',
      'left',
    ]);
    expect(grid.rows[3]?.cells.map((cell) => cell.merged)).toEqual([
      undefined,
      undefined,
      'above',
      undefined,
      'above',
      undefined,
    ]);
    expect(grid.rows.map((row) => row.ref.row)).toEqual([3, 5, 6, 7]);
    expect(grid.mergesLost).toBe(false);

    const ledger = getValue(parseLedgerGrid(grid));
    expect(ledger.organization).toBe('鸠江区');
    expect(ledger.period.label).toBe('2024Q1');
    expect(ledger.tasks.map((task) => [task.no, task.lead, task.co, task.extra])).toEqual([
      ['1', ['区发改委'], ['区经信局', '区商务局'], { 完成时限: '2024年12月' }],
      ['2', ['区发改委'], ['区统计局'], { 完成时限: '2024年12月' }],
    ]);
  });

  it('skips hidden rows and columns and takes cached formula results', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.getRow(1).values = [
      '序号',
      '目标与任务',
      '内部编码',
      '牵头责任单位',
      '责任单位',
      '进展情况',
    ];
    sheet.getRow(2).values = [
      1,
      '任务一',
      'X-01',
      '区财政局',
      '',
      { formula: 'CONCATENATE("完成","80%")', result: '完成80%' },
    ];
    sheet.getRow(3).values = [2, '已撤销的任务', 'X-02', '区财政局', '', ''];
    sheet.getRow(3).hidden = true;
    sheet.getRow(4).values = [
      { formula: 'A2+1', result: 3 },
      '任务三',
      'X-03',
      '区审计局',
      '',
      { formula: 'B4', result: '任务三' },
    ];
    sheet.getColumn(3).hidden = true;

    const grid = getValue(readXlsxGrid('hidden.xlsx', await toBytes(workbook)));
    expect(texts(grid)).toEqual([
      ['序号', '目标与任务', '牵头责任单位', '责任单位', '进展情况'],
      ['1', '任务一', '区财政局', '', '完成80%'],
      ['3', '任务三', '区审计局', '', '任务三'],
    ]);
    expect(grid.rows.map((row) => row.ref.row)).toEqual([1, 2, 4]);
  });

  it('shows numbers, dates and percentages as the sheet displays them', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.getRow(1).values = [
      '序号',
      '目标与任务',
      '牵头责任单位',
      '完成时限',
      '完成率',
      '进展情况',
    ];
    sheet.getRow(2).values = [
      1,
      '任务',
      '区发改委',
      new Date(Date.UTC(2023, 5, 30)),
      0.456,
      0.1 + 0.2,
    ];
    sheet.getCell('E2').numFmt = '0.0%';
    sheet.getRow(3).values = [2.1, '任务', '区发改委', new Date(Date.UTC(2023, 11, 31)), 1, 12.5];
    sheet.getCell('D3').numFmt = 'yyyy"年"m"月"d"日"';
    sheet.getCell('E3').numFmt = '0%';
    sheet.getCell('F3').numFmt = '0.00';

    const grid = getValue(readXlsxGrid('numbers.xlsx', await toBytes(workbook)));
    expect(texts(grid).slice(1)).toEqual([
      ['1', '任务', '区发改委', '2023-06-30', '45.6%', '0.3'],
      ['2.1', '任务', '区发改委', '2023年12月31日', '100%', '12.50'],
    ]);
  });

  it('keeps in-cell line breaks: joined between Chinese characters, spaced in unit columns', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.getRow(1).values = ['序号', '目 标 与\n任 务', '牵头责任单位', '责任单位', '进展情况'];
    sheet.getRow(2).values = [
      '1',
      '  推进老旧小区\n改造 ',
      '区住建局\n区财政局',
      '弋江\n街道',
      '完成改造\n12个小区,\ninvolving 3 roads',
    ];
    const grid = getValue(readXlsxGrid('breaks.xlsx', await toBytes(workbook)));
    expect(texts(grid)).toEqual([
      ['序号', '目 标 与任 务', '牵头责任单位', '责任单位', '进展情况'],
      [
        '1',
        '推进老旧小区改造',
        '区住建局 区财政局',
        '弋江 街道',
        '完成改造12个小区, involving 3 roads',
      ],
    ]);
  });

  it('names the file and each sheet it searched when no sheet has a header', async () => {
    const workbook = new ExcelJS.Workbook();
    const first = workbook.addWorksheet('汇总');
    for (let row = 1; row <= 40; row++) first.getRow(row).values = [`第${row}项`, '合计'];
    workbook.addWorksheet('空表');
    const hidden = workbook.addWorksheet('旧台账');
    hidden.state = 'hidden';
    hidden.getRow(1).values = ['序号', '目标与任务', '牵头责任单位'];

    const result = readXlsxGrid('summary.xlsx', await toBytes(workbook));
    expect(result).toMatchObject({
      ok: false,
      issues: [{ code: 'no-header', path: '工作表“汇总”' }],
    });
    if (!result.ok) {
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]?.message).toContain('文件“summary.xlsx”中找不到台账表头');
      expect(result.issues[0]?.message).toContain('工作表“汇总”第1–30行中没有表头');
      expect(result.issues[0]?.message).toContain('工作表“空表”是空的');
    }
    // A hidden sheet is not chosen by itself, but a person may name it.
    const named = getValue(
      readXlsxGrid('summary.xlsx', await toBytes(workbook), { sheet: '旧台账' }),
    );
    expect(named.rows[0]?.ref).toEqual({ sheet: '旧台账', row: 1 });
  });
});
