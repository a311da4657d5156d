import type { LedgerQuery, Light } from '@duban/core';

export type UnitRole = NonNullable<LedgerQuery['unitRole']>;
export const UNIT_ROLES: readonly UnitRole[] = ['any', 'lead', 'co'];
export const LIGHTS: readonly Light[] = ['done', 'green', 'yellow', 'red', 'grey'];

/** What the ledger page shows, kept in the page's URL so a view can be shared and reloaded. */
export interface LedgerFilters {
  plan?: number | undefined;
  period?: string | undefined;
  section?: string | undefined;
  unit?: number | undefined;
  unitRole: UnitRole;
  q: string;
  /** Only tasks with this light (issue 5). */
  light?: Light | undefined;
  /** Issue 6: `no` shows the tasks without progress for the period (未填报). */
  reported?: Reported | undefined;
}

export type Reported = NonNullable<LedgerQuery['reported']>;
const REPORTED: readonly Reported[] = ['yes', 'no'];

function readPositiveInt(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const number = Number(value);
  return number > 0 ? number : undefined;
}

function readUnitRole(value: string | null): UnitRole {
  return UNIT_ROLES.find((role) => role === value) ?? 'any';
}

export function readLedgerFilters(params: URLSearchParams): LedgerFilters {
  const period = params.get('period');
  const section = params.get('section');
  return {
    plan: readPositiveInt(params.get('plan')),
    period: period !== null && /^\d{4}Q[1-4]$/.test(period) ? period : undefined,
    section: section !== null && section !== '' ? section : undefined,
    unit: readPositiveInt(params.get('unit')),
    unitRole: readUnitRole(params.get('role')),
    q: params.get('q')?.trim() ?? '',
    light: LIGHTS.find((light) => light === params.get('light')),
    reported: REPORTED.find((value) => value === params.get('reported')),
  };
}

/** The page URL's search params for these filters; defaults are left out to keep URLs short. */
export function writeLedgerFilters(filters: LedgerFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.plan !== undefined) params.set('plan', String(filters.plan));
  if (filters.period !== undefined) params.set('period', filters.period);
  if (filters.section !== undefined) params.set('section', filters.section);
  if (filters.unit !== undefined) params.set('unit', String(filters.unit));
  if (filters.unitRole !== 'any') params.set('role', filters.unitRole);
  if (filters.q !== '') params.set('q', filters.q);
  if (filters.light !== undefined) params.set('light', filters.light);
  if (filters.reported !== undefined) params.set('reported', filters.reported);
  return params;
}

/** The query string of `GET /api/ledger` (names as in `ledgerQuerySchema`). */
export function toLedgerQueryString(filters: LedgerFilters): string {
  const params = new URLSearchParams();
  if (filters.plan !== undefined) params.set('plan', String(filters.plan));
  if (filters.period !== undefined) params.set('period', filters.period);
  if (filters.section !== undefined) params.set('section', filters.section);
  if (filters.unit !== undefined) {
    params.set('unit', String(filters.unit));
    params.set('unitRole', filters.unitRole);
  }
  if (filters.q !== '') params.set('q', filters.q);
  if (filters.light !== undefined) params.set('light', filters.light);
  if (filters.reported !== undefined) params.set('reported', filters.reported);
  return params.toString();
}

/** True when the view shows a subset of the plan's tasks. */
export function isFiltered(filters: LedgerFilters): boolean {
  return (
    filters.section !== undefined ||
    filters.unit !== undefined ||
    filters.q !== '' ||
    filters.light !== undefined ||
    filters.reported !== undefined
  );
}
