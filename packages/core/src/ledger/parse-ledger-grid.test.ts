import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Grid, GridCell, GridRow } from '../grid/grid.ts';
import type { Ledger, LedgerTask } from './types.ts';
import { createPeriod } from '../period/period.ts';
import { parseLedgerGrid } from './parse-ledger-grid.ts';

const TITLE = '弋江区2023年二季度重点工作进展和完成情况';
const HEADER = ['序号', '目 标 与 任 务', '牵头责任单位', '责任单位', '进展情况'];

type CellSpec = string | GridCell;

function row(line: number, ...cells: CellSpec[]): GridRow {
  return {
    ref: { line },
    cells: cells.map((cell) => (typeof cell === 'string' ? { text: cell } : cell)),
  };
}

/** Rows get consecutive line numbers from 2, as if the title were line 1. */
function buildGrid(
  rows: CellSpec[][],
  options: { preamble?: string[]; mergesLost?: boolean } = {},
): Grid {
  return {
    name: 'test.txt',
    preamble: options.preamble ?? [TITLE],
    mergesLost: options.mergesLost ?? true,
    rows: rows.map((cells, index) => row(index + 2, ...cells)),
  };
}

function parseOk(grid: Grid, options?: Parameters<typeof parseLedgerGrid>[1]): Ledger {
  const result = parseLedgerGrid(grid, options);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function task(ledger: Ledger, no: string): LedgerTask {
  const found = ledger.tasks.find((candidate) => candidate.no === no);
  if (found === undefined) throw new Error(`no task ${no}`);
  return found;
}

function codes(item: LedgerTask): string[] {
  return item.warnings.map((warning) => warning.code);
}

function issuesOf(grid: Grid, options?: Parameters<typeof parseLedgerGrid>[1]) {
  const result = parseLedgerGrid(grid, options);
  if (result.ok) throw new Error('expected issues');
  return result.issues;
}

const SECTION = ['(一)以更实举措提升经济高质量发展质效', '', '', '', ''];

describe('parseLedgerGrid', () => {
  it('reads title, sections and tasks into the ledger contract', () => {
    const ledger = parseOk(
      buildGrid([
        HEADER,
        SECTION,
        ['1', '支持舟之航总部建成投产', '区发改委', '区商务局', '加快推进总部基地建设。'],
      ]),
    );
    expect(ledger).toEqual({
      format: 'duban.ledger/1',
      title: TITLE,
      organization: '弋江区',
      period: { year: 2023, quarter: 2, label: '2023Q2' },
      sections: [{ ordinal: '一', title: '以更实举措提升经济高质量发展质效' }],
      tasks: [
        {
          no: '1',
          section: '一',
          text: '支持舟之航总部建成投产',
          lead: ['区发改委'],
          co: ['区商务局'],
          progress: '加快推进总部基地建设。',
          targets: [],
          actuals: [],
          status: { completion: null, expected: 0.5, light: 'grey' },
          warnings: [],
        },
      ],
      findings: [],
      warnings: [],
    });
  });

  describe('text whose merged cells were lost', () => {
    // Shapes copied from the seed (tasks 10–16, 24–25, 28–29), progress shortened.
    const ledger = parseOk(
      buildGrid([
        HEADER,
        SECTION,
        [
          '10',
          '支持长飞半导体扩大产能做大做强',
          '投资促进部',
          '微电子及三代半导体 招商中心成员单位',
          '研发大楼已启用。',
        ],
        ['11', '推动义柏一期全尺寸晶圆载具生产线建成投产', '厂房建设完成。', '', ''],
        [
          '14',
          '支持三只松鼠数字化转型',
          '区商务局',
          '区发改委 区经信局 区农水局',
          '入选标杆示范企业。',
        ],
        [
          '15',
          '推动华为华东数据中心项目(高新区)加快建设',
          '智能网联及新能源汽车招商中心成员单位',
          '正在进行桩基工程。',
          '',
        ],
        [
          '16',
          '支持中软信息等信息科技企业加快发展',
          '科技经贸部',
          '',
          '组织开展科技计划项目申报。',
        ],
        ['24', '始终将科技创新摆在核心位置', '科技经贸部', '', '完善科技创新体系。'],
        ['25', '完善以企业为主体的科技创新体系', '科技经贸部', '加大梯队培育力度。', ''],
        ['28', '新增登云企业不少于65家', '区经信局', '', '推动90余家企业注册平台。'],
        ['29', '发挥工业互联网“倍增器”作用', '', '举办工业互联网进园区活动5场。', ''],
      ]),
    );

    it('inherits both unit columns when two cells were lost', () => {
      expect(task(ledger, '11')).toMatchObject({
        lead: ['投资促进部'],
        co: ['微电子及三代半导体招商中心成员单位'],
        progress: '厂房建设完成。',
      });
      expect(codes(task(ledger, '11'))).toEqual(['lead-inherited', 'co-inherited']);
      expect(task(ledger, '11').warnings[0]).toEqual({
        code: 'lead-inherited',
        message: '牵头责任单位取自上一行（合并单元格）',
        field: 'lead',
        ref: { line: 5 },
      });
    });

    it('inherits the lead unit when one cell was lost; the present cell is the co-units', () => {
      expect(task(ledger, '15')).toMatchObject({
        lead: ['区商务局'],
        co: ['智能网联及新能源汽车招商中心成员单位'],
        progress: '正在进行桩基工程。',
      });
      expect(codes(task(ledger, '15'))).toEqual(['lead-inherited']);
    });

    it('keeps an empty cell in the middle as a real empty cell', () => {
      expect(task(ledger, '16')).toMatchObject({ lead: ['科技经贸部'], co: [] });
      expect(codes(task(ledger, '16'))).toEqual([]);
    });

    it('drops a co-unit equal to the inherited lead unit', () => {
      expect(task(ledger, '25')).toMatchObject({ lead: ['科技经贸部'], co: [] });
      expect(codes(task(ledger, '25'))).toEqual(['lead-inherited', 'co-same-as-lead']);
    });

    it('reads an empty present cell as empty co-units', () => {
      expect(task(ledger, '29')).toMatchObject({
        lead: ['区经信局'],
        co: [],
        progress: '举办工业互联网进园区活动5场。',
      });
      expect(codes(task(ledger, '29'))).toEqual(['lead-inherited']);
    });

    it('records joined unit names so a person can check them', () => {
      const warning = task(ledger, '10').warnings.find((item) => item.code === 'unit-joined');
      expect(warning?.field).toBe('co');
      expect(warning?.message).toContain('“微电子及三代半导体”“招商中心成员单位”');
      // Inherited values repeat no join warning: the row above carries it.
      expect(codes(task(ledger, '11'))).not.toContain('unit-joined');
    });
  });

  it('takes nothing as lost when the last cell reads as unit names: the progress is empty', () => {
    const ledger = parseOk(
      buildGrid([
        HEADER,
        ['1', '任务一', '区经信局', '', '已完成。'],
        ['2', '任务二', '区发改委', '区商务局 白马街道', ''],
      ]),
    );
    expect(task(ledger, '2')).toMatchObject({
      lead: ['区发改委'],
      co: ['区商务局', '白马街道'],
      progress: '',
    });
    expect(codes(task(ledger, '2'))).toEqual(['layout-ambiguous']);
    expect(ledger.findings).toEqual([
      { kind: 'missing-progress', tasks: ['2'], message: '第2项任务没有填写进展情况' },
    ]);
  });

  it('inherits nothing across a section row', () => {
    const ledger = parseOk(
      buildGrid([
        HEADER,
        SECTION,
        ['1', '任务一', '区经信局', '', '已完成。'],
        ['(二)第二部分', '', '', '', ''],
        ['2', '任务二', '正在推进。', '', ''],
      ]),
    );
    expect(task(ledger, '2')).toMatchObject({
      lead: [],
      co: [],
      progress: '正在推进。',
      section: '二',
    });
    expect(codes(task(ledger, '2'))).toEqual(['lead-missing', 'co-missing']);
  });

  it('uses the value of a cell merged above and records where it came from', () => {
    const merged = (text: string): GridCell => ({ text, merged: 'above' });
    const ledger = parseOk(
      buildGrid(
        [
          HEADER,
          [
            { text: '(一)经济发展' },
            { text: '(一)经济发展', merged: 'left' },
            merged('(一)经济发展'),
          ],
          ['1', '任务一', '区农水局', '白马街道\n火龙街道', '已完成。'],
          ['2', '任务二', merged('区农水局'), merged('白马街道\n火龙街道'), '正在推进。'],
          ['3', '任务三', merged('区农水局'), '区农水局 区文明办', '已开工。'],
        ],
        { mergesLost: false },
      ),
    );
    expect(ledger.sections).toEqual([{ ordinal: '一', title: '经济发展' }]);
    expect(task(ledger, '2')).toMatchObject({ lead: ['区农水局'], co: ['白马街道', '火龙街道'] });
    expect(codes(task(ledger, '2'))).toEqual(['lead-inherited', 'co-inherited']);
    expect(task(ledger, '3')).toMatchObject({ lead: ['区农水局'], co: ['区文明办'] });
    expect(codes(task(ledger, '3'))).toEqual(['lead-inherited', 'co-same-as-lead']);
  });

  it('keeps other columns as extra fields and warns only about unknown ones', () => {
    const ledger = parseOk(
      buildGrid(
        [
          ['序号', '重点任务', '牵头单位', '配合单位', '完成时限', '督办意见', '第二季度完成情况'],
          ['1', '任务一', '区经信局', '', '6月底', '加快', '已完成。'],
          ['2', '任务二', '区经信局', '', '', '', '已完成一半。'],
        ],
        { mergesLost: false },
      ),
    );
    expect(task(ledger, '1').extra).toEqual({ 完成时限: '6月底', 督办意见: '加快' });
    expect(task(ledger, '1').progress).toBe('已完成。');
    expect(task(ledger, '2').extra).toBeUndefined();
    expect(ledger.warnings.map((warning) => warning.code)).toEqual([
      'column-guessed',
      'column-guessed',
      'column-guessed',
      'column-guessed',
      'extra-column',
    ]);
    expect(ledger.warnings.at(-1)?.message).toContain('督办意见');
    // Each column read under another name is marked at that column, for the preview's header.
    expect(
      ledger.warnings
        .filter((warning) => warning.code === 'column-guessed')
        .map(({ field, message }) => [field, message]),
    ).toEqual([
      ['text', '“重点任务”列按“目标与任务”读取，请核对'],
      ['lead', '“牵头单位”列按“牵头责任单位”读取，请核对'],
      ['co', '“配合单位”列按“责任单位”读取，请核对'],
      ['progress', '“第二季度完成情况”列按“进展情况”读取，请核对'],
    ]);
  });

  it('warns about a missing unit or progress column but still imports', () => {
    const ledger = parseOk(
      buildGrid([
        ['序号', '目标与任务', '牵头单位'],
        ['1', '任务一', '区经信局'],
      ]),
    );
    expect(ledger.warnings.map((warning) => warning.message)).toEqual([
      '表头没有“责任单位”列，该项按空白处理',
      '表头没有“进展情况”列，该项按空白处理',
      '“牵头单位”列按“牵头责任单位”读取，请核对',
    ]);
    expect(ledger.warnings.map((warning) => warning.field)).toEqual(['co', 'progress', 'lead']);
    expect(task(ledger, '1')).toMatchObject({ lead: ['区经信局'], co: [], progress: '' });
  });

  it('skips a header repeated on a new page and warns about rows that are no task', () => {
    const ledger = parseOk(
      buildGrid([
        HEADER,
        ['1', '任务一', '区经信局', '', '已完成。'],
        HEADER,
        ['合计', '', '', '', ''],
        ['2', '任务二', '区经信局', '', '已完成。'],
      ]),
    );
    expect(ledger.tasks.map((item) => item.no)).toEqual(['1', '2']);
    expect(ledger.warnings).toEqual([
      {
        code: 'row-skipped',
        message: '这一行既不是任务也不是部分标题，已跳过：“合计”',
        ref: { line: 5 },
      },
    ]);
  });

  describe('title, organisation and period', () => {
    const rows = [HEADER, ['1', '任务一', '区经信局', '', '已完成。']];

    it('lets options override the title, with a warning', () => {
      const ledger = parseOk(buildGrid(rows), {
        period: createPeriod(2023, 3),
        organization: '鸠江区',
      });
      expect(ledger.period.label).toBe('2023Q3');
      expect(ledger.organization).toBe('鸠江区');
      expect(ledger.tasks[0]?.status.expected).toBe(0.75);
      expect(ledger.warnings.map((warning) => warning.code)).toEqual([
        'organization-overridden',
        'period-overridden',
      ]);
    });

    it('reads a title from a text row above the header (spreadsheets have no preamble)', () => {
      const ledger = parseOk(
        buildGrid([['鸠江区2024年上半年重点工作推进情况'], ...rows], { preamble: [] }),
      );
      expect(ledger.title).toBe('鸠江区2024年上半年重点工作推进情况');
      expect(ledger.period.label).toBe('2024Q2');
    });

    it('reports a title without period or organisation unless the options supply them', () => {
      const grid = buildGrid(rows, { preamble: ['重点工作进展情况'] });
      expect(issuesOf(grid).map((issue) => issue.code)).toEqual([
        'organization-missing',
        'period-missing',
      ]);
      const ledger = parseOk(grid, { period: createPeriod(2023, 2), organization: '弋江区' });
      expect(ledger.title).toBe('重点工作进展情况');
    });

    it('makes up a title, with a warning, when there is none', () => {
      const ledger = parseOk(buildGrid(rows, { preamble: [] }), {
        period: createPeriod(2023, 2),
        organization: '弋江区',
      });
      expect(ledger.title).toBe('弋江区2023年第2季度重点工作进展情况');
      expect(ledger.warnings.map((warning) => warning.code)).toEqual(['title-generated']);
    });
  });

  describe('bad input', () => {
    it('reports an empty grid', () => {
      expect(issuesOf(buildGrid([], { preamble: [] }))).toEqual([
        { code: 'empty', path: '全文', message: '没有任何内容' },
      ]);
    });

    it('reports a table without header', () => {
      const issues = issuesOf(
        buildGrid([
          ['甲', '乙'],
          ['丙', '丁'],
        ]),
      );
      expect(issues.map((issue) => [issue.code, issue.path])).toEqual([['no-header', '表头']]);
      expect(issues[0]?.message).toContain('序号');
    });

    it('reports a repeated task number, naming both rows', () => {
      const issues = issuesOf(
        buildGrid([
          HEADER,
          ['12', '任务一', '区经信局', '', '已完成。'],
          ['12', '任务二', '区经信局', '', '已完成。'],
        ]),
      );
      expect(issues).toEqual([
        { code: 'duplicate-number', path: '第4行', message: '序号12重复：第3行和第4行都是12号' },
      ]);
    });

    it('keeps a repeated task number under a provisional number when asked (the preview)', () => {
      const result = parseLedgerGrid(
        buildGrid([
          HEADER,
          ['12', '任务一', '区经信局', '', '已完成。'],
          ['12', '任务二', '区经信局', '', '已完成。'],
          ['12', '任务三', '区经信局', '', '已完成。'],
        ]),
        { keepRepeatedNumbers: true },
      );
      if (!result.ok) throw new Error(JSON.stringify(result.issues));
      expect(result.value.tasks.map((task) => task.no)).toEqual([
        '12',
        '12（重复2）',
        '12（重复3）',
      ]);
      expect(result.value.tasks[0]?.warnings.some((w) => w.code === 'duplicate-number')).toBe(
        false,
      );
      expect(result.value.tasks[1]?.warnings).toContainEqual({
        code: 'duplicate-number',
        field: 'no',
        ref: { line: 4 },
        message: '序号12重复（第3行也是12号），暂记为“12（重复2）”：请改为正确的序号，或删除这一行',
      });
    });

    it('reports a row with more cells than the header', () => {
      const issues = issuesOf(buildGrid([HEADER, ['1', '任务一', '区经信局', '', '已完成。', '']]));
      expect(issues).toEqual([
        { code: 'too-many-cells', path: '第3行', message: '序号1这一行有6个单元格，但表头只有5列' },
      ]);
    });

    it('tolerates trailing empty cells from a spreadsheet, not extra content', () => {
      const spreadsheet = (extra: string) =>
        parseLedgerGrid(
          buildGrid([HEADER, ['1', '任务一', '区经信局', '', '已完成。', extra]], {
            mergesLost: false,
          }),
        );
      expect(spreadsheet('').ok).toBe(true);
      expect(spreadsheet('多余').ok).toBe(false);
    });

    it('reports a task row before the header', () => {
      const issues = issuesOf(buildGrid([['1', '任务一', '区经信局', '', '已完成。'], HEADER]));
      expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
        ['row-before-header', '第2行'],
      ]);
    });

    it('reports a header without the number or task column', () => {
      const issues = issuesOf(
        buildGrid([
          ['目标与任务', '牵头单位'],
          ['1', '任务一'],
        ]),
      );
      expect(issues).toEqual([
        { code: 'missing-column', path: '第2行', message: '表头缺少“序号”列' },
      ]);
    });

    it('reports a header with no task under it', () => {
      expect(issuesOf(buildGrid([HEADER, SECTION])).map((issue) => issue.code)).toEqual([
        'no-tasks',
      ]);
    });
  });

  describe('never throws', () => {
    const cellText = fc.oneof(
      fc.constantFrom(
        '',
        '序号',
        '目标与任务',
        '牵头单位',
        '责任单位',
        '进展情况',
        '(一)标题',
        '一、',
        '1',
        '2',
        '3.1',
        '区发改委',
        '区发改委 区商务局',
        '已完成。',
      ),
      fc.string({ maxLength: 12 }),
    );
    const cell = fc.record({
      text: cellText,
      merged: fc.constantFrom(undefined, 'above' as const, 'left' as const),
    });
    const grid = fc.record({
      name: fc.constant('random.txt'),
      preamble: fc.array(fc.oneof(fc.constant(TITLE), fc.string({ maxLength: 20 })), {
        maxLength: 2,
      }),
      mergesLost: fc.boolean(),
      rows: fc
        .array(fc.array(cell, { maxLength: 7 }), { maxLength: 12 })
        .map((rows) => rows.map((cells, index): GridRow => ({ cells, ref: { line: index + 2 } }))),
    });

    it('on arbitrary grids: a ledger, or issues that say where and what', () => {
      fc.assert(
        fc.property(grid, (input) => {
          const result = parseLedgerGrid(input);
          if (result.ok) {
            expect(result.value.tasks.length).toBeGreaterThan(0);
            return;
          }
          expect(result.issues.length).toBeGreaterThan(0);
          for (const issue of result.issues) {
            expect(issue.code).not.toBe('');
            expect(issue.message).not.toBe('');
            expect(issue.path).toMatch(/^(第\d+行|表头|标题|全文)$/u);
          }
        }),
        { numRuns: 500 },
      );
    });

    it('with a real header and random rows: row problems name their row', () => {
      fc.assert(
        fc.property(fc.array(fc.array(cellText, { maxLength: 7 }), { maxLength: 12 }), (rows) => {
          const result = parseLedgerGrid(buildGrid([HEADER, ...rows]));
          if (!result.ok) {
            for (const issue of result.issues) {
              if (issue.code !== 'no-tasks') expect(issue.path).toMatch(/^第\d+行$/u);
            }
          }
        }),
        { numRuns: 500 },
      );
    });
  });
});
