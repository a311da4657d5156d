import { describe, expect, it } from 'vitest';
import { classifyRowStart, findSectionHeading, findTaskNumber } from './row-patterns.ts';

describe('findTaskNumber', () => {
  it.each([
    ['12', '12'],
    [' 126 ', '126'],
    ['3.1', '3.1'],
    ['１２', '12'],
    ['12.', '12'],
    ['12、', '12'],
    ['10000', '10000'],
    ['123456', '123456'],
  ])('%j → %j', (cell, no) => {
    expect(findTaskNumber(cell)).toBe(no);
  });

  it.each(['', '序号', '12项', '2023年', '一', '1.8万人', '1234567'])(
    '%j is no task number',
    (cell) => {
      expect(findTaskNumber(cell)).toBeUndefined();
    },
  );
});

describe('findSectionHeading', () => {
  it.each([
    ['(一)以更实举措提升经济高质量发展质效', '一', '以更实举措提升经济高质量发展质效'],
    ['（二）以更高标准美化城市环境面貌', '二', '以更高标准美化城市环境面貌'],
    ['三、以更优服务回应人民群众需求', '三', '以更优服务回应人民群众需求'],
    ['(十二) 其他', '十二', '其他'],
  ])('%s', (cell, ordinal, title) => {
    expect(findSectionHeading(cell)).toEqual({ ordinal, title });
  });

  it('is not fooled by prose', () => {
    expect(findSectionHeading('一是持续推动重大事故隐患排查整治行动')).toBeUndefined();
    expect(findSectionHeading('推动华为华东数据中心项目(高新区)加快建设')).toBeUndefined();
  });
});

describe('classifyRowStart', () => {
  it('classifies the first cells of rows', () => {
    expect(classifyRowStart('12')).toBe('task');
    expect(classifyRowStart('(一)以更实举措')).toBe('section');
    expect(classifyRowStart('序号')).toBe('header');
    expect(classifyRowStart('区发改委')).toBeUndefined();
  });
});
