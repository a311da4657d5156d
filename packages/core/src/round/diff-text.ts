/**
 * A word-level diff of two progress texts. Chinese has no spaces between words, so without a
 * segmenter the word is the character: every CJK character is a token, while Latin words and
 * numbers (with their decimal point, percent sign or thousands separator) stay whole, so
 * `23亿元` → `28亿元` shows one changed number rather than two changed digits.
 */

export type DiffOp = 'equal' | 'insert' | 'delete';

export interface DiffPart {
  op: DiffOp;
  text: string;
}

const TOKEN = /[A-Za-z]+|\d+(?:[.,]\d+)*%?|\s+|[\s\S]/gu;

/** Splits a text into diff tokens: Latin words, numbers, whitespace runs, single characters. */
export function tokenizeForDiff(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Above this many token pairs the table would be too big: fall back to a whole replacement. */
const MAX_CELLS = 4_000_000;

function pushPart(parts: DiffPart[], op: DiffOp, text: string): void {
  const last = parts.at(-1);
  if (last !== undefined && last.op === op) last.text += text;
  else parts.push({ op, text });
}

/**
 * The shortest edit from `before` to `after` (longest common subsequence of tokens), as runs of
 * equal, deleted and inserted text; deletions come before insertions at each change.
 *
 * @example
 * ```ts
 * diffText('产值23亿元', '产值28亿元');
 * // [{ op: 'equal', text: '产值' }, { op: 'delete', text: '23' },
 * //  { op: 'insert', text: '28' }, { op: 'equal', text: '亿元' }]
 * ```
 */
export function diffText(before: string, after: string): DiffPart[] {
  const a = tokenizeForDiff(before);
  const b = tokenizeForDiff(after);
  // Common prefix and suffix cost nothing and shrink the table.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const parts: DiffPart[] = [];
  if (start > 0) pushPart(parts, 'equal', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    if (n > 0) pushPart(parts, 'delete', midA.join(''));
    if (m > 0) pushPart(parts, 'insert', midB.join(''));
  } else {
    // lcs[i][j]: length of the LCS of midA[i..] and midB[j..], in one flat array.
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i -= 1) {
      for (let j = m - 1; j >= 0; j -= 1) {
        lcs[i * width + j] =
          midA[i] === midB[j]
            ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
            : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
      }
    }
    let i = 0;
    let j = 0;
    const deleted: string[] = [];
    const inserted: string[] = [];
    const flush = (): void => {
      if (deleted.length > 0) pushPart(parts, 'delete', deleted.splice(0).join(''));
      if (inserted.length > 0) pushPart(parts, 'insert', inserted.splice(0).join(''));
    };
    while (i < n || j < m) {
      const tokenA = midA[i];
      const tokenB = midB[j];
      if (i < n && j < m && tokenA === tokenB) {
        flush();
        pushPart(parts, 'equal', tokenA ?? '');
        i += 1;
        j += 1;
      } else if (
        j >= m ||
        (i < n && (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))
      ) {
        deleted.push(tokenA ?? '');
        i += 1;
      } else {
        inserted.push(tokenB ?? '');
        j += 1;
      }
    }
    flush();
  }
  if (endA < a.length) pushPart(parts, 'equal', a.slice(endA).join(''));
  return parts;
}
