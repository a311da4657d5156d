import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';
import { changeInitialPassword, logIn } from './session.ts';

const INITIAL = 'Init-Passw0rd!';
const CHANGED = 'Phone-board-2023!';

describe('the ledger’s search and the 催办看板 on a 390 px phone', () => {
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

  it('shows the whole search placeholder and fades the board’s hidden columns', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await logIn(page, server.url, INITIAL);
    await changeInitialPassword(page, INITIAL, CHANGED);
    await page.getByTestId('search-input').waitFor();

    // The placeholder, in the input's own font, fits inside the input's text area.
    const search = await page.getByTestId('search-input').evaluate((input) => {
      if (!(input instanceof HTMLInputElement)) throw new Error('not an input');
      const context2d = document.createElement('canvas').getContext('2d');
      if (context2d === null) throw new Error('no canvas');
      context2d.font = getComputedStyle(input).font;
      return {
        placeholder: input.placeholder,
        needed: context2d.measureText(input.placeholder).width,
        room: input.clientWidth,
      };
    });
    expect(search.placeholder).toBe('搜索任务、进展或单位');
    expect(search.room).toBeGreaterThanOrEqual(search.needed);

    const opened = await page.evaluate(async () => {
      const response = await fetch('/api/periods', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'duban' },
        body: JSON.stringify({ label: '2023Q3', dueDate: '2023-10-10' }),
      });
      return response.status;
    });
    expect(opened).toBe(201);
    await page.goto(new URL('/board', server.url).toString());
    await page.getByTestId('board-table').waitFor();
    const readBox = () =>
      page.getByTestId('board-table-box').evaluate((box) => {
        const scroller = box.querySelector('.ant-table-content');
        return {
          scrolls: scroller !== null && scroller.scrollWidth > scroller.clientWidth,
          left: box.hasAttribute('data-more-left'),
          right: box.hasAttribute('data-more-right'),
          pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
        };
      });
    // Eight columns are wider than the phone: the right edge fades, the page itself does not scroll.
    await expect
      .poll(readBox)
      .toMatchObject({ scrolls: true, left: false, right: true, pageOverflow: 0 });
    await page.getByTestId('board-table-box').evaluate((box) => {
      const scroller = box.querySelector('.ant-table-content');
      if (scroller !== null) scroller.scrollLeft = scroller.scrollWidth;
    });
    await expect.poll(readBox).toMatchObject({ left: true, right: false });
    await context.close();
  });

  it('shows no fade on a laptop, where the board fits', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await logIn(page, server.url, CHANGED);
    await page.getByTestId('nav-ledger').waitFor();
    await page.goto(new URL('/board', server.url).toString());
    await page.getByTestId('board-table').waitFor();
    const box = await page.getByTestId('board-table-box').evaluate((element) => ({
      left: element.hasAttribute('data-more-left'),
      right: element.hasAttribute('data-more-right'),
    }));
    expect(box).toEqual({ left: false, right: false });
    await context.close();
  });
});
