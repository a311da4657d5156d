/** What a report title says about who reports: 弋江区2023年二季度… → 弋江区. */

const LEADING_NOISE = /^(?:关于|附件\s*\d*\s*[:：]?)\s*/u;
const TRAILING_NOISE = /[\s:：,，、\-—]+$/u;
/** Administrative endings, for titles that put no year after the organisation. */
const ADMINISTRATIVE =
  /^(.+?(?:自治州|自治县|街道办事处|街道|新区|开发区|高新区|区|县|市|镇|乡|旗|州|省))/u;
const YEAR = /(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年/u;

/**
 * Finds the organisation a title names: the text before the year, or failing that a leading
 * administrative name (…区, …县, …市, …镇, …街道). Undefined when the title names none.
 *
 * @example
 * ```ts
 * findOrganizationInTitle('弋江区2023年二季度重点工作进展和完成情况'); // '弋江区'
 * findOrganizationInTitle('关于鸠江区2024年上半年重点工作的报告');     // '鸠江区'
 * findOrganizationInTitle('2023年二季度重点工作');                     // undefined
 * ```
 */
export function findOrganizationInTitle(title: string): string | undefined {
  const text = title.trim().replace(LEADING_NOISE, '');
  const year = YEAR.exec(text);
  if (year !== null) {
    const before = text.slice(0, year.index).replace(TRAILING_NOISE, '').trim();
    return before === '' ? undefined : before;
  }
  return ADMINISTRATIVE.exec(text)?.[1];
}
