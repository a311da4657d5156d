import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

import { installMatchMedia, setViewportWidth } from './media.ts';

// jsdom traps (STACK.md): antd calls window.matchMedia, which jsdom lacks …
installMatchMedia();

// … and getComputedStyle(el, '::before'), which jsdom answers with a "Not implemented" error.
const originalGetComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => originalGetComputedStyle(element);

// … and ResizeObserver (antd's Table and Segmented observe their size): a silent stand-in.
class NoopResizeObserver implements ResizeObserver {
  observe(): void {
    // jsdom has no layout, so there is never a size change to report.
  }
  unobserve(): void {
    // Nothing was observed.
  }
  disconnect(): void {
    // Nothing to release.
  }
}
window.ResizeObserver = NoopResizeObserver;

afterEach(() => {
  cleanup();
  window.localStorage.clear();
  setViewportWidth(1366);
});
