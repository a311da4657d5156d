import type { LedgerView, PlanDto, TaskDetail } from '@duban/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { toLedgerQueryString } from '../lib/ledger-filters.ts';
import type { LedgerFilters } from '../lib/ledger-filters.ts';
import { requestJson } from './client.ts';
import { queryKeys } from './query-keys.ts';

export function fetchPlans(signal?: AbortSignal): Promise<PlanDto[]> {
  return requestJson<PlanDto[]>('/api/plans', { signal });
}

export function fetchLedger(filters: LedgerFilters, signal?: AbortSignal): Promise<LedgerView> {
  const query = toLedgerQueryString(filters);
  return requestJson<LedgerView>(query === '' ? '/api/ledger' : `/api/ledger?${query}`, {
    signal,
  });
}

/**
 * One task. `period` asks for that period's progress; a server that ignores it answers with
 * its default period, and the history still lists every period.
 */
export function fetchTask(
  id: number,
  period: string | undefined,
  signal?: AbortSignal,
): Promise<TaskDetail> {
  const query = period === undefined ? '' : `?${new URLSearchParams({ period }).toString()}`;
  return requestJson<TaskDetail>(`/api/tasks/${id}${query}`, { signal });
}

export function usePlansQuery() {
  return useQuery({ queryKey: queryKeys.plans, queryFn: ({ signal }) => fetchPlans(signal) });
}

export function useLedgerQuery(filters: LedgerFilters) {
  return useQuery({
    queryKey: queryKeys.ledger(filters),
    queryFn: ({ signal }) => fetchLedger(filters, signal),
    // Keep the last table on screen while a new filter loads, instead of a blank page.
    placeholderData: keepPreviousData,
  });
}

export function useTaskQuery(id: number, period: string | undefined) {
  return useQuery({
    queryKey: queryKeys.task(id, period),
    queryFn: ({ signal }) => fetchTask(id, period, signal),
  });
}
