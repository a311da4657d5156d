import { describe, expect, it } from 'vitest';
import { assembleGrid, splitTable } from './table.ts';
import type { RawRow } from './table.ts';

function rows(...lines: (string | [string, 'above' | 'left'])[][]): RawRow[] {
  return lines.map((cells, index) => ({
    cells: cells.map((cell) =>
      typeof cell === 'string' ? { text: cell } : { text: cell[0], merged: cell[1] },
    ),
    ref: { row: index + 1 },
  }));
}

describe('splitTable and assembleGrid', () => {
  it('moves title rows to the preamble, skipping merged copies, and squares rows at the table width', () => {
    const parts = splitTable(
      rows(
        [
          '弋江区2023年二季度重点工作',
          ['弋江区2023年二季度重点工作', 'left'],
          ['弋江区2023年二季度重点工作', 'left'],
          '',
        ],
        [],
        ['序号', '目标与任务', '牵头责任单位', ''],
        ['1', '任务', '区发改委'],
        ['', '', '', ''],
        ['2', '任务', '区财政局', '', '', ''],
      ),
    );
    expect(parts?.preamble).toEqual(['弋江区2023年二季度重点工作']);
    const grid = assembleGrid(
      't.xlsx',
      parts ?? { preamble: [], header: { cells: [], ref: {} }, body: [] },
    );
    expect(grid.rows.map((row) => row.cells.map((cell) => cell.text))).toEqual([
      ['序号', '目标与任务', '牵头责任单位'],
      ['1', '任务', '区发改委'],
      ['2', '任务', '区财政局'],
    ]);
    expect(grid.rows.map((row) => row.ref.row)).toEqual([3, 4, 6]);
  });

  it('does not fold a first task row into the header', () => {
    const parts = splitTable(
      rows(['序号', '目标与任务', '责任单位'], ['1', '牵头单位', '责任单位']),
    );
    expect(parts?.header.cells.map((cell) => cell.text)).toEqual([
      '序号',
      '目标与任务',
      '责任单位',
    ]);
    expect(parts?.body).toHaveLength(1);
  });

  it('returns undefined when no header is among the first 30 rows', () => {
    const table = rows(...Array.from({ length: 30 }, () => ['说明']), ['序号', '目标与任务']);
    expect(splitTable(table)).toBeUndefined();
    expect(splitTable(table.slice(1))?.header.ref).toEqual({ row: 31 });
  });
});
