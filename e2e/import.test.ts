import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readLedger } from '@duban/formats';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The formats tests' own generator: the seed as an .xlsx with real merged unit cells.
import {
  buildLedgerSpec,
  writeLedgerXlsx,
} from '../packages/formats/src/shared/test-support/ledger-tables.ts';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';
import { changeInitialPassword, logIn } from './session.ts';

const OUT = fileURLToPath(new URL('../test-output/e2e/', import.meta.url));
const SEED = fileURLToPath(new URL('../fixtures/seed/yijiang-2023q2.txt', import.meta.url));
const INITIAL = 'Init-Passw0rd!';
const CHANGED = 'Duban-import-q3!';
const Q3_PROGRESS = '前三季度，智能网联及新能源汽车领域新签约项目25个，总投资190亿元。';

/**
 * The seed as an .xlsx a person would bring for Q3: same tasks, task 1 with new progress, and
 * task 18 mistyped as a second 17 (the preview lets the person give it its number back).
 */
async function buildQ3Workbook(): Promise<Buffer> {
  const seed = readLedger('yijiang-2023q2.txt', readFileSync(SEED));
  if (!seed.ok) throw new Error(JSON.stringify(seed.issues));
  const tasks = seed.value.tasks.map((task) =>
    task.no === '1'
      ? { ...task, progress: Q3_PROGRESS }
      : task.no === '18'
        ? { ...task, no: '17' }
        : task,
  );
  const spec = buildLedgerSpec({ ...seed.value, tasks });
  return Buffer.from(await writeLedgerXlsx(spec, { mergeColumns: [2, 3] }));
}

describe('importing next quarter’s workbook in the browser', () => {
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

  it('uploads the seed as 2023Q3, sees 126 matched tasks, confirms and finds the new progress', async () => {
    const workbook = await buildQ3Workbook();
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logIn(page, server.url, INITIAL);
    await changeInitialPassword(page, INITIAL, CHANGED);
    await page.getByTestId('ledger-title').waitFor();

    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-period').fill('2023Q3');
    await page.locator('input[type=file]').setInputFiles({
      name: 'yijiang-2023q3.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: workbook,
    });
    await page.getByTestId('import-table').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-matched').textContent()).toContain('126');
    // The merged unit cells of the workbook are marked where they are.
    expect(await page.locator('[data-warned="true"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${OUT}import-preview.png` });

    // The repeated 序号 is a warning at its cell, not a refused file: renumber the row.
    const repeated = page.getByTestId('import-cell-17（重复2）-no');
    expect(await repeated.getAttribute('data-warned')).toBe('true');
    await repeated.locator('.ant-typography-edit').click();
    await repeated.locator('textarea').fill('18');
    await repeated.locator('textarea').press('Enter');
    await expect.poll(() => repeated.getAttribute('data-warned'), { timeout: 10_000 }).toBe(null);

    await page.getByTestId('import-confirm').click();
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 60_000 });
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('2023Q3');
    expect(text).toContain('126');

    // The ledger of 2023Q3 holds the same 126 tasks with the workbook's progress.
    await page.goto(`${server.url}/?period=2023Q3`);
    await expect.poll(() => page.getByTestId('task-row').count(), { timeout: 30_000 }).toBe(126);
    expect(await page.getByTestId('task-row').first().textContent()).toContain('新签约项目25个');
    await page.close();
  });
});
