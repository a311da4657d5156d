import type { LedgerWarning } from '@duban/core';

/*
 * The JSON text columns (see schema.ts) are written only by the repositories, from these
 * types; reading them back as the same types is what the casts below rely on.
 */

export function decodeWarnings(json: string): LedgerWarning[] {
  return JSON.parse(json) as LedgerWarning[]; // written from LedgerWarning[] by the repos
}

export function decodeExtra(json: string | null): Record<string, string> | null {
  return json === null ? null : (JSON.parse(json) as Record<string, string>); // written from this type
}

export function encodeExtra(extra: Record<string, string> | null): string | null {
  return extra === null ? null : JSON.stringify(extra);
}
