import type { Dashboard } from '@duban/core';
import { useQuery } from '@tanstack/react-query';

import { requestJson } from './client.ts';

export function fetchDashboard(period: string | undefined, signal?: AbortSignal) {
  const query = period === undefined ? '' : `?${new URLSearchParams({ period }).toString()}`;
  return requestJson<Dashboard>(`/api/dashboard${query}`, { signal });
}

export function useDashboardQuery(period: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', period ?? null] as const,
    queryFn: ({ signal }) => fetchDashboard(period, signal),
  });
}
