import { ApiError } from '../api/client.ts';
import { findMessageKey } from '../i18n/messages.ts';
import type { Translate } from '../i18n/messages.ts';

/** Whole minutes to tell a person, never "0 minutes". */
export function toWaitMinutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}

/**
 * The sentence to show for a failed call: the server's `code` translated through the locale
 * files (`errors.<code>`), else the server's own message, else a generic one.
 */
export function describeError(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.code === 'account-locked' && error.retryAfterSeconds === undefined) {
      return t('errors.account-locked-no-wait');
    }
    const key = findMessageKey(`errors.${error.code}`);
    if (key) {
      return t(key, {
        minutes: toWaitMinutes(error.retryAfterSeconds ?? 0),
        message: error.message,
        status: error.status,
      });
    }
    if (error.message !== '') return error.message;
    return t('errors.http', { status: error.status });
  }
  // fetch rejects with a TypeError when the server cannot be reached at all.
  if (error instanceof TypeError) return t('errors.network');
  return t('errors.unknown');
}

/**
 * True when a call failed because the session is gone, so the app must return to login.
 * A wrong password (`invalid-credentials`, also 401) is a form error, not a lost session.
 */
export function isSessionLost(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code !== 'invalid-credentials';
}
