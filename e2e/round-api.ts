import type { LedgerView } from '@duban/core';

/** Plain HTTP against a running `duban serve`: the calls the browser makes, without a browser. */

export const CSRF = { 'x-requested-with': 'duban', 'content-type': 'application/json' };

export interface Answer {
  status: number;
  body: unknown;
}

/** One JSON request with the CSRF header and a session cookie. */
export async function call(
  base: string,
  cookie: string,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  payload?: unknown,
): Promise<Answer> {
  // An empty body with a JSON content type is a 400: send the type only with a body.
  const response = await fetch(`${base}${path}`, {
    method,
    ...(payload === undefined
      ? { headers: { 'x-requested-with': 'duban', cookie } }
      : { headers: { ...CSRF, cookie }, body: JSON.stringify(payload) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

/** Logs in; the session cookie (`duban_session=…`), or undefined when refused. */
export async function login(
  base: string,
  username: string,
  password: string,
): Promise<string | undefined> {
  const response = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: CSRF,
    body: JSON.stringify({ username, password }),
  });
  await response.arrayBuffer();
  if (response.status !== 200) return undefined;
  return response.headers
    .getSetCookie()
    .find((c) => c.startsWith('duban_session='))
    ?.split(';')[0];
}

/** Logs in with an initial password and changes it, as the first login requires. */
export async function signIn(
  base: string,
  username: string,
  initial: string,
  changed: string,
): Promise<string> {
  const cookie = await login(base, username, initial);
  if (cookie === undefined) throw new Error(`${username} could not log in`);
  const answer = await call(base, cookie, 'POST', '/api/session/password', {
    currentPassword: initial,
    newPassword: changed,
  });
  if (answer.status >= 300) throw new Error(`password change: ${JSON.stringify(answer)}`);
  return cookie;
}

/** The office creates an account; the answer holds its initial password. */
export async function addUser(
  base: string,
  office: string,
  user: { username: string; role: string; unitId?: number },
): Promise<string> {
  const answer = await call(base, office, 'POST', '/api/users', user);
  const password = (answer.body as { password?: string } | null)?.password; // the server validates its responses
  if (answer.status !== 201 || password === undefined) {
    throw new Error(`creating ${user.username}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return password;
}

export async function readLedger(
  base: string,
  cookie: string,
  period: string,
): Promise<LedgerView> {
  const answer = await call(base, cookie, 'GET', `/api/ledger?period=${period}`);
  if (answer.status !== 200) throw new Error(`ledger ${period}: ${answer.status}`);
  return answer.body as LedgerView; // the server validates its responses
}

export interface SaveBody {
  period: string;
  part: 'consolidated' | number;
  baseVersion: number;
  text: string;
}

export function saveProgress(
  base: string,
  cookie: string,
  taskId: number,
  body: SaveBody,
): Promise<Answer> {
  return call(base, cookie, 'PUT', `/api/round/tasks/${taskId}/progress`, body);
}

export function transition(
  base: string,
  cookie: string,
  taskId: number,
  body: { period: string; part: 'consolidated' | number; action: string; reason?: string },
): Promise<Answer> {
  return call(base, cookie, 'POST', `/api/round/tasks/${taskId}/transitions`, body);
}
