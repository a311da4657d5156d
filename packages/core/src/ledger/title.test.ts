import { describe, expect, it } from 'vitest';
import { findOrganizationInTitle } from './title.ts';

describe('findOrganizationInTitle', () => {
  it.each([
    ['弋江区2023年二季度重点工作进展和完成情况', '弋江区'],
    ['关于鸠江区2024年上半年重点工作的报告', '鸠江区'],
    ['芜湖市弋江区人民政府 2023年度重点工作', '芜湖市弋江区人民政府'],
    ['南陵县二〇二三年一季度重点工作', '南陵县'],
    ['白马街道重点工作进展情况', '白马街道'],
  ])('%s → %s', (title, organization) => {
    expect(findOrganizationInTitle(title)).toBe(organization);
  });

  it('finds nothing when the title names no organisation', () => {
    expect(findOrganizationInTitle('2023年二季度重点工作')).toBeUndefined();
    expect(findOrganizationInTitle('重点工作进展情况')).toBeUndefined();
  });
});
