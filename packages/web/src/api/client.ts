import type { ErrorBody } from '@duban/core';

/** A failed API call: the server's stable `code` plus what the UI needs to explain it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** From the Retry-After header (429 account-locked), in seconds. */
  readonly retryAfterSeconds: number | undefined;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    details?: unknown;
    retryAfterSeconds?: number | undefined;
  }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Code used when a failed response carries no `{ error: { code } }` body (a proxy's 502 …). */
export const HTTP_ERROR_CODE = 'http';

/** The CSRF defence the server expects on every non-GET request. */
export const CSRF_HEADER = { name: 'x-requested-with', value: 'duban' } as const;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/**
 * Seconds to wait from a Retry-After header: either delay-seconds or an HTTP date.
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  header: string | null,
  now: number = Date.now(),
): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** The server also puts the lockout's wait into `details.retryAfterSeconds`. */
function findRetryAfterDetail(details: unknown): number | undefined {
  if (typeof details !== 'object' || details === null || !('retryAfterSeconds' in details)) {
    return undefined;
  }
  const seconds = details.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
    ? seconds
    : undefined;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error: unknown = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

async function readErrorBody(response: Response): Promise<ErrorBody | undefined> {
  try {
    const body: unknown = await response.json();
    return isErrorBody(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers[CSRF_HEADER.name] = CSRF_HEADER.value;
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? null : JSON.stringify(options.body),
    signal: options.signal ?? null,
  });
  if (response.ok) return response;

  const body = await readErrorBody(response);
  throw new ApiError({
    status: response.status,
    code: body?.error.code ?? HTTP_ERROR_CODE,
    message: body?.error.message ?? '',
    details: body?.error.details,
    retryAfterSeconds:
      parseRetryAfter(response.headers.get('retry-after')) ??
      findRetryAfterDetail(body?.error.details),
  });
}

/**
 * Calls the API and returns its JSON body typed as the contract in `@duban/core` says.
 * The server validates its responses against those zod schemas, so the browser does not
 * parse them a second time (and does not ship zod).
 */
export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  return (await response.json()) as T; // the server's response schema guarantees the shape
}

/** For 204 answers (logout, password change). */
export async function requestVoid(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, options);
}

/** The name in a Content-Disposition header, preferring the RFC 5987 `filename*` form. */
export function parseFileName(header: string | null): string | undefined {
  if (header === null) return undefined;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1] !== undefined) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // Malformed escapes: fall back to the plain name.
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1];
}

/** For downloads (reports): the body as a Blob and the file name the server suggests. */
export async function requestFile(
  path: string,
  options: RequestOptions = {},
): Promise<{ blob: Blob; fileName: string | undefined }> {
  const response = await send(path, options);
  return {
    blob: await response.blob(),
    fileName: parseFileName(response.headers.get('content-disposition')),
  };
}
