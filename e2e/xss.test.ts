import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { ROOT, runDuban, startServe, type ServeProcess } from './serve-process.ts';

const PROGRESS = '已完成<img src=x onerror="window.__xss=1">并<script>window.__xss=2</script>推进';
// Unit names lose their whitespace on import; this tag needs none.
const UNIT = '<svg/onload=window.__xss=3>区发改委';
const CHANGED = 'Duban-Xss-2023!';
const POLL = { timeout: 20_000, interval: 200 };

/** A ledger whose text carries markup: the browser must show it as text and run none of it. */
describe('markup in imported text is inert in the browser', () => {
  const work = mkdtempSync(join(tmpdir(), 'duban-xss-'));
  const env = { DUBAN_DB: join(work, 'duban.db') };
  let server: ServeProcess;
  let browser: Browser;
  let password = '';

  beforeAll(async () => {
    const parsed = runDuban(
      ['import', join(ROOT, 'fixtures/seed/yijiang-2023q2.txt'), '--dry-run', '--json'],
      env,
    );
    expect(parsed.status, parsed.stderr).toBe(0);
    const ledger = JSON.parse(parsed.stdout) as { tasks: { progress: string; lead: string[] }[] };
    const first = ledger.tasks[0];
    if (first === undefined) throw new Error('the seed has no task');
    first.progress = PROGRESS;
    first.lead = [UNIT];
    const file = join(work, 'evil.json');
    writeFileSync(file, JSON.stringify(ledger));
    const imported = runDuban(['import', file], env);
    expect(imported.status, imported.stderr).toBe(0);
    const user = runDuban(['user', 'add', 'office', '--role', 'admin'], env);
    expect(user.status, user.stderr).toBe(0);
    password = /[:：]\s*(\S+)\s*$/m.exec(user.stdout)?.[1] ?? '';
    [server, browser] = await Promise.all([startServe(env, ['--no-demo']), launchBrowser()]);
  });

  afterAll(async () => {
    await browser.close();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('shows the payloads literally and runs none of them', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await page.goto(server.url);
    await page.getByTestId('login-username').fill('office');
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('password-current').fill(password);
    await page.getByTestId('password-new').fill(CHANGED);
    await page.getByTestId('password-confirm').fill(CHANGED);
    await page.getByTestId('password-submit').click();
    await expect.poll(() => page.getByTestId('task-row').count(), POLL).toBe(126);

    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).toContain('<img src=x onerror="window.__xss=1">');
    expect(body).toContain('<script>window.__xss=2</script>');
    expect(body).toContain('<svg/onload=window.__xss=3>');
    const injected = await page.evaluate(() => ({
      flag: (window as unknown as { __xss?: number }).__xss, // the payloads' marker
      images: document.querySelectorAll('img[src="x"]').length,
      svgs: [...document.querySelectorAll('svg')].filter((s) => s.getAttribute('onload') !== null)
        .length,
      scripts: [...document.querySelectorAll('script')].filter((s) =>
        s.textContent.includes('__xss'),
      ).length,
    }));
    expect(injected).toEqual({ flag: undefined, images: 0, svgs: 0, scripts: 0 });
    expect(dialogs).toBe(0);
    await page.close();
  });
});
