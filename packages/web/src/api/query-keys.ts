import type { LedgerFilters } from '../lib/ledger-filters.ts';

export const queryKeys = {
  session: ['session'] as const,
  plans: ['plans'] as const,
  ledger: (filters: LedgerFilters) => ['ledger', filters] as const,
  task: (id: number, period: string | undefined) => ['task', id, period ?? null] as const,
};
