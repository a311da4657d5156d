import type { AdminUser, LedgerView } from '@duban/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';
import { getJson, signIn } from './session.ts';

const INITIAL = 'Init-Passw0rd!';
const CHANGED = 'Remind-2023-q3!';
/** The machine is loaded: polls wait generously (the bell refreshes every 30 s, a reload at once). */
const POLL = { timeout: 30_000 };

describe('reminders: e-mail address, 催办 and the bell', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ DUBAN_ADMIN_PASSWORD: INITIAL }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('the office gives a reporter an e-mail address and reminds its unit; the reporter reads it', async () => {
    const office = await signIn(browser, server.url, 'admin', INITIAL, CHANGED);
    await office.getByTestId('nav-board').click();
    await office.getByTestId('open-period-label').fill('2023Q3');
    await office.getByTestId('open-period-due').fill('2023-10-10');
    await office.getByTestId('open-period-submit').click();
    await office.getByTestId('board-title').waitFor();
    const ledger = await getJson<LedgerView>(office, '/api/ledger?period=2023Q2');
    const unit = ledger.tasks[0]?.lead[0];
    if (unit === undefined) throw new Error('the demo ledger has no lead unit');

    // Users page: a new reporter with a bad address is refused, then created with a good one.
    await office.getByTestId('nav-users').click();
    await office.getByTestId('user-new-name').fill('rep1');
    await office.getByTestId('user-new-unit').click();
    await office.keyboard.type(unit.name);
    await office.keyboard.press('Enter');
    await office.getByTestId('user-new-email').fill('rep1@');
    await office.getByTestId('user-new-submit').click();
    await office.getByText('电子邮箱格式不正确').first().waitFor(POLL);
    await office.getByTestId('user-new-email').fill('rep1@yijiang.gov.cn');
    await office.getByTestId('user-new-submit').click();
    const shown = await office.getByTestId('user-password').textContent(POLL);
    const password = /：(\S+)$/.exec(shown ?? '')?.[1];
    if (password === undefined) throw new Error(`no initial password in “${shown ?? ''}”`);
    await expect
      .poll(() => office.getByTestId('user-email-rep1').inputValue(), POLL)
      .toBe('rep1@yijiang.gov.cn');
    // Change it in place.
    await office.getByTestId('user-email-rep1').fill('fgw@yijiang.gov.cn');
    await office.getByTestId('user-email-save-rep1').click();
    await expect
      .poll(async () => {
        const users = await getJson<AdminUser[]>(office, '/api/users');
        return users.find((user) => user.username === 'rep1')?.email;
      }, POLL)
      .toBe('fgw@yijiang.gov.cn');

    const reporter = await signIn(browser, server.url, 'rep1', password, CHANGED);
    await reporter.getByTestId('bell').waitFor();
    // 2023Q3 was opened after its due date: the automatic 'late' reminder went out at once.
    await expect.poll(() => reporter.getByTestId('bell-count').textContent(), POLL).toBe('1');

    // 催办 from the board.
    await office.getByTestId('nav-board').click();
    await office.getByTestId(`remind-${unit.id}`).click();
    await reporter.reload();
    await expect.poll(() => reporter.getByTestId('bell-count').textContent(), POLL).toBe('2');
    await reporter.getByTestId('bell').click();
    const item = reporter.getByTestId('bell-item').first();
    await item.waitFor(POLL);
    expect(await item.getAttribute('data-unread')).toBe('true');
    expect(await item.textContent()).toContain('2023Q3');
    await item.getByRole('button').click();
    await expect.poll(() => item.getAttribute('data-unread'), POLL).toBe('false');
    await expect.poll(() => reporter.getByTestId('bell-count').textContent(), POLL).toBe('1');
    // The read state survives a reload (it is stored per user).
    await reporter.reload();
    await reporter.getByTestId('bell').waitFor();
    await expect.poll(() => reporter.getByTestId('bell-count').textContent(), POLL).toBe('1');
  });
});
