import type { InstructionDto, RoundTask, RoundView } from '@duban/core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { installFakeServer, jsonResponse } from '../test/fake-server.ts';
import { buildUser } from '../test/ledger-fixture.ts';
import { renderApp } from '../test/render-app.tsx';

const WAIT = { timeout: 15_000 };
const SLOW = { timeout: 60_000 };

afterEach(() => {
  vi.unstubAllGlobals();
});

function buildRoundTask(id: number, fields: Partial<RoundTask> = {}): RoundTask {
  return {
    id,
    no: String(id),
    section: '一',
    text: `任务${id}的内容`,
    lead: [{ id: 7, name: '区发改委' }],
    co: [],
    myRole: null,
    entries: [],
    ...fields,
  };
}

const ROUND: RoundView = {
  period: {
    id: 1,
    label: '2023Q2',
    year: 2023,
    quarter: 2,
    title: '2023年二季度',
    dueDate: '2023-07-05',
    state: 'open',
  },
  tasks: [buildRoundTask(1), buildRoundTask(2)],
};

const INSTRUCTION: InstructionDto = {
  id: 1,
  period: '2023Q2',
  task: { id: 2, no: '2', text: '任务2的内容' },
  text: '请加快进度',
  author: '区长',
  createdAt: '2023-07-01T02:00:00.000Z',
  units: [],
  pendingForMe: null,
};

function serveRound(view: RoundView, instructions: InstructionDto[]) {
  return (request: { url: URL }) => {
    const path = request.url.pathname;
    if (path === '/api/round') return jsonResponse(view);
    if (path === '/api/round/instructions') return jsonResponse(instructions);
    if (path.startsWith('/api/round/') || path.startsWith('/api/notifications')) {
      return jsonResponse([]);
    }
    return undefined;
  };
}

const shownTasks = () =>
  screen.queryAllByTestId(/^round-task-/).map((card) => card.getAttribute('data-testid'));

describe('本期填报’s first filter', SLOW, () => {
  it('offers a leader, who has no unit, the tasks carrying a 批示 instead of “my tasks”', async () => {
    installFakeServer({
      user: buildUser({ role: 'leader', username: 'leader', displayName: '区长' }),
      override: serveRound(ROUND, [INSTRUCTION]),
    });
    renderApp('/round');
    const filter = await screen.findByTestId('round-filter', {}, WAIT);
    expect(filter.textContent).toContain('已批示');
    expect(filter.textContent).not.toContain('我的任务');
    expect(filter.textContent).not.toContain('待我处理');
    await waitFor(() => {
      expect(shownTasks()).toEqual(['round-task-1', 'round-task-2']);
    }, WAIT);
    fireEvent.click(within(filter).getByText('已批示'));
    await waitFor(() => {
      expect(shownTasks()).toEqual(['round-task-2']);
    }, WAIT);
  });

  it('tells a leader with no 批示 yet how to write one', async () => {
    installFakeServer({
      user: buildUser({ role: 'leader', username: 'leader', displayName: '区长' }),
      override: serveRound(ROUND, []),
    });
    renderApp('/round');
    const filter = await screen.findByTestId('round-filter', {}, WAIT);
    fireEvent.click(within(filter).getByText('已批示'));
    expect((await screen.findByTestId('round-empty', {}, WAIT)).textContent).toContain('写批示');
  });

  it('calls a reporter’s filter what it is: the entries waiting for them', async () => {
    const waiting = buildRoundTask(1, {
      myRole: 'lead',
      entries: [
        {
          part: 'consolidated',
          unit: null,
          text: '',
          version: 0,
          state: 'not_started',
          returnReason: null,
          updatedAt: null,
          updatedBy: null,
          previousText: null,
          actions: ['save'],
        },
      ],
    });
    installFakeServer({
      user: buildUser({
        role: 'reporter',
        username: 'fgw',
        displayName: '发改委填报员',
        unit: { id: 7, name: '区发改委' },
      }),
      override: serveRound({ ...ROUND, tasks: [waiting, buildRoundTask(2, { myRole: 'co' })] }, []),
    });
    renderApp('/round');
    const filter = await screen.findByTestId('round-filter', {}, WAIT);
    expect(filter.textContent).toContain('待我处理');
    expect(filter.textContent).not.toContain('我的任务');
    fireEvent.click(within(filter).getByText('待我处理'));
    await waitFor(() => {
      expect(shownTasks()).toEqual(['round-task-1']);
    }, WAIT);
  });
});
