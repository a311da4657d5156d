import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLedgerGrid } from '@duban/core';
import type { Grid } from '@duban/core';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { buildLedgerSpec, writeLedgerCsv } from '../shared/test-support/ledger-tables.ts';
import {
  FIXTURES_DIR,
  getValue,
  loadSeedLedger,
  summarizeTasks,
} from '../shared/test-support/seed.ts';
import { detectSeparator, readCsvGrid } from './read-csv.ts';

function texts(grid: Grid): string[][] {
  return grid.rows.map((row) => row.cells.map((cell) => cell.text));
}

describe('readCsvGrid on the seed', () => {
  const fromText = loadSeedLedger();
  const spec = buildLedgerSpec(fromText, ' ');

  for (const encoding of ['gbk', 'utf-8', 'utf-8-bom'] as const) {
    it(`detects ${encoding} and reads the same ledger as the text`, () => {
      const bytes = writeLedgerCsv(spec, encoding);
      if (encoding === 'gbk') {
        // Really GBK: not valid UTF-8, so detection had work to do.
        expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
      }
      const grid = getValue(readCsvGrid(`yijiang-2023q2-${encoding}.csv`, bytes));
      expect(grid.preamble).toEqual(['弋江区2023年二季度重点工作进展和完成情况']);
      const fromCsv = getValue(parseLedgerGrid(grid));
      expect(fromCsv.sections).toEqual(fromText.sections);
      expect(summarizeTasks(fromCsv)).toEqual(summarizeTasks(fromText));
    });
  }
});

describe('readCsvGrid on small files', () => {
  it('reads extra 分管领导 and 完成时限 columns, quoted commas, quotes and line breaks', () => {
    const bytes = readFileSync(join(FIXTURES_DIR, 'extra-columns.csv'));
    const grid = getValue(readCsvGrid('extra-columns.csv', bytes));
    expect(texts(grid)[4]).toEqual([
      '3',
      '实施"数字南陵"三年行动',
      '县数据资源局',
      '县经信局',
      '李华',
      '2024年9月底',
      '完成政务云扩容;智慧社区平台上线试运行。',
    ]);
    // Rows count records, as a spreadsheet shows them: task 3 spans two lines but is one row.
    expect(grid.rows.map((row) => row.ref.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);

    const ledger = getValue(parseLedgerGrid(grid));
    expect(ledger.organization).toBe('南陵县');
    expect(ledger.period.label).toBe('2024Q2');
    expect(
      ledger.tasks.map((task) => [task.no, task.section, task.lead, task.co, task.extra]),
    ).toEqual([
      [
        '1',
        '一',
        ['县发改委'],
        ['县自然资源局', '县经开区管委会'],
        { 分管领导: '王明', 完成时限: '2024年12月底' },
      ],
      [
        '2',
        '一',
        ['县经信局'],
        ['县统计局', '县税务局'],
        { 分管领导: '王明', 完成时限: '2024年12月底' },
      ],
      ['3', '一', ['县数据资源局'], ['县经信局'], { 分管领导: '李华', 完成时限: '2024年9月底' }],
      [
        '4',
        '二',
        ['县住建局'],
        ['籍山镇', '弋江镇'],
        { 分管领导: '李华', 完成时限: '2024年11月底' },
      ],
      ['5', '二', ['县农业农村局'], ['县财政局'], { 分管领导: '张强', 完成时限: '2024年10月底' }],
    ]);
    expect(ledger.warnings.filter((warning) => warning.code === 'extra-column')).toEqual([]);
  });

  it('folds a two-row header whose first row groups 牵头单位 and 配合单位 under 责任单位', () => {
    const bytes = readFileSync(join(FIXTURES_DIR, 'two-row-header.csv'));
    const grid = getValue(readCsvGrid('two-row-header.csv', bytes));
    expect(texts(grid)[0]).toEqual([
      '序号',
      '工作任务',
      '牵头单位',
      '配合单位',
      '进展情况',
      '备注',
    ]);
    expect(grid.rows[0]?.ref).toEqual({ row: 2 });
    const ledger = getValue(parseLedgerGrid(grid));
    expect(ledger.tasks.map((task) => [task.no, task.lead, task.co, task.extra])).toEqual([
      ['1', ['区数据资源局'], ['区市场监管局'], undefined],
      ['2', ['区财政局'], ['区审计局', '区发改委'], { 备注: '按月通报' }],
      ['3', ['区人社局'], ['各街道'], undefined],
    ]);
  });

  it('detects tab-separated UTF-16 text, as Excel saves “Unicode text”', () => {
    const text = '序号\t目标与任务\t牵头责任单位\r\n1\t任务，含逗号\t区发改委\r\n';
    const bytes = new Uint8Array([0xff, 0xfe, ...iconv.encode(text, 'utf-16le')]);
    expect(texts(getValue(readCsvGrid('unicode.txt', bytes)))).toEqual([
      ['序号', '目标与任务', '牵头责任单位'],
      ['1', '任务，含逗号', '区发改委'],
    ]);
    expect(detectSeparator('a;b;c\n1;"x,y";2')).toBe(';');
  });

  it('refuses text that is neither UTF-8 nor GBK, naming the file and line', () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('序号,目标与任务\n1,'),
      0x81,
      0x20,
      0x0a,
    ]);
    const result = readCsvGrid('broken.csv', bytes);
    expect(result).toMatchObject({
      ok: false,
      issues: [{ code: 'encoding-unknown', path: '第2行' }],
    });
    if (!result.ok) expect(result.issues[0]?.message).toContain('文件“broken.csv”第2行');
  });

  it('reports no header and an unterminated quote with the file and row', () => {
    const noHeader = readCsvGrid(
      'numbers.csv',
      new TextEncoder().encode('月份,金额\n1,200\n2,300\n'),
    );
    expect(noHeader).toMatchObject({ ok: false, issues: [{ code: 'no-header', path: '第1行' }] });
    if (!noHeader.ok)
      expect(noHeader.issues[0]?.message).toContain('文件“numbers.csv”第1–3行中找不到台账表头');

    const unterminated = readCsvGrid(
      'quote.csv',
      new TextEncoder().encode('序号,目标与任务\n1,"未闭合\n2,任务\n'),
    );
    expect(unterminated).toMatchObject({
      ok: false,
      issues: [{ code: 'csv-malformed', path: '第2行' }],
    });
  });
});
