/**
 * Expected failures in core are values, not exceptions: a parser returns either the value
 * (with any warnings it had to make) or the issues that stopped it.
 */
export interface Issue {
  /** Stable, machine-readable code, e.g. `duplicate-number`. */
  code: string;
  /** Where: a source reference such as `line 63` or `row 12, column 牵头责任单位`. */
  path: string;
  /** For people, in Chinese. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(...issues: Issue[]): Result<T> {
  return { ok: false, issues };
}
