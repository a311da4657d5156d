import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLedgerGrid } from '@duban/core';
import type { Grid } from '@duban/core';
import { describe, expect, it } from 'vitest';
import { readLedger } from '../read-ledger.ts';
import { FIXTURES_DIR, getValue } from '../shared/test-support/seed.ts';
import { parseChineseNumeral, readProseText } from './read-prose.ts';

function texts(grid: Grid): string[][] {
  return grid.rows.map((row) => row.cells.map((cell) => cell.text));
}

describe('readProseText', () => {
  const notice = readFileSync(join(FIXTURES_DIR, 'notice.txt'), 'utf8');

  it('turns a notice into the standard table: sections, tasks, units from brackets and lines', () => {
    const grid = getValue(readProseText('notice.txt', notice));
    expect(texts(grid)).toEqual([
      ['序号', '目标与任务', '牵头责任单位', '责任单位', '进展情况', '完成时限'],
      ['(一)以更实举措推动经济高质量发展', '', '', '', '', ''],
      [
        '1',
        '支持奇瑞新能源四期项目建成投产，力争2024年产值突破300亿元。',
        '区发改委',
        '智能网联及新能源汽车招商中心成员单位',
        '',
        '',
      ],
      [
        '2',
        '推动长飞半导体二期项目加快建设，年内完成主体工程。',
        '投资促进部',
        '区经信局、规划建设部',
        '',
        '',
      ],
      [
        '3',
        '深化“一网通办”改革，政务服务事项网上可办率保持在99%以上。',
        '区数据资源局',
        '区直各单位、各街道',
        '',
        '2024年3月底',
      ],
      ['(二)以更高标准建设宜居城区', '', '', '', '', ''],
      ['4', '新增城市停车位不少于3000个。', '区住交局', '区城管局、各街道', '', ''],
      ['5', '完成老旧小区改造10个。', '区住交局', '区财政局、各街道', '', ''],
    ]);
    expect(grid.rows.map((row) => row.ref.line)).toEqual([8, 6, 8, 9, 12, 16, 17, 18]);
    expect(grid.preamble[0]).toBe('弋江区2024年一季度重点工作任务清单');
  });

  it('gives the parser a ledger with the notice’s organisation and period', () => {
    const ledger = getValue(parseLedgerGrid(getValue(readProseText('notice.txt', notice))));
    expect(ledger.organization).toBe('弋江区');
    expect(ledger.period.label).toBe('2024Q1');
    expect(ledger.sections.map((section) => section.ordinal)).toEqual(['一', '二']);
    expect(ledger.tasks.map((task) => [task.no, task.section, task.lead, task.co])).toEqual([
      ['1', '一', ['区发改委'], ['智能网联及新能源汽车招商中心成员单位']],
      ['2', '一', ['投资促进部'], ['区经信局', '规划建设部']],
      ['3', '一', ['区数据资源局'], ['区直各单位', '各街道']],
      ['4', '二', ['区住交局'], ['区城管局', '各街道']],
      ['5', '二', ['区住交局'], ['区财政局', '各街道']],
    ]);
    expect(ledger.tasks[2]?.extra).toEqual({ 完成时限: '2024年3月底' });
  });

  it('is what readLedger makes of a .txt without a table', () => {
    const ledger = getValue(
      readLedger('notice.txt', readFileSync(join(FIXTURES_DIR, 'notice.txt'))),
    );
    expect(ledger.tasks.map((task) => task.no)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('numbers items that restart under each heading as 1.1, 1.2, 2.1', () => {
    const grid = getValue(
      readProseText(
        'restart.txt',
        [
          '（一）稳增长',
          '1.工业增加值增长8%（牵头单位：区经信局）',
          '2.社会消费品零售总额增长9%（牵头单位：区商务局）',
          '（二）惠民生',
          '1.新增城镇就业5000人（牵头单位：区人社局）',
        ].join('\n'),
      ),
    );
    expect(grid.rows.slice(1).map((row) => row.cells[0]?.text)).toEqual([
      '(一)稳增长',
      '1.1',
      '1.2',
      '(二)惠民生',
      '2.1',
    ]);
  });

  it('keeps points listed under a task in its text', () => {
    const grid = getValue(
      readProseText(
        'points.txt',
        '1.推进城市更新（牵头单位：区住建局）\n（1）改造老旧小区10个；\n（2）新建口袋公园5个。\n2.推进乡村振兴（牵头单位：区农水局）',
      ),
    );
    expect(texts(grid).slice(1)).toEqual([
      ['1', '推进城市更新（1）改造老旧小区10个；（2）新建口袋公园5个。', '区住建局', '', ''],
      ['2', '推进乡村振兴', '区农水局', '', ''],
    ]);
  });

  it('reads 责任单位 alone as lead first, the rest co-units; keeps figures like 1.8万 as text', () => {
    const grid = getValue(
      readProseText(
        'x.txt',
        '1.8万人次参加技能培训（责任单位：区人社局、区教育局）\n1.新增就业1.8万人（责任单位：区人社局、区教育局）',
      ),
    );
    expect(texts(grid).slice(1)).toEqual([['1', '新增就业1.8万人', '区人社局', '区教育局', '']]);
    expect(grid.preamble).toEqual(['1.8万人次参加技能培训（责任单位：区人社局、区教育局）']);
  });

  it('fails with no-tasks, naming the file, when no numbered item names units', () => {
    const result = readProseText(
      'letter.txt',
      '各单位：\n请于6月25日前报送二季度进展。\n1.报送材料要真实\n2.按时报送',
    );
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'no-tasks' }] });
    if (!result.ok) expect(result.issues[0]?.message).toContain('文件“letter.txt”中找不到任务');
  });

  it('converts Chinese numerals', () => {
    expect(['一', '九', '十', '十二', '二十', '二十三'].map(parseChineseNumeral)).toEqual([
      1, 9, 10, 12, 20, 23,
    ]);
  });
});
