import { act, render, screen } from '@testing-library/react';
import { useRef } from 'react';
import { describe, expect, it } from 'vitest';

import { readScrollCues, useScrollCues } from './use-scroll-cues.ts';

describe('readScrollCues', () => {
  it('says on which side content is hidden', () => {
    expect(readScrollCues({ scrollLeft: 0, clientWidth: 390, scrollWidth: 390 })).toEqual({
      left: false,
      right: false,
    });
    expect(readScrollCues({ scrollLeft: 0, clientWidth: 390, scrollWidth: 520 })).toEqual({
      left: false,
      right: true,
    });
    expect(readScrollCues({ scrollLeft: 60, clientWidth: 390, scrollWidth: 520 })).toEqual({
      left: true,
      right: true,
    });
    // Scrolled to the end, give or take a zoomed page's fraction of a pixel.
    expect(readScrollCues({ scrollLeft: 129.5, clientWidth: 390, scrollWidth: 520 })).toEqual({
      left: true,
      right: false,
    });
  });
});

/** jsdom lays nothing out: the box's sizes are set by hand. */
function Row() {
  const ref = useRef<HTMLDivElement>(null);
  const cues = useScrollCues(ref, 'page');
  return (
    <div
      ref={(element) => {
        ref.current = element;
        if (element === null) return;
        Object.defineProperty(element, 'clientWidth', { configurable: true, value: 390 });
        Object.defineProperty(element, 'scrollWidth', { configurable: true, value: 520 });
      }}
      data-testid="row"
      data-cues={`${String(cues.left)} ${String(cues.right)}`}
    />
  );
}

describe('useScrollCues', () => {
  it('follows the box as it scrolls', () => {
    render(<Row />);
    const row = screen.getByTestId('row');
    expect(row.getAttribute('data-cues')).toBe('false true');
    act(() => {
      row.scrollLeft = 130;
      row.dispatchEvent(new Event('scroll'));
    });
    expect(row.getAttribute('data-cues')).toBe('true false');
  });
});
