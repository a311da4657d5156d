import { useCallback, useSyncExternalStore } from 'react';

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => {
        list.removeEventListener('change', onChange);
      };
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}

/** Below antd's `md` breakpoint: phones, where the ledger shows cards instead of the table. */
export const NARROW_QUERY = '(max-width: 767.98px)';

export function useIsNarrow(): boolean {
  return useMediaQuery(NARROW_QUERY);
}
