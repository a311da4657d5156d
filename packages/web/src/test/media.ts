/**
 * A matchMedia for jsdom (which has none; antd needs it) that answers width queries against
 * a viewport width the test can set, so both the laptop table and the phone cards can be tested.
 */
let viewportWidth = 1366;

export function setViewportWidth(width: number): void {
  viewportWidth = width;
}

/** Evaluates the `(min-width: …px)` / `(max-width: …px)` parts of a query; others count as true. */
export function evaluateMediaQuery(query: string, width: number): boolean {
  const conditions = [...query.matchAll(/\((min|max)-width:\s*([\d.]+)px\)/g)];
  return conditions.every(([, kind, value]) =>
    kind === 'min' ? width >= Number(value) : width <= Number(value),
  );
}

export function installMatchMedia(): void {
  window.matchMedia = (query: string): MediaQueryList => {
    const list: Omit<MediaQueryList, 'addListener' | 'removeListener'> = {
      get matches() {
        return evaluateMediaQuery(query, viewportWidth);
      },
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    };
    // Leaves out the deprecated addListener pair: antd and this app use addEventListener.
    return list as MediaQueryList;
  };
}
