import type { Browser, Page } from 'playwright-core';

/** Fills the login form and submits it (the page then shows the ledger or the password change). */
export async function logIn(
  page: Page,
  url: string,
  password: string,
  username = 'admin',
): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Completes the forced change of an initial password, as the first login demands. */
export async function changeInitialPassword(
  page: Page,
  current: string,
  next: string,
): Promise<void> {
  await page.getByTestId('password-current').fill(current);
  await page.getByTestId('password-new').fill(next);
  await page.getByTestId('password-confirm').fill(next);
  await page.getByTestId('password-submit').click();
}

/** Logs in in a browser context of its own and changes the initial password, as a person does. */
export async function signIn(
  browser: Browser,
  url: string,
  username: string,
  password: string,
  changed: string,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await logIn(page, url, password, username);
  await changeInitialPassword(page, password, changed);
  await page.getByTestId('nav-ledger').waitFor();
  return page;
}

/** The office creates an account through the admin API; the answer holds the initial password. */
export async function addUser(
  office: Page,
  username: string,
  role: string,
  unitId?: number,
): Promise<string> {
  const body = { username, role, ...(unitId === undefined ? {} : { unitId }) };
  const created = await office.evaluate(async (payload) => {
    const response = await fetch('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'duban' },
      body: JSON.stringify(payload),
    });
    return { status: response.status, body: (await response.json()) as { password?: string } }; // the server validates its responses
  }, body);
  if (created.status !== 201 || created.body.password === undefined) {
    throw new Error(`creating ${username}: ${created.status} ${JSON.stringify(created.body)}`);
  }
  return created.body.password;
}

/**
 * Opens 本期填报 searched for the task's 序号 (the list is paged: the task need not be on the
 * first page) and waits for it: the default tab lists what the person can act on now.
 */
export async function openRound(page: Page, no: string): Promise<void> {
  const url = new URL('/round', page.url());
  url.searchParams.set('q', no);
  await page.goto(url.toString());
  await page.getByTestId('round-title').waitFor();
  await page.getByTestId(`round-task-${no}`).waitFor();
}

/** GET `path` with the page's session cookie. */
export function getJson<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (url) => {
    const response = await fetch(url);
    return (await response.json()) as unknown;
  }, path) as Promise<T>; // the server validates its responses
}
