import type { ExtensionRequestDto, InstructionDto, LedgerView } from '@duban/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const INITIAL = 'Init-Passw0rd!';
const CHANGED = 'Extend-2023-q3!';
/** The machine is loaded: polls wait generously (the lists refresh every 5 s). */
const POLL = { timeout: 30_000 };

async function addUser(office: Page, username: string, role: string, unitId?: number) {
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

async function signIn(
  browser: Browser,
  server: RunningServer,
  username: string,
  password: string,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('password-current').fill(password);
  await page.getByTestId('password-new').fill(CHANGED);
  await page.getByTestId('password-confirm').fill(CHANGED);
  await page.getByTestId('password-submit').click();
  await page.getByTestId('nav-ledger').waitFor();
  return page;
}

async function openRound(page: Page, no: string): Promise<void> {
  await page.goto(new URL('/round', page.url()).toString());
  await page.getByTestId('round-title').waitFor();
  await page.getByTestId(`round-task-${no}`).waitFor();
}

function getJson<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (url) => {
    const response = await fetch(url);
    return (await response.json()) as unknown;
  }, path) as Promise<T>; // the server validates its responses
}

describe('延期 and 批示 with several people at once', () => {
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

  it('a unit asks for 延期 and the office grants it; a leader writes 批示 and sees it acknowledged', async () => {
    const office = await signIn(browser, server, 'admin', INITIAL);
    await office.getByTestId('nav-board').click();
    await office.getByTestId('open-period-label').fill('2023Q3');
    await office.getByTestId('open-period-due').fill('2023-10-10');
    await office.getByTestId('open-period-submit').click();
    await office.getByTestId('board-title').waitFor();

    const ledger = await getJson<LedgerView>(office, '/api/ledger?period=2023Q2');
    const task = ledger.tasks.find(
      (candidate) =>
        candidate.lead.length === 1 &&
        candidate.co.length >= 1 &&
        candidate.co[0]?.id !== candidate.lead[0]?.id,
    );
    const co = task?.co[0];
    if (task === undefined || co === undefined) throw new Error('no task with a co-unit');
    const [coPassword, leaderPassword] = await Promise.all([
      addUser(office, 'co-rep', 'reporter', co.id),
      addUser(office, 'leader1', 'leader'),
    ]);
    const [coRep, leader] = await Promise.all([
      signIn(browser, server, 'co-rep', coPassword),
      signIn(browser, server, 'leader1', leaderPassword),
    ]);
    await Promise.all([openRound(coRep, task.no), openRound(leader, task.no)]);

    // At once: the co-unit asks for more time, the leader writes an instruction on the task.
    await Promise.all([
      (async () => {
        await coRep.getByTestId(`extension-open-${task.no}`).click();
        await coRep.getByTestId(`extension-date-${task.no}`).fill('2023-10-20');
        await coRep.getByTestId(`extension-reason-${task.no}`).fill('项目用地审批尚未完成');
        await coRep.getByTestId(`extension-submit-${task.no}`).click();
      })(),
      (async () => {
        await leader.getByTestId(`instruction-open-${task.no}`).click();
        await leader.getByTestId(`instruction-input-${task.no}`).fill('请加快推进，月底前报进展。');
        await leader.getByTestId(`instruction-submit-${task.no}`).click();
      })(),
    ]);

    // The office sees the pending request on the board and grants it.
    const [request] = await getJson<ExtensionRequestDto[]>(
      office,
      '/api/round/extensions?state=pending',
    );
    if (request === undefined) throw new Error('the request did not reach the office');
    expect(request).toMatchObject({ requestedDate: '2023-10-20', unit: { id: co.id } });
    await office.getByTestId(`extension-grant-${request.id}`).waitFor(POLL);
    await office.getByTestId(`extension-grant-${request.id}`).click();
    await expect
      .poll(() => coRep.getByTestId(`extension-state-${request.id}`).textContent(), POLL)
      .toBe('同意延期');
    await coRep.reload();
    await expect
      .poll(() => coRep.getByTestId(`task-due-${task.no}`).textContent(), POLL)
      .toBe('本单位截止 2023-10-20');

    // The unit sees the instruction as pending, acknowledges it; the leader sees it read.
    const [instruction] = await getJson<InstructionDto[]>(leader, '/api/round/instructions');
    if (instruction === undefined) throw new Error('the instruction was not stored');
    await coRep.getByTestId('instructions-pending').waitFor(POLL);
    await coRep.getByTestId(`ack-${instruction.id}`).click();
    await coRep.getByTestId('instructions-pending').waitFor({ state: 'detached', ...POLL });
    await expect
      .poll(
        () => leader.getByTestId(`instruction-ack-${instruction.id}-${co.id}`).textContent(),
        POLL,
      )
      .toBe(`${co.name}：已阅`);
  });
});
