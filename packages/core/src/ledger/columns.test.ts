import { describe, expect, it } from 'vitest';
import { detectColumns, findColumnRole, isHeaderRow, isKnownExtraColumn } from './columns.ts';

describe('findColumnRole', () => {
  it.each([
    ['序号', 'no'],
    ['编号', 'no'],
    ['目 标 与 任 务', 'text'],
    ['工作任务', 'text'],
    ['重点任务', 'text'],
    ['主要任务', 'text'],
    ['任务名称', 'text'],
    ['重点工作', 'text'],
    ['项目名称', 'text'],
    ['牵头责任单位', 'lead'],
    ['牵头单位', 'lead'],
    ['牵头部门', 'lead'],
    ['责任主体', 'lead'],
    ['责任单位', 'co'],
    ['配合单位', 'co'],
    ['配合部门', 'co'],
    ['协同单位', 'co'],
    ['协办单位', 'co'],
    ['进展情况', 'progress'],
    ['完成情况', 'progress'],
    ['推进情况', 'progress'],
    ['工作进展', 'progress'],
    ['本月进展', 'progress'],
    ['第二季度完成情况', 'progress'],
    ['上半年推进情况', 'progress'],
    ['6月进展情况', 'progress'],
  ])('%s → %s', (header, role) => {
    expect(findColumnRole(header)).toBe(role);
  });

  it('leaves other columns to extra', () => {
    for (const header of ['完成时限', '分管领导', '备注', '督办意见', '']) {
      expect(findColumnRole(header)).toBeUndefined();
    }
    expect(isKnownExtraColumn('完 成 时 限')).toBe(true);
    expect(isKnownExtraColumn('督办意见')).toBe(false);
  });
});

describe('detectColumns', () => {
  it('maps the seed header and keeps extras by name', () => {
    const layout = detectColumns([
      '序号',
      '目 标 与 任 务',
      '牵头责任单位',
      '责任单位',
      '完成时限',
      '进展情况',
    ]);
    expect(layout.index).toEqual({ no: 0, text: 1, lead: 2, co: 3, progress: 5 });
    expect(layout.roles[4]).toBeUndefined();
    expect(layout.headers[1]).toBe('目标与任务');
  });

  it('gives a repeated role to the first column only', () => {
    const layout = detectColumns(['序号', '工作任务', '责任单位', '配合单位']);
    expect(layout.index.co).toBe(2);
    expect(layout.roles[3]).toBeUndefined();
  });
});

describe('isHeaderRow', () => {
  it('needs two known columns including the number or the task', () => {
    expect(isHeaderRow(['序号', '目 标 与 任 务', '牵头责任单位'])).toBe(true);
    expect(isHeaderRow(['牵头单位', '责任单位'])).toBe(false);
    expect(isHeaderRow(['序号'])).toBe(false);
    expect(isHeaderRow(['12', '支持长飞半导体扩大产能做大做强', '投资促进部'])).toBe(false);
  });
});
