import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';
import { addUser, call, readLedger, saveProgress, signIn } from './round-api.ts';
import { changeInitialPassword, logIn } from './session.ts';

const OUT = fileURLToPath(new URL('../test-output/e2e/', import.meta.url));
const INITIAL = 'Init-Passw0rd!';
const CHANGED = 'Duban-2023-q2!';

/** Clicks the tallest bar a chart drew (SVG renderer: one path per bar, filled by its light). */
async function clickTallestBar(page: Page, testId: string): Promise<void> {
  const box = await page.getByTestId(testId).evaluate((chart) => {
    const fills = ['#1677ff', '#52c41a', '#faad14', '#ff4d4f', '#bfbfbf'];
    let best: DOMRect | undefined;
    for (const path of chart.querySelectorAll('path')) {
      const fill = (path.getAttribute('fill') ?? '').toLowerCase();
      if (!fills.includes(fill)) continue;
      const rect = path.getBoundingClientRect();
      if (best === undefined || rect.height * rect.width > best.height * best.width) best = rect;
    }
    return best === undefined
      ? undefined
      : { x: best.x + best.width / 2, y: best.y + best.height / 2 };
  });
  if (box === undefined) throw new Error(`no bar in ${testId}`);
  await page.mouse.click(box.x, box.y);
}

describe('reports, dashboard and downloads in the browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    [server, browser] = await Promise.all([
      startServer({ DUBAN_ADMIN_PASSWORD: INITIAL }),
      launchBrowser(),
    ]);
    const page = await browser.newPage();
    await logIn(page, server.url, INITIAL);
    await changeInitialPassword(page, INITIAL, CHANGED);
    await page.getByTestId('ledger-title').waitFor();
    await page.close();
  });

  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('shows the dashboard; a bar leads to the ledger filtered to its tasks', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logIn(page, server.url, CHANGED);
    await page.getByTestId('ledger-title').waitFor();
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('kpi-total').waitFor();
    expect(await page.getByTestId('kpi-total').textContent()).toContain('126');
    await page.locator('[data-testid="chart-sections"] svg').waitFor();
    // ECharts animates bars in; wait until they have their full size.
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${OUT}dashboard.png`, fullPage: true });

    await clickTallestBar(page, 'chart-sections');
    await page.getByTestId('ledger-title').waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/');
    const section = url.searchParams.get('section');
    expect(section).not.toBeNull();
    expect(url.searchParams.get('light')).not.toBeNull();
    // The ledger shows a part of the 126 tasks: the section (and light) the bar counts.
    await expect.poll(() => page.getByTestId('task-count').textContent()).toMatch(/126/);
    const rows = await page.getByTestId('task-row').count();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(126);
    expect(await page.getByTestId('section-row').count()).toBe(1);
    await page.close();
  });

  it('reads on a phone', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    const page = await context.newPage();
    await logIn(page, `${server.url}/dashboard`, CHANGED);
    await page.getByTestId('kpi-total').waitFor();
    await page.waitForTimeout(1000);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow, 'the dashboard scrolls sideways on a phone').toBeLessThanOrEqual(1);
    await page.screenshot({ path: `${OUT}dashboard-phone.png`, fullPage: true });
    await context.close();
  });

  const FORMATS = [
    { format: 'DOCX', ext: 'docx', magic: 'PK', min: 20_000 },
    { format: 'XLSX', ext: 'xlsx', magic: 'PK', min: 20_000 },
    { format: 'PDF', ext: 'pdf', magic: '%PDF-', min: 50_000 },
    { format: 'JSON', ext: 'json', magic: '{', min: 100_000 },
  ];

  it.each(FORMATS)(
    'downloads the report as $format from the ledger page',
    { timeout: 180_000 },
    async ({ format, ext, magic, min }) => {
      const page = await browser.newPage({
        viewport: { width: 1366, height: 900 },
        acceptDownloads: true,
      });
      await logIn(page, server.url, CHANGED);
      await page.getByTestId('ledger-title').waitFor();
      await page.getByTestId('export-open').click();
      await page.getByTestId('export-format').getByText(format, { exact: true }).click();
      const download = page.waitForEvent('download', { timeout: 170_000 });
      await page.getByRole('button', { name: '下载' }).click();
      const file = await download;
      const expected =
        ext === 'json'
          ? '弋江区2023Q2台账.json'
          : `弋江区2023年二季度重点工作进展和完成情况.${ext}`;
      expect(file.suggestedFilename()).toBe(expected);
      const path = join(OUT, `download.${ext}`);
      await file.saveAs(path);
      expect(readFileSync(path).subarray(0, magic.length).toString()).toBe(magic);
      expect(statSync(path).size).toBeGreaterThan(min);
      await page.close();
    },
  );
});

/** Issue 6: the 未填报 card and a leader's landing, in a server of their own (it opens 2023Q3). */
describe('the dashboard for a leader', () => {
  let server: RunningServer;
  let browser: Browser;
  let notReported = 0;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ DUBAN_ADMIN_PASSWORD: INITIAL }),
      launchBrowser(),
    ]);
    const office = await signIn(server.url, 'admin', INITIAL, CHANGED);
    const opened = await call(server.url, office, 'POST', '/api/periods', {
      label: '2023Q3',
      dueDate: '2023-10-10',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    // The lead unit's reporter writes one task's progress: the other 125 have none for 2023Q3.
    const ledger = await readLedger(server.url, office, '2023Q3');
    const first = ledger.tasks[0];
    const unitId = first?.lead[0]?.id;
    if (first === undefined || unitId === undefined) throw new Error('no task with a lead unit');
    const initial = await addUser(server.url, office, {
      username: 'fgw',
      role: 'reporter',
      unitId,
    });
    const reporter = await signIn(server.url, 'fgw', initial, CHANGED);
    const saved = await saveProgress(server.url, reporter, first.id, {
      period: '2023Q3',
      part: 'consolidated',
      baseVersion: 0,
      text: '三季度已开工建设。',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBeLessThan(300);
    const dashboard = await call(server.url, office, 'GET', '/api/dashboard?period=2023Q3');
    notReported = (dashboard.body as { kpis: { notReported: number } }).kpis.notReported;
    const password = await addUser(server.url, office, { username: 'quzhang', role: 'leader' });
    await signIn(server.url, 'quzhang', password, CHANGED);
  });

  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('lands a leader on the dashboard on a phone; 未填报 leads to those tasks', async () => {
    expect(notReported).toBe(125);
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    const page = await context.newPage();
    await logIn(page, server.url, CHANGED, 'quzhang');
    await page.getByTestId('kpi-notReported').waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    // It opens on 2023Q2, the latest period with reported progress (Q3 has one draft), and
    // offers the newer round.
    expect(await page.getByTestId('kpi-notReported').textContent()).toMatch(/(^|\D)0$/);
    await page.getByTestId('dashboard-later').waitFor({ timeout: 60_000 });
    await page.getByTestId('dashboard-show-later').click();
    await expect
      .poll(() => page.getByTestId('kpi-notReported').textContent(), { timeout: 60_000 })
      .toContain('125');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow, 'the dashboard scrolls sideways on a phone').toBeLessThanOrEqual(1);
    await page.screenshot({ path: `${OUT}dashboard-leader-phone.png`, fullPage: true });

    await page.getByTestId('kpi-notReported').click();
    await page.getByTestId('reported-filter').waitFor({ timeout: 60_000 });
    const url = new URL(page.url());
    expect(url.pathname).toBe('/');
    expect(url.searchParams.get('reported')).toBe('no');
    expect(url.searchParams.get('period')).toBe('2023Q3');
    await expect
      .poll(() => page.getByTestId('task-count').textContent(), { timeout: 60_000 })
      .toContain('125');
    await context.close();
  });

  it('lands the office on the ledger, as before', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logIn(page, server.url, CHANGED);
    await page.getByTestId('ledger-title').waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe('/');
    await page.close();
  });
});
