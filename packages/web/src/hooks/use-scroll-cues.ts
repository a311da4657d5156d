import { useEffect, useState } from 'react';
import type { RefObject } from 'react';

/** Whether a sideways-scrolling box hides content to its left and to its right. */
export interface ScrollCues {
  left: boolean;
  right: boolean;
}

/** A pixel of slack: zoomed pages report fractional scroll positions. */
const SLACK = 1;

export function readScrollCues(
  box: Pick<HTMLElement, 'scrollLeft' | 'scrollWidth' | 'clientWidth'>,
): ScrollCues {
  return {
    left: box.scrollLeft > SLACK,
    right: box.scrollLeft + box.clientWidth < box.scrollWidth - SLACK,
  };
}

/**
 * Scrolls `selector`'s element into view inside `box` (sideways only: the page does not jump)
 * with a margin, so the item after it shows it is not the last.
 */
export function revealInside(box: HTMLElement, selector: string, margin = 40): void {
  const item = box.querySelector<HTMLElement>(selector);
  if (item === null) return;
  const outer = box.getBoundingClientRect();
  const inner = item.getBoundingClientRect();
  // Within `margin` of an edge counts as hidden: that is where the fade is.
  if (inner.left < outer.left + margin) box.scrollLeft += inner.left - outer.left - margin;
  else if (inner.right > outer.right - margin) box.scrollLeft += inner.right - outer.right + margin;
}

/**
 * Keeps `ScrollCues` for a box that scrolls sideways (the phone header's link row): updated on
 * scroll, on resize and whenever `key` changes (a new page, so other links). With `reveal`, the
 * element it selects is scrolled into view on each change of `key`.
 */
export function useScrollCues(
  ref: RefObject<HTMLElement | null>,
  key: unknown,
  reveal?: string,
): ScrollCues {
  const [cues, setCues] = useState<ScrollCues>({ left: false, right: false });
  useEffect(() => {
    const box = ref.current;
    if (box === null) return;
    const update = () => {
      const next = readScrollCues(box);
      setCues((old) => (old.left === next.left && old.right === next.right ? old : next));
    };
    if (reveal !== undefined) revealInside(box, reveal);
    update();
    box.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    return () => {
      box.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
    };
  }, [ref, key, reveal]);
  return cues;
}
