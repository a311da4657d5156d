/**
 * What the first cell of a ledger row looks like: a task number (序号), a section heading
 * ((一)以更实举措…), or a header cell (序号, 目标与任务 …).
 *
 * These patterns live in core because two places need the same answer: the ledger parser,
 * which classifies the rows of any Grid, and the text reader in `@duban/formats`, which must
 * find where rows begin in a stream of cells before there are rows at all (see its
 * `readTextGrid`). Keeping one definition means a row the reader starts is a row the parser
 * recognises.
 */
import { findColumnRole } from './columns.ts';

export interface SectionHeading {
  /** As written, without brackets: 一, 二 … */
  ordinal: string;
  title: string;
}

const CHINESE_ORDINAL = '[一二三四五六七八九十]{1,3}';
const BRACKETED_SECTION = new RegExp(`^[(（]\\s*(${CHINESE_ORDINAL})\\s*[)）]\\s*(.*)$`, 'su');
const ENUMERATED_SECTION = new RegExp(`^(${CHINESE_ORDINAL})\\s*[、.．]\\s*(.*)$`, 'su');
// Up to six digits: a ledger of 10 000 tasks and more numbers them on; longer digit runs are
// figures (amounts, codes), not task numbers.
const TASK_NUMBER = /^(\d{1,6}(?:[.．]\d{1,3})*)[.．、]?$/u;

function toHalfWidthDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/**
 * The task number a cell holds, normalised (`１２` → `12`, `3.1、` → `3.1`), or undefined.
 *
 * @example
 * ```ts
 * findTaskNumber('12');     // '12'
 * findTaskNumber('3.1');    // '3.1'
 * findTaskNumber('进展');   // undefined
 * ```
 */
export function findTaskNumber(cell: string): string | undefined {
  const match = TASK_NUMBER.exec(toHalfWidthDigits(cell.trim()));
  return match?.[1]?.replace(/．/gu, '.');
}

/**
 * The section a heading cell opens: `(一)以更实举措…`, `（一）…` or `一、…`; undefined otherwise.
 *
 * @example
 * ```ts
 * findSectionHeading('(一)以更实举措提升经济高质量发展质效');
 * // { ordinal: '一', title: '以更实举措提升经济高质量发展质效' }
 * ```
 */
export function findSectionHeading(cell: string): SectionHeading | undefined {
  const text = cell.trim();
  const match = BRACKETED_SECTION.exec(text) ?? ENUMERATED_SECTION.exec(text);
  if (match?.[1] === undefined) return undefined;
  return { ordinal: match[1], title: (match[2] ?? '').trim() };
}

export type RowStartKind = 'header' | 'section' | 'task';

/** What kind of row a cell would open if it were a row's first cell; undefined for content. */
export function classifyRowStart(cell: string): RowStartKind | undefined {
  if (findTaskNumber(cell) !== undefined) return 'task';
  if (findSectionHeading(cell) !== undefined) return 'section';
  if (findColumnRole(cell) !== undefined) return 'header';
  return undefined;
}
