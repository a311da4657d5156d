import type { InstructionDto, RoundEntryDto, RoundPage, RoundTask } from '@duban/core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { installFakeServer, jsonResponse, type RecordedRequest } from '../test/fake-server.ts';
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

function buildEntry(fields: Partial<RoundEntryDto> = {}): RoundEntryDto {
  return {
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
    ...fields,
  };
}

const PERIOD: RoundPage['period'] = {
  id: 1,
  label: '2023Q2',
  year: 2023,
  quarter: 2,
  title: '2023年二季度',
  dueDate: '2023-07-05',
  state: 'open',
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

/**
 * GET /api/round as the server answers it, over `tasks`: the tab filter (with `keep`), the
 * search, the page and the counts. The page must ask for what it shows.
 */
function serveRound(tasks: () => RoundTask[], instructions: InstructionDto[]) {
  const instructed = new Set(instructions.map((instruction) => instruction.task.id));
  return (request: RecordedRequest) => {
    const path = request.url.pathname;
    if (path === '/api/round') {
      const query = request.url.searchParams;
      const keep = new Set((query.get('keep') ?? '').split(',').filter(Boolean).map(Number));
      const q = query.get('q') ?? '';
      const found = tasks().filter((task) => q === '' || task.no === q || task.text.includes(q));
      const waiting = (task: RoundTask) => task.entries.some((e) => e.actions.length > 0);
      const filter = query.get('filter') ?? 'all';
      const listed = found.filter((task) =>
        filter === 'todo'
          ? waiting(task) || keep.has(task.id)
          : filter === 'instructed'
            ? instructed.has(task.id)
            : true,
      );
      const offset = Number(query.get('offset') ?? 0);
      const limit = Number(query.get('limit') ?? 50);
      const page: RoundPage = {
        period: PERIOD,
        tasks: listed.slice(offset, offset + limit),
        total: listed.length,
        counts: {
          todo: found.filter(waiting).length,
          instructed: found.filter((task) => instructed.has(task.id)).length,
          all: found.length,
        },
        offset,
        limit,
      };
      return jsonResponse(page);
    }
    if (path === '/api/round/instructions') return jsonResponse(instructions);
    if (path.startsWith('/api/round/') || path.startsWith('/api/notifications')) {
      return jsonResponse([]);
    }
    return undefined;
  };
}

const shownTasks = () =>
  screen.queryAllByTestId(/^round-task-/).map((card) => card.getAttribute('data-testid'));

const leader = () => buildUser({ role: 'leader', username: 'leader', displayName: '区长' });
const reporter = () =>
  buildUser({
    role: 'reporter',
    username: 'fgw',
    displayName: '发改委填报员',
    unit: { id: 7, name: '区发改委' },
  });

describe('本期填报’s first filter', SLOW, () => {
  it('offers a leader, who has no unit, the tasks carrying a 批示 instead of “my tasks”', async () => {
    const server = installFakeServer({
      user: leader(),
      override: serveRound(() => [buildRoundTask(1), buildRoundTask(2)], [INSTRUCTION]),
    });
    renderApp('/round');
    const filter = await screen.findByTestId('round-filter', {}, WAIT);
    expect(filter.textContent).toContain('已批示');
    expect(filter.textContent).not.toContain('我的任务');
    expect(filter.textContent).not.toContain('待我处理');
    await waitFor(() => {
      expect(shownTasks()).toEqual(['round-task-1', 'round-task-2']);
    }, WAIT);
    // The tabs carry the server's counts.
    expect(filter.textContent).toContain('已批示 1');
    expect(filter.textContent).toContain('全部 2');
    fireEvent.click(within(filter).getByText('已批示'));
    await waitFor(() => {
      expect(shownTasks()).toEqual(['round-task-2']);
    }, WAIT);
    expect(server.requestsTo('/api/round').at(-1)?.url.searchParams.get('filter')).toBe(
      'instructed',
    );
  });

  it('tells a leader with no 批示 yet how to write one', async () => {
    installFakeServer({
      user: leader(),
      override: serveRound(() => [buildRoundTask(1), buildRoundTask(2)], []),
    });
    renderApp('/round');
    const filter = await screen.findByTestId('round-filter', {}, WAIT);
    fireEvent.click(within(filter).getByText('已批示'));
    expect((await screen.findByTestId('round-empty', {}, WAIT)).textContent).toContain('写批示');
  });

  it('calls a reporter’s filter what it is: the entries waiting for them', async () => {
    const tasks = [
      buildRoundTask(1, { myRole: 'lead', entries: [buildEntry()] }),
      buildRoundTask(2, { myRole: 'co' }),
    ];
    installFakeServer({ user: reporter(), override: serveRound(() => tasks, []) });
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

describe('本期填报 a page at a time', SLOW, () => {
  const many = () => Array.from({ length: 45 }, (_, i) => buildRoundTask(i + 1));

  it('asks the server for 20 cards and moves to the next page', async () => {
    const server = installFakeServer({ user: leader(), override: serveRound(many, []) });
    renderApp('/round');
    await waitFor(() => {
      expect(shownTasks()).toHaveLength(20);
    }, WAIT);
    expect(shownTasks()[0]).toBe('round-task-1');
    const first = server.requestsTo('/api/round')[0]?.url.searchParams;
    expect([first?.get('offset'), first?.get('limit'), first?.get('filter')]).toEqual([
      '0',
      '20',
      'all',
    ]);
    const pagination = screen.getByTestId('round-pagination');
    expect(pagination.textContent).toContain('共 45 项');
    fireEvent.click(within(pagination).getByTitle('2'));
    await waitFor(() => {
      expect(shownTasks()[0]).toBe('round-task-21');
    }, WAIT);
    expect(shownTasks()).toHaveLength(20);
    expect(server.requestsTo('/api/round').at(-1)?.url.searchParams.get('offset')).toBe('20');
  });

  it('searches on the server once typing pauses', async () => {
    const server = installFakeServer({ user: leader(), override: serveRound(many, []) });
    renderApp('/round');
    const search = await screen.findByTestId('round-search', {}, WAIT);
    fireEvent.change(search, { target: { value: '37' } });
    await waitFor(() => {
      expect(shownTasks()).toEqual(['round-task-37']);
    }, WAIT);
    expect(server.requestsTo('/api/round').at(-1)?.url.searchParams.get('q')).toBe('37');
  });

  it('keeps a task the office acted on in 待我处理, and refetches after the step', async () => {
    let accepted = false;
    const tasks = () => [
      buildRoundTask(1, {
        entries: [
          buildEntry(
            accepted
              ? { state: 'accepted', actions: [] }
              : { state: 'approved', actions: ['accept', 'return'] },
          ),
        ],
      }),
      buildRoundTask(2, { entries: [buildEntry({ state: 'draft', actions: [] })] }),
    ];
    const office = buildUser({ role: 'admin', username: 'admin', displayName: '督查室' });
    const answer = serveRound(tasks, []);
    const server = installFakeServer({
      user: office,
      override: (request) => {
        if (request.url.pathname === '/api/round/tasks/1/transitions') {
          accepted = true;
          return jsonResponse(buildEntry({ state: 'accepted', actions: [] }));
        }
        return answer(request);
      },
    });
    renderApp('/round');
    await waitFor(() => {
      expect(shownTasks()).toEqual(['round-task-1']);
    }, WAIT);
    expect(screen.getByTestId('round-filter').textContent).toContain('待我处理 1');
    fireEvent.click(screen.getByTestId('action-accept-1-consolidated'));
    await waitFor(() => {
      expect(screen.getByTestId('state-1-consolidated').textContent).toBe('督查室已采纳');
    }, WAIT);
    expect(shownTasks()).toEqual(['round-task-1']);
    expect(screen.getByTestId('round-filter').textContent).toContain('待我处理 0');
    expect(server.requestsTo('/api/round').at(-1)?.url.searchParams.get('keep')).toBe('1');
  });
});
