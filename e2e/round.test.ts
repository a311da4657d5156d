import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LedgerView } from '@duban/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';
import { addUser, openRound, signIn } from './session.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INITIAL = 'Init-Passw0rd!';
const CHANGED = 'Round-2023-q3!';

/** Progress of the long scenario on stderr, so a timeout says where it stopped. */
function mark(step: string): void {
  process.stderr.write(`[round e2e] ${new Date().toISOString()} ${step}\n`);
}

async function waitSaved(page: Page, id: string): Promise<void> {
  await expect
    .poll(() => page.getByTestId(`save-status-${id}`).textContent(), { timeout: 10_000 })
    .toBe('已保存');
}

describe('a reporting round with several people at once', () => {
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

  it('opens Q3, lets units write in parallel, resolves a conflicting edit, and ends accepted and published', async () => {
    const office = await signIn(browser, server.url, 'admin', INITIAL, CHANGED);
    mark('office signed in');
    await office.getByTestId('nav-board').click();
    await office.getByTestId('open-period-label').fill('2023Q3');
    await office.getByTestId('open-period-due').fill('2023-10-10');
    await office.getByTestId('open-period-submit').click();
    await office.getByTestId('board-title').waitFor();

    // A real task of the seed with one lead unit and a co-unit, read through the API.
    const ledger = await office.evaluate(async () => {
      const response = await fetch('/api/ledger?period=2023Q2');
      return (await response.json()) as LedgerView; // the server validates its responses
    });
    const task = ledger.tasks.find(
      (candidate) =>
        candidate.lead.length === 1 &&
        candidate.co.length >= 1 &&
        candidate.progress !== null &&
        candidate.co[0]?.id !== candidate.lead[0]?.id,
    );
    const lead = task?.lead[0];
    const co = task?.co[0];
    if (task === undefined || lead === undefined || co === undefined) throw new Error('no task');
    const consolidated = `${task.id}-consolidated`;
    mark('period opened, task chosen');
    const coPart = `${task.id}-${co.id}`;

    const [leadPassword, lead2Password, coPassword, headPassword, leaderPassword] =
      await Promise.all([
        addUser(office, 'lead-rep', 'reporter', lead.id),
        addUser(office, 'lead-rep2', 'reporter', lead.id),
        addUser(office, 'co-rep', 'reporter', co.id),
        addUser(office, 'lead-head', 'unit_head', lead.id),
        addUser(office, 'leader1', 'leader'),
      ]);
    const [leadRep, leadRep2, coRep, head, leader] = await Promise.all([
      signIn(browser, server.url, 'lead-rep', leadPassword, CHANGED),
      signIn(browser, server.url, 'lead-rep2', lead2Password, CHANGED),
      signIn(browser, server.url, 'co-rep', coPassword, CHANGED),
      signIn(browser, server.url, 'lead-head', headPassword, CHANGED),
      signIn(browser, server.url, 'leader1', leaderPassword, CHANGED),
    ]);
    mark('users signed in');
    // A leader reads; only the office and leaders have the board.
    expect(await leadRep.getByTestId('nav-board').count()).toBe(0);
    expect(await leader.getByTestId('nav-board').count()).toBe(1);

    // Both reporters of the lead unit open the same entry; last period's text is pre-filled.
    await Promise.all([
      openRound(leadRep, task.no),
      openRound(leadRep2, task.no),
      openRound(coRep, task.no),
    ]);
    expect(await leadRep.getByTestId(`editor-${consolidated}`).inputValue()).toBe(task.progress);
    expect(await leadRep.getByTestId(`previous-${consolidated}`).textContent()).toContain(
      task.progress,
    );

    mark('round pages open');
    // The co-unit writes its part and submits, while the lead writes the consolidated text.
    const coText = `${co.name}：三季度配合完成相关工作。`;
    const first = '三季度：项目加快推进，主体工程完工。';
    await Promise.all([
      coRep.getByTestId(`editor-${coPart}`).fill(coText),
      leadRep.getByTestId(`editor-${consolidated}`).fill(first),
    ]);
    await Promise.all([waitSaved(coRep, coPart), waitSaved(leadRep, consolidated)]);
    await coRep.getByTestId(`action-submit-${coPart}`).click();
    await expect.poll(() => coRep.getByTestId(`state-${coPart}`).textContent()).toBe('已报送');

    mark('co part submitted');
    // The second reporter still has the old version: its save gets the conflict, with both texts.
    const second = '三季度：项目加快推进，设备进场调试。';
    await leadRep2.getByTestId(`editor-${consolidated}`).fill(second);
    await leadRep2.getByTestId(`conflict-${consolidated}`).waitFor({ timeout: 10_000 });
    expect(await leadRep2.getByTestId(`conflict-theirs-${consolidated}`).textContent()).toBe(first);
    expect(await leadRep2.getByTestId(`conflict-yours-${consolidated}`).textContent()).toBe(second);
    await leadRep2.getByTestId(`conflict-keep-mine-${consolidated}`).click();
    await waitSaved(leadRep2, consolidated);

    mark('conflict resolved');
    // The lead unit sees the co-unit's part, attributed; it submits the consolidated text.
    await openRound(leadRep2, task.no);
    expect(await leadRep2.getByTestId(`text-${coPart}`).textContent()).toBe(coText);
    expect(await leadRep2.getByTestId(`state-${coPart}`).textContent()).toBe('已报送');
    await leadRep2.getByTestId(`action-submit-${consolidated}`).click();
    await expect
      .poll(() => leadRep2.getByTestId(`state-${consolidated}`).textContent())
      .toBe('已报送');

    mark('consolidated submitted');
    // The unit head approves; the office returns it with a reason the reporter then sees.
    await openRound(head, task.no);
    await head.getByTestId(`action-approve-${consolidated}`).click();
    await expect
      .poll(() => head.getByTestId(`state-${consolidated}`).textContent())
      .toBe('单位已审核');
    await openRound(office, task.no);
    await office.getByTestId(`action-return-${consolidated}`).click();
    await office.getByTestId(`reason-input-${consolidated}`).fill('请补充完成率');
    await office.getByTestId(`reason-confirm-${consolidated}`).click();
    await expect
      .poll(() => office.getByTestId(`state-${consolidated}`).textContent())
      .toBe('已退回');
    await openRound(leadRep2, task.no);
    expect(await leadRep2.getByTestId(`reason-${consolidated}`).textContent()).toContain(
      '请补充完成率',
    );
    await leadRep2.getByTestId(`editor-${consolidated}`).fill(`${second}完成年度目标的75%。`);
    await waitSaved(leadRep2, consolidated);
    await leadRep2.getByTestId(`action-submit-${consolidated}`).click();
    await expect
      .poll(() => leadRep2.getByTestId(`state-${consolidated}`).textContent())
      .toBe('已报送');
    await openRound(head, task.no);
    await head.getByTestId(`action-approve-${consolidated}`).click();
    await expect
      .poll(() => head.getByTestId(`state-${consolidated}`).textContent())
      .toBe('单位已审核');
    await openRound(office, task.no);
    await office.getByTestId(`action-accept-${consolidated}`).click();
    await expect
      .poll(() => office.getByTestId(`state-${consolidated}`).textContent())
      .toBe('督查室已采纳');

    mark('accepted');
    // The board: the leader watches it; the office chases a late unit and publishes.
    await leader.getByTestId('nav-board').click();
    await leader.getByTestId('board-title').waitFor();
    await office.getByTestId('nav-board').click();
    await office.getByTestId(`remind-${lead.id}`).click();
    await expect.poll(() => office.getByTestId(`remind-${lead.id}`).textContent()).toBe('已催办');
    // The task itself is done for this reporter; the reminder shows on the round page.
    await leadRep.goto(new URL('/round', leadRep.url()).toString());
    await leadRep.getByTestId('notification').first().waitFor();
    expect(await leadRep.getByTestId('notification').first().textContent()).toContain('2023Q3');
    // Only this task was accepted: the server refuses, and the office publishes with a reason.
    await office.getByTestId('publish-period').click();
    await office.getByTestId('publish-blocked').waitFor({ timeout: 20_000 });
    expect(await office.getByTestId('publish-blocked').textContent()).toContain(
      `${ledger.tasks.length - 1} 项任务未经督查室采纳`,
    );
    await office.getByTestId('publish-override-reason').fill('其余任务沿用上期内容');
    await office.getByTestId('publish-override-confirm').click();
    await expect
      .poll(() => office.getByTestId('board-period-state').textContent(), { timeout: 20_000 })
      .toBe('已发布');
    await leader.reload();
    await expect.poll(() => leader.getByTestId('board-period-state').textContent()).toBe('已发布');
    await office.screenshot({ path: join(ROOT, 'test-output/e2e/round-board.png') });

    // The office creates an account in the browser; its initial password is shown once.
    await office.getByTestId('nav-users').click();
    await office.getByTestId('user-new-name').fill('viewer9');
    await office.getByTestId('user-new-role').click();
    await office.getByTitle('只读').click();
    await office.getByTestId('user-new-submit').click();
    expect(await office.getByTestId('user-password').textContent()).toMatch(
      /viewer9 的初始密码.*：\S{8,}/u,
    );
    await office.getByTestId('user-disable-viewer9').waitFor();
  }, 420_000);
});
