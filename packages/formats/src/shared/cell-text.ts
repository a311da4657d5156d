/**
 * Cell text as every reader hands it to the parser: trimmed, characters kept, in-cell line
 * breaks resolved. Chinese is written without spaces, so a line break next to a Chinese
 * character is a wrap and becomes nothing (改造⏎12个小区 → 改造12个小区); only between two
 * pieces of Latin text or figures does it become a space. In unit columns a line break usually
 * separates two units (区发改委⏎区经信局), so there it always becomes a space, which the unit
 * splitter in core reads as a boundary.
 */

export type LineBreaks = 'join' | 'space';

/** Han characters, CJK punctuation and full-width forms: text that is written without spaces. */
const CJK_END = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]$/u;
const CJK_START = /^[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

const LINE_BREAK = /\r\n|[\r\n\v\f\u2028\u2029\u0085]/u;

export function normalizeCellText(raw: string, breaks: LineBreaks = 'join'): string {
  const lines = raw
    .split(LINE_BREAK)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  let text = lines[0] ?? '';
  for (const line of lines.slice(1)) {
    const joinTight = breaks === 'join' && (CJK_END.test(text) || CJK_START.test(line));
    text += joinTight ? line : ` ${line}`;
  }
  return text;
}
