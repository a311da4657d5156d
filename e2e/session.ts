import type { Page } from 'playwright-core';

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
