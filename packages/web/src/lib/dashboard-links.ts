import type { Light } from '@duban/core';

/** What a chart element counts, as the ledger page's URL filters name it. */
export interface LedgerLink {
  plan: number;
  period: string;
  section?: string | undefined;
  unit?: number | undefined;
  light?: Light | undefined;
  /** `no`: the tasks without progress for the period (the 未填报 card). */
  reported?: 'yes' | 'no' | undefined;
}

/**
 * The ledger page's URL for the tasks a dashboard element counts. The names are the ledger
 * page's (`section`, `unit` + `role=lead`, `light`, `reported`), so a shared link reads the same.
 */
export function buildLedgerLink(link: LedgerLink): string {
  const params = new URLSearchParams({ plan: String(link.plan), period: link.period });
  if (link.section !== undefined) params.set('section', link.section);
  if (link.unit !== undefined) {
    params.set('unit', String(link.unit));
    params.set('role', 'lead');
  }
  if (link.light !== undefined) params.set('light', link.light);
  if (link.reported !== undefined) params.set('reported', link.reported);
  return `/?${params.toString()}`;
}

export const DASHBOARD_LIGHTS: readonly Light[] = ['done', 'green', 'yellow', 'red', 'grey'];

/** Light colours shared by every chart: blue done, then traffic lights, grey unmeasured. */
export const LIGHT_COLORS: Record<Light, string> = {
  done: '#1677ff',
  green: '#52c41a',
  yellow: '#faad14',
  red: '#ff4d4f',
  grey: '#bfbfbf',
};
