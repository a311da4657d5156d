import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';
import { changeInitialPassword, logIn } from './session.ts';

const OUT = fileURLToPath(new URL('../test-output/e2e/', import.meta.url));
const SEED = fileURLToPath(new URL('../fixtures/seed/yijiang-2023q2.txt', import.meta.url));
const INITIAL = 'Init-Passw0rd!';
const CHANGED = 'Duban-2023-q2!';
/** Generous: the UI debounces search and CI machines may be busy; a pass is still exact. */
const POLL = { timeout: 20_000, interval: 200 };

/**
 * Counts the seed's task blocks that mention a term, straight from the raw text (a task row
 * starts with a line "N |"), so the expectation does not come from the code under test.
 */
function countSeedTasksMentioning(term: string): number {
  const blocks = readFileSync(SEED, 'utf8')
    .split(/\n(?=\d+ \|\n)/)
    .slice(1);
  return blocks.filter((b) => b.replace(/\s+/g, '').includes(term)).length;
}

describe('the demo ledger in the browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    [server, browser] = await Promise.all([
      startServer({ DUBAN_ADMIN_PASSWORD: INITIAL }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('logs in, changes the initial password and shows the 126 tasks in 4 sections', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logIn(page, server.url, 'wrong-password');
    await expect.poll(() => page.getByTestId('login-error').textContent(), POLL).toBeTruthy();

    await logIn(page, server.url, INITIAL);
    await changeInitialPassword(page, INITIAL, CHANGED);

    await page.getByTestId('ledger-title').waitFor();
    expect(await page.getByTestId('ledger-title').textContent()).toContain('弋江区');
    await expect.poll(() => page.getByTestId('task-row').count(), POLL).toBe(126);
    expect(await page.getByTestId('section-row').count()).toBe(4);
    expect(await page.getByTestId('task-count').textContent()).toContain('126');
    // Units rebuilt from merged cells are marked (rows 11, 15, 29 … inherit theirs).
    expect(await page.getByTestId('inferred-unit').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${OUT}ledger.png`, fullPage: false });
    await page.close();
  });

  it('renders Chinese glyphs, not boxes', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    const distinct = await page.evaluate(() => {
      const draw = (ch: string): string => {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 40;
        const g = canvas.getContext('2d');
        if (g === null) return '';
        g.font = '32px sans-serif';
        g.fillText(ch, 2, 34);
        return canvas.toDataURL();
      };
      return draw('汽') !== draw('车');
    });
    expect(distinct, 'CJK glyphs render as boxes: install fonts-wqy-zenhei').toBe(true);
    await page.close();
  });

  it('searches 奇瑞 (a 2-character term) and opens a task', async () => {
    const expected = countSeedTasksMentioning('奇瑞');
    expect(expected).toBeGreaterThan(1);
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logIn(page, server.url, CHANGED);
    await page.getByTestId('ledger-title').waitFor();
    await page.getByTestId('search-input').fill('奇瑞');
    await expect.poll(() => page.getByTestId('task-row').count(), POLL).toBe(expected);
    const first = page.getByTestId('task-row').first();
    expect(await first.textContent()).toContain('奇瑞');
    await first.click();
    const drawer = page.getByTestId('task-drawer');
    await drawer.waitFor();
    expect(await page.getByTestId('task-detail-text').textContent()).toContain('奇瑞');
    await page.screenshot({ path: `${OUT}task.png` });
    await page.close();
  });

  it('reads on a phone and switches to English', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    const page = await context.newPage();
    await logIn(page, server.url, CHANGED);
    await page.getByTestId('ledger-title').waitFor();
    await expect.poll(() => page.getByTestId('task-row').count(), POLL).toBe(126);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow, 'the page scrolls sideways on a phone').toBeLessThanOrEqual(1);
    await page.screenshot({ path: `${OUT}phone.png` });
    // On a phone the logout button is an icon: its title carries the (translated) label.
    const before = await page.getByTestId('logout').getAttribute('title');
    expect(before).toBe('退出登录');
    await page.getByTestId('lang-switch').click();
    await expect
      .poll(() => page.getByTestId('logout').getAttribute('title'), POLL)
      .not.toBe(before);
    await context.close();
  });
});
