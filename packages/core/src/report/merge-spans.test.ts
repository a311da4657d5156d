import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMergeSpans } from './merge-spans.ts';

describe('computeMergeSpans', () => {
  it('starts a merge at the first row of a run and covers the rest', () => {
    expect(computeMergeSpans([false, true, true, false, false, true])).toEqual([3, 0, 0, 1, 2, 0]);
  });

  it('ignores a join on the first row, which has nothing above it', () => {
    expect(computeMergeSpans([true, true])).toEqual([2, 0]);
    expect(computeMergeSpans([])).toEqual([]);
  });

  it('covers every row exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 40 }), (joins) => {
        const spans = computeMergeSpans(joins);
        expect(spans).toHaveLength(joins.length);
        let row = 0;
        while (row < spans.length) {
          const span = spans[row] ?? 0;
          expect(span).toBeGreaterThan(0);
          for (let k = 1; k < span; k += 1) {
            expect(spans[row + k]).toBe(0);
            expect(joins[row + k]).toBe(true);
          }
          // The row after a merge did not ask to join it.
          if (row + span < joins.length) expect(joins[row + span]).toBe(false);
          row += span;
        }
      }),
    );
  });
});
