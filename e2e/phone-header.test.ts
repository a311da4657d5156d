import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';
import { changeInitialPassword, logIn } from './session.ts';

const INITIAL = 'Init-Passw0rd!';
const CHANGED = 'Phone-2023-q3!';

/** The link row's fades and where the current page's link sits inside the row. */
function readRow(page: Page) {
  return page.getByTestId('app-navs').evaluate((row) => {
    const active = row.querySelector('.app-nav-link.active');
    const box = row.getBoundingClientRect();
    const link = active?.getBoundingClientRect();
    return {
      left: row.hasAttribute('data-more-left'),
      right: row.hasAttribute('data-more-right'),
      scrolls: row.scrollWidth > row.clientWidth,
      activeInside: link !== undefined && link.left >= box.left && link.right <= box.right,
      pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
    };
  });
}

describe('the header on a 390 px phone', () => {
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

  it('fades the edge where links are hidden and scrolls the current page’s link into view', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await logIn(page, server.url, INITIAL);
    await changeInitialPassword(page, INITIAL, CHANGED);
    await page.getByTestId('nav-ledger').waitFor();

    // The office has seven links: more than a phone's width. At the ledger only the end fades.
    await expect
      .poll(() => readRow(page))
      .toMatchObject({ scrolls: true, left: false, right: true });
    expect((await readRow(page)).pageOverflow).toBeLessThanOrEqual(0);

    // The last link's page: the row starts scrolled so that link shows; now the start fades.
    await page.goto(new URL('/import', server.url).toString());
    await page.getByTestId('nav-import').waitFor();
    await expect
      .poll(() => readRow(page))
      .toMatchObject({ activeInside: true, left: true, right: false });

    // Scrolling back by hand brings the end's fade back.
    await page.getByTestId('app-navs').evaluate((row) => {
      row.scrollLeft = 0;
    });
    await expect.poll(() => readRow(page)).toMatchObject({ left: false, right: true });
    await context.close();
  });

  it('shows no fade on a laptop, where every link fits', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await logIn(page, server.url, CHANGED);
    await page.getByTestId('nav-ledger').waitFor();
    expect(await readRow(page)).toMatchObject({ scrolls: false, left: false, right: false });
    await context.close();
  });
});
