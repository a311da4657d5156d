import { parseLedgerGrid } from '@duban/core';
import type { Grid } from '@duban/core';
import {
  AlignmentType,
  Document,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalMergeType,
} from 'docx';
import { describe, expect, it } from 'vitest';
import {
  buildLedgerSpec,
  findVerticalRuns,
  writeLedgerDocx,
} from '../shared/test-support/ledger-tables.ts';
import { getValue, loadSeedLedger, summarizeTasks } from '../shared/test-support/seed.ts';
import { readDocxGrid } from './read-docx.ts';

function texts(grid: Grid): string[][] {
  return grid.rows.map((row) => row.cells.map((cell) => cell.text));
}

function cell(
  text: string,
  options: Omit<ConstructorParameters<typeof TableCell>[0], 'children'> = {},
): TableCell {
  return new TableCell({
    children: text.split('\n').map((line) => new Paragraph(line)),
    ...options,
  });
}

async function pack(document: Document): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toBuffer(document));
}

describe('readDocxGrid on the seed', () => {
  const fromText = loadSeedLedger();
  const spec = buildLedgerSpec(fromText);

  it('reads a .docx of the seed with vMerge unit cells and gridSpan section rows into the same ledger', async () => {
    const bytes = await writeLedgerDocx(spec, { mergeColumns: [2, 3] });
    const grid = getValue(readDocxGrid('yijiang-2023q2.docx', bytes));

    const covered = findVerticalRuns(spec, [2, 3]).reduce(
      (sum, run) => sum + run.last - run.first,
      0,
    );
    expect(grid.rows.flatMap((row) => row.cells.filter((c) => c.merged === 'above'))).toHaveLength(
      covered,
    );
    // Section rows span the five columns: the heading repeated, marked as merged from the left.
    const sectionRow = grid.rows.find((row) => row.cells[0]?.text.startsWith('(二)'));
    expect(sectionRow?.cells.map((c) => c.merged)).toEqual([
      undefined,
      'left',
      'left',
      'left',
      'left',
    ]);
    expect(grid.rows[0]?.ref).toEqual({ table: 1, row: 1 });

    const fromDocx = getValue(parseLedgerGrid(grid));
    expect(fromDocx.title).toBe(fromText.title);
    expect(fromDocx.sections).toEqual(fromText.sections);
    expect(summarizeTasks(fromDocx)).toEqual(summarizeTasks(fromText));
  });

  it('joins one table per section, each under its heading paragraph, into one ledger', async () => {
    const bytes = await writeLedgerDocx(spec, { mergeColumns: [2, 3], tablePerSection: true });
    const grid = getValue(readDocxGrid('yijiang-2023q2-sections.docx', bytes));
    // One header, however many tables repeat it.
    expect(grid.rows.filter((row) => row.cells[0]?.text === '序号')).toHaveLength(1);
    expect(new Set(grid.rows.map((row) => row.ref.table))).toEqual(new Set([1, 2, 3, 4]));

    const fromDocx = getValue(parseLedgerGrid(grid));
    expect(fromDocx.sections).toEqual(fromText.sections);
    expect(summarizeTasks(fromDocx)).toEqual(summarizeTasks(fromText));
  });
});

describe('readDocxGrid on small documents', () => {
  it('resolves gridSpan and vMerge, a two-row header and automatic numbering in the 序号 column', async () => {
    const numbered = () =>
      new TableCell({
        children: [new Paragraph({ text: '', numbering: { reference: 'task-no', level: 0 } })],
      });
    const document = new Document({
      numbering: {
        config: [
          {
            reference: 'task-no',
            levels: [
              {
                level: 0,
                format: LevelFormat.DECIMAL,
                text: '%1.',
                alignment: AlignmentType.CENTER,
              },
            ],
          },
        ],
      },
      sections: [
        {
          children: [
            new Paragraph({
              children: [
                new TextRun('繁昌区2023年三季度'),
                new TextRun({ text: '（内部草稿）', vanish: true }),
                new TextRun('重点工作进展'),
              ],
            }),
            new Table({
              rows: [
                new TableRow({
                  children: [
                    cell('序号', { verticalMerge: VerticalMergeType.RESTART }),
                    cell('目标与任务', { verticalMerge: VerticalMergeType.RESTART }),
                    cell('责任单位', { columnSpan: 2 }),
                    cell('进展情况', { verticalMerge: VerticalMergeType.RESTART }),
                  ],
                }),
                new TableRow({
                  children: [
                    cell('', { verticalMerge: VerticalMergeType.CONTINUE }),
                    cell('', { verticalMerge: VerticalMergeType.CONTINUE }),
                    cell('牵头单位'),
                    cell('配合单位'),
                    cell('', { verticalMerge: VerticalMergeType.CONTINUE }),
                  ],
                }),
                new TableRow({ children: [cell('(一)稳住经济大盘', { columnSpan: 5 })] }),
                new TableRow({
                  children: [
                    numbered(),
                    cell('新建5G基站200个'),
                    cell('区经信局', { verticalMerge: VerticalMergeType.RESTART }),
                    cell('铁塔公司\n移动公司'),
                    cell('已建成156个'),
                  ],
                }),
                new TableRow({
                  children: [
                    numbered(),
                    cell('推进工业互联网平台应用'),
                    cell('', { verticalMerge: VerticalMergeType.CONTINUE }),
                    cell(''),
                    cell('新增上云企业12家'),
                  ],
                }),
              ],
            }),
          ],
        },
      ],
    });
    const grid = getValue(readDocxGrid('fanchang.docx', await pack(document)));
    expect(grid.preamble).toEqual(['繁昌区2023年三季度重点工作进展']);
    expect(texts(grid)).toEqual([
      ['序号', '目标与任务', '牵头单位', '配合单位', '进展情况'],
      Array.from({ length: 5 }, () => '(一)稳住经济大盘'),
      ['1.', '新建5G基站200个', '区经信局', '铁塔公司 移动公司', '已建成156个'],
      ['2.', '推进工业互联网平台应用', '区经信局', '', '新增上云企业12家'],
    ]);
    expect(grid.rows[3]?.cells[2]?.merged).toBe('above');
    expect(grid.rows.map((row) => row.ref)).toEqual([
      { table: 1, row: 1 },
      { table: 1, row: 3 },
      { table: 1, row: 4 },
      { table: 1, row: 5 },
    ]);
    const ledger = getValue(parseLedgerGrid(grid));
    expect(ledger.tasks.map((task) => [task.no, task.lead, task.co])).toEqual([
      ['1', ['区经信局'], ['铁塔公司', '移动公司']],
      ['2', ['区经信局'], []],
    ]);
    expect(ledger.period.label).toBe('2023Q3');
  });

  it('reads a notice without a table as prose', async () => {
    const document = new Document({
      sections: [
        {
          children: [
            '湾沚区2024年一季度重点工作任务分解',
            '一、扩大有效投资',
            '1.新开工亿元以上项目30个（牵头单位：区发改委；责任单位：区住建局、区自然资源分局）',
            '2.完成固定资产投资增长8%',
            '牵头单位：区统计局',
            '责任单位：各镇',
          ].map((text) => new Paragraph(text)),
        },
      ],
    });
    const grid = getValue(readDocxGrid('notice.docx', await pack(document)));
    expect(texts(grid)).toEqual([
      ['序号', '目标与任务', '牵头责任单位', '责任单位', '进展情况'],
      ['(一)扩大有效投资', '', '', '', ''],
      ['1', '新开工亿元以上项目30个', '区发改委', '区住建局、区自然资源分局', ''],
      ['2', '完成固定资产投资增长8%', '区统计局', '各镇', ''],
    ]);
  });

  it('names the file and each table when no table has a header and no item names units', async () => {
    const document = new Document({
      sections: [
        {
          children: [
            new Paragraph('会议签到表'),
            new Table({
              rows: [
                new TableRow({ children: [cell('姓名'), cell('单位')] }),
                new TableRow({ children: [cell('张三'), cell('区发改委')] }),
              ],
            }),
          ],
        },
      ],
    });
    const result = readDocxGrid('signin.docx', await pack(document));
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'no-header', path: '第1个表格' }] });
    if (!result.ok)
      expect(result.issues[0]?.message).toContain(
        '文件“signin.docx”中找不到台账表头：第1个表格第1–2行中没有表头',
      );
  });
});
