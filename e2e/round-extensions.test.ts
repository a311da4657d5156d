import type { ExtensionRequestDto, InstructionDto, LedgerView } from '@duban/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';
import { addUser, getJson, openRound, signIn } from './session.ts';

const INITIAL = 'Init-Passw0rd!';
const CHANGED = 'Extend-2023-q3!';
/** The machine is loaded: polls wait generously (the lists refresh every 5 s). */
const POLL = { timeout: 30_000 };

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
    const office = await signIn(browser, server.url, 'admin', INITIAL, CHANGED);
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
      signIn(browser, server.url, 'co-rep', coPassword, CHANGED),
      signIn(browser, server.url, 'leader1', leaderPassword, CHANGED),
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
