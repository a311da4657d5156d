import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTextGrid } from './read-text-grid.ts';

const SEED = new URL('../../../../fixtures/seed/yijiang-2023q2.txt', import.meta.url);

function texts(text: string): string[][] {
  return readTextGrid('t.txt', text).rows.map((row) => row.cells.map((cell) => cell.text));
}

describe('readTextGrid', () => {
  it('reads the title as preamble and one cell per line', () => {
    const grid = readTextGrid(
      't.txt',
      '弋江区2023年二季度\n序号 |\n目 标 与 任 务 |\n1 |\n任务 |\n区发改委 |\n',
    );
    expect(grid.preamble).toEqual(['弋江区2023年二季度']);
    expect(grid.mergesLost).toBe(true);
    expect(grid.rows).toEqual([
      { ref: { line: 2 }, cells: [{ text: '序号' }, { text: '目 标 与 任 务' }] },
      { ref: { line: 4 }, cells: [{ text: '1' }, { text: '任务' }, { text: '区发改委' }] },
    ]);
  });

  it('reads a line of pipes as that many empty cells', () => {
    expect(texts('序号 |\n工作任务 |\n1 |\n任务 |\n进展 |\n|\n||\n|||\n')).toEqual([
      ['序号', '工作任务'],
      ['1', '任务', '进展', '', '', '', '', '', ''],
    ]);
  });

  it('joins a line without a closing pipe to the next, without the line break', () => {
    expect(texts('序号 |\n工作任务 |\n1 |\n智能网联及新能源\n汽车招商中心 |\n2 |\n')).toEqual([
      ['序号', '工作任务'],
      ['1', '智能网联及新能源汽车招商中心'],
      ['2'],
    ]);
  });

  it('does not start a row at a number that continues a cell or is a task’s text', () => {
    expect(texts('序号 |\n工作任务 |\n1 |\n产值力争突破\n100 |\n2 |\n2023 |\n进展 |\n')).toEqual([
      ['序号', '工作任务'],
      ['1', '产值力争突破100'],
      ['2', '2023', '进展'],
    ]);
  });

  it('starts a section row only at a heading followed by empty cells', () => {
    expect(
      texts(
        '序号 |\n工作任务 |\n(一)经济发展 |\n|\n|||\n1 |\n任务 |\n区发改委 |\n(一)推进招商,二是落实 |\n区商务局 |\n',
      ),
    ).toEqual([
      ['序号', '工作任务'],
      ['(一)经济发展', '', '', '', ''],
      ['1', '任务', '区发改委', '(一)推进招商,二是落实', '区商务局'],
    ]);
  });

  it('keeps a header word inside a task as content', () => {
    expect(texts('序号 |\n工作任务 |\n1 |\n任务 |\n责任单位 |\n已完成 |\n')).toEqual([
      ['序号', '工作任务'],
      ['1', '任务', '责任单位', '已完成'],
    ]);
  });

  it('keeps text after the last pipe as a cell of a truncated file', () => {
    expect(texts('序号 |\n工作任务 |\n1 |\n任务 |\n进展写到一半')).toEqual([
      ['序号', '工作任务'],
      ['1', '任务', '进展写到一半'],
    ]);
  });

  it('gives no rows for text with no table', () => {
    const grid = readTextGrid('t.txt', '这是一段说明文字。\n没有表格 | 也没有表头 |\n');
    expect(grid.rows).toEqual([]);
    expect(grid.preamble).toEqual(['这是一段说明文字。', '没有表格 也没有表头']);
  });

  it('accepts CRLF line ends', () => {
    expect(texts('序号 |\r\n工作任务 |\r\n1 |\r\n任务 |\r\n')).toEqual([
      ['序号', '工作任务'],
      ['1', '任务'],
    ]);
  });

  it('reads the seed into a header, 4 section rows and 126 task rows of 5 cells', () => {
    const grid = readTextGrid('seed.txt', readFileSync(SEED, 'utf8'));
    expect(grid.preamble).toEqual(['弋江区2023年二季度重点工作进展和完成情况']);
    expect(grid.rows).toHaveLength(131);
    expect(grid.rows.every((row) => row.cells.length === 5)).toBe(true);
    expect(grid.rows[0]?.cells.map((cell) => cell.text)).toEqual([
      '序号',
      '目 标 与 任 务',
      '牵头责任单位',
      '责任单位',
      '进展情况',
    ]);
    // Task 11 starts on line 60 and lost both unit cells: its last two cells are the placeholders.
    const row11 = grid.rows.find((row) => row.cells[0]?.text === '11');
    expect(row11?.ref).toEqual({ line: 60 });
    expect(row11?.cells.map((cell) => cell.text).slice(2)).toEqual([
      '一期项目92500平方米厂房建设完成,设备陆续进场,预计2023年8月试生产,2023年底前实现达规,在晶圆载具市场进入全球前三。2024年下半年启动二期保税区仓库建设。',
      '',
      '',
    ]);
  });
});
