/**
 * Vertical merges of one column, as rowspans: a table of 126 tasks has its unit cells merged
 * wherever consecutive rows say the same thing, as the source table had them.
 */

/**
 * Turns a column's cells into rowspans: `joins[i]` says whether row i may join the merge of
 * row i − 1. A merge starts at its first row with span n > 1; the rows it covers get 0; a row
 * that merges with nothing gets 1.
 *
 * @example
 * ```ts
 * computeMergeSpans([false, true, true, false]); // [3, 0, 0, 1]
 * ```
 */
export function computeMergeSpans(joins: readonly boolean[]): number[] {
  const spans = joins.map(() => 1);
  let start = 0;
  for (let i = 1; i <= joins.length; i += 1) {
    if (i < joins.length && joins[i] === true) {
      spans[i] = 0;
      continue;
    }
    spans[start] = i - start;
    start = i;
  }
  return spans;
}
