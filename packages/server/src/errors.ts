/**
 * The server's one catalogue of expected failures. A code is stable (the web translates it and
 * scripts match on it); its HTTP status is fixed here, so one code never answers with two
 * statuses. The message is for people, in Chinese.
 */
export const ERROR_STATUS = {
  'invalid-request': 400,
  'reason-required': 400,
  'invalid-ledger': 400,
  'invalid-backup': 400,
  'weak-password': 400,
  'wrong-password': 400,
  'organization-required': 400,
  'unit-not-found': 400,
  'unit-required': 400,
  'invalid-credentials': 401,
  unauthenticated: 401,
  forbidden: 403,
  'transition-forbidden': 403,
  'password-change-required': 403,
  csrf: 403,
  'not-found': 404,
  'organization-not-found': 404,
  'period-not-found': 404,
  'ledger-exists': 409,
  'import-stale': 409,
  'alias-exists': 409,
  'restore-target-not-empty': 409,
  'user-exists': 409,
  'stale-version': 409,
  'transition-invalid': 409,
  'period-locked': 409,
  'period-exists': 409,
  'extension-pending': 409,
  'extension-decided': 409,
  'instruction-acknowledged': 409,
  'publish-blocked': 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'account-locked': 429,
  internal: 500,
  'invalid-config': 500,
  'pdf-failed': 500,
  'pdf-unavailable': 501,
  'schema-too-new': 500,
  'not-ready': 503,
  'report-busy': 503,
  'database-unavailable': 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details;
  }
}
