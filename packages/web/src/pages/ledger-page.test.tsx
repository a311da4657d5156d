import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { errorResponse, installFakeServer, jsonResponse } from '../test/fake-server.ts';
import { SEED_TASKS, buildLedgerView, buildUser } from '../test/ledger-fixture.ts';
import { setViewportWidth } from '../test/media.ts';
import { renderApp } from '../test/render-app.tsx';

// Rendering antd in jsdom is slow on a loaded 2-core machine: generous limits, same assertions.
const WAIT = { timeout: 15_000 };
const SLOW = { timeout: 60_000 };

afterEach(() => {
  vi.unstubAllGlobals();
});

const taskNos = () =>
  screen.getAllByTestId('task-row').map((row) => row.getAttribute('data-task-no'));
const marks = (element: HTMLElement) =>
  [...element.querySelectorAll('mark')].map((mark) => mark.textContent);
const getRow = (no: string) => {
  const row = screen.getAllByTestId('task-row').find((r) => r.getAttribute('data-task-no') === no);
  if (!row) throw new Error(`no task row ${no}`);
  return row;
};

async function openLedger(url = '/') {
  const server = installFakeServer({ user: buildUser() });
  const view = renderApp(url);
  await screen.findByTestId('ledger-title', {}, WAIT);
  return { server, view };
}

describe('ledger page (laptop)', SLOW, () => {
  it('lays the seed tasks out like the report: title, section rows, task rows', async () => {
    await openLedger();
    expect(screen.getByTestId('ledger-title').textContent).toBe(
      '弋江区2023年二季度重点工作进展和完成情况',
    );
    for (const header of ['序号', '目标与任务', '牵头责任单位', '责任单位', '进展情况']) {
      expect(screen.getAllByRole('columnheader', { name: header }).length).toBeGreaterThan(0);
    }
    // Three sections have tasks in the fixture; section 三 has none and gets no row.
    expect(screen.getAllByTestId('section-row').map((row) => row.textContent)).toEqual([
      '（一）以更实举措提升经济高质量发展质效',
      '（二）以更高标准美化城市环境面貌',
      '（四）以更新姿态树立政府良好形象',
    ]);
    expect(taskNos()).toEqual(SEED_TASKS.map((task) => task.no));
    // Each section row precedes its own tasks, one table in document order.
    const order = [
      ...document.querySelectorAll('[data-testid="section-row"], [data-testid="task-row"]'),
    ].map((row) => row.getAttribute('data-task-no') ?? '§');
    expect(order).toEqual(['§', '2', '11', '§', '58', '§', '117']);
    expect(screen.getByTestId('task-count').textContent).toBe('共 4 项任务');
    expect(document.querySelector('.ant-pagination')).toBeNull();

    const row117 = getRow('117');
    expect(within(row117).getByText('区审计局')).toBeTruthy();
    expect(within(row117).getByText('区财政局')).toBeTruthy();
    expect(within(getRow('58')).getByText('—')).toBeTruthy();
  });

  it('flags rows with import warnings, except those the inferred marker already shows', async () => {
    await openLedger();
    const flagged = screen
      .getAllByTestId('task-row')
      .filter((row) => row.querySelector('.warning-icon') !== null)
      .map((row) => row.getAttribute('data-task-no'));
    // Task 2 has a unit-joined warning; 11 only lead/co-inherited ones.
    expect(flagged).toEqual(['2']);
  });

  it('renders a full-size ledger (126 tasks) on one page, without paging', async () => {
    // The seed's size: the four fixture tasks repeated with the numbers 1‥126.
    const tasks = Array.from({ length: 126 }, (_, index) => {
      const source = SEED_TASKS[index % SEED_TASKS.length] ?? SEED_TASKS[0];
      if (!source) throw new Error('empty fixture');
      return { ...source, id: index + 1, no: String(index + 1) };
    });
    installFakeServer({
      user: buildUser(),
      override: (request) =>
        request.url.pathname === '/api/ledger'
          ? jsonResponse({ ...buildLedgerView(), tasks, total: tasks.length })
          : undefined,
    });
    renderApp();
    await screen.findByTestId('ledger-title', {}, WAIT);
    expect(screen.getAllByTestId('task-row')).toHaveLength(126);
    expect(screen.getByTestId('task-count').textContent).toBe('共 126 项任务');
    expect(document.querySelector('.ant-pagination')).toBeNull();
  });

  it('marks exactly the unit cells rebuilt from a merged cell, with the explanation', async () => {
    await openLedger();
    const markers = screen.getAllByTestId('inferred-unit');
    const inferredCells =
      SEED_TASKS.filter((t) => t.inferred.lead).length +
      SEED_TASKS.filter((t) => t.inferred.co).length;
    expect(markers).toHaveLength(inferredCells);
    for (const marker of markers) {
      expect(marker.closest('[data-testid="task-row"]')?.getAttribute('data-task-no')).toBe('11');
      expect(marker.getAttribute('aria-label')).toBe('由合并单元格推断：取自上一行');
    }
    expect(within(markers[0] ?? document.body).getByText('投资促进部')).toBeTruthy();
    expect(within(getRow('2')).queryByTestId('inferred-unit')).toBeNull();

    fireEvent.mouseEnter(markers[0] ?? document.body);
    expect((await screen.findByRole('tooltip', {}, WAIT)).textContent).toContain(
      '由合并单元格推断：取自上一行',
    );
  });

  it('searches on the server after a pause and highlights the term', async () => {
    const { server } = await openLedger();
    const ledgerCalls = () => server.requestsTo('/api/ledger').length;
    const before = ledgerCalls();

    const input = screen.getByTestId('search-input');
    fireEvent.change(input, { target: { value: '奇' } });
    fireEvent.change(input, { target: { value: '奇瑞' } });

    await waitFor(() => {
      expect(taskNos()).toEqual(['2']);
    }, WAIT);
    // Debounced: the two key strokes made one request, for the whole term.
    expect(ledgerCalls()).toBe(before + 1);
    expect(server.requestsTo('/api/ledger').at(-1)?.url.searchParams.get('q')).toBe('奇瑞');
    expect(screen.getByTestId('task-count').textContent).toBe('共 1 项任务／总 4 项');

    const row = getRow('2');
    const hits = marks(row);
    // 4 in the task text, 5 in the progress text.
    expect(hits).toHaveLength(9);
    expect(new Set(hits)).toEqual(new Set(['奇瑞']));
    expect(screen.getAllByTestId('section-row')).toHaveLength(1);
  });

  it('highlights a search hit inside a unit tag', async () => {
    await openLedger();
    fireEvent.change(screen.getByTestId('search-input'), { target: { value: '审计局' } });
    await waitFor(() => {
      expect(taskNos()).toEqual(['117']);
    }, WAIT);
    const tag = within(getRow('117')).getByText('审计局', { selector: 'mark' });
    expect(tag.closest('.ant-tag')?.textContent).toBe('区审计局');
  });

  it('sends section and unit filters from the URL and counts against the total', async () => {
    const { server } = await openLedger('/?section=一&unit=4&role=co');
    await waitFor(() => {
      expect(taskNos()).toEqual(['11']);
    }, WAIT);
    const params = server.requestsTo('/api/ledger').at(-1)?.url.searchParams;
    expect(params?.get('section')).toBe('一');
    expect(params?.get('unit')).toBe('4');
    expect(params?.get('unitRole')).toBe('co');
    expect(screen.getByTestId('task-count').textContent).toBe('共 1 项任务／总 4 项');
    for (const id of ['section-filter', 'unit-filter', 'unit-role-filter', 'search-input']) {
      expect(screen.getByTestId(id)).toBeTruthy();
    }
  });

  it('sends the unit role chosen in the segmented control', async () => {
    const { server } = await openLedger('/?unit=1');
    fireEvent.click(within(screen.getByTestId('unit-role-filter')).getByText('牵头'));
    await waitFor(() => {
      expect(server.requestsTo('/api/ledger').at(-1)?.url.searchParams.get('unitRole')).toBe(
        'lead',
      );
    }, WAIT);
    expect(taskNos()).toEqual(['2']);
  });

  it('gives a unit’s reporter one tap to their own unit’s tasks', async () => {
    const server = installFakeServer({
      user: buildUser({ role: 'reporter', username: 'fgw', unit: { id: 1, name: '区发改委' } }),
    });
    renderApp('/');
    const own = await screen.findByTestId('own-unit-filter', {}, WAIT);
    expect(own.textContent).toBe('只看本单位（区发改委）');
    const checked = () =>
      screen.getByTestId('own-unit-filter').classList.contains('ant-tag-checkable-checked');
    expect(checked()).toBe(false);
    fireEvent.click(own);
    await waitFor(() => {
      expect(server.requestsTo('/api/ledger').at(-1)?.url.searchParams.get('unit')).toBe('1');
    }, WAIT);
    await waitFor(() => {
      expect(checked()).toBe(true);
    }, WAIT);
    // A second tap clears it (the unfiltered answer comes from the cache).
    fireEvent.click(screen.getByTestId('own-unit-filter'));
    await waitFor(() => {
      expect(checked()).toBe(false);
    }, WAIT);
  });

  it('offers no own-unit filter to a user without a unit', async () => {
    await openLedger();
    expect(screen.queryByTestId('own-unit-filter')).toBeNull();
  });

  it('opens the task detail in a drawer from a row, with every field', async () => {
    const { server } = await openLedger();
    fireEvent.click(getRow('11'));
    const drawer = await screen.findByTestId('task-drawer', {}, WAIT);
    await within(drawer).findByTestId('task-detail-text', {}, WAIT);
    expect(within(drawer).getByTestId('task-detail-text').textContent).toBe(
      '推动义柏一期全尺寸晶圆载具生产线建成投产',
    );
    expect(within(drawer).getByTestId('task-detail-progress').textContent).toContain(
      '一期项目92500平方米厂房建设完成',
    );
    expect(server.requestsTo('/api/tasks/11').at(-1)?.url.searchParams.get('period')).toBe(
      '2023Q2',
    );
    // Inferred units stay marked in the detail; the import warnings are listed by message.
    expect(within(drawer).getAllByTestId('inferred-unit')).toHaveLength(2);
    expect(within(drawer).getByText('牵头责任单位取自上一行（合并单元格）')).toBeTruthy();
    // The machine code stays out of the text (no English in the zh-CN drawer), on an attribute.
    expect(within(drawer).queryByText('co-inherited')).toBeNull();
    expect(drawer.querySelector('[data-warning-code="co-inherited"]')).not.toBeNull();
    expect(within(drawer).getByText('（一）以更实举措提升经济高质量发展质效')).toBeTruthy();
    expect(within(drawer).getByText('完成时限')).toBeTruthy();
    expect(within(drawer).getByText('2023年12月底')).toBeTruthy();
    const history = within(drawer).getByTestId('task-detail-history');
    expect(within(history).getByText('2023年第2季度')).toBeTruthy();
    expect(within(history).getByText('第 2 版')).toBeTruthy();
    expect(within(history).getByText('区发改委填报员')).toBeTruthy();
    expect(within(history).getByText('一季度进展（导入）')).toBeTruthy();
  });

  it('opens the drawer straight from the URL /tasks/:id', async () => {
    await openLedger('/tasks/117');
    const drawer = await screen.findByTestId('task-drawer', {}, WAIT);
    const text = await within(drawer).findByTestId('task-detail-text', {}, WAIT);
    expect(text.textContent).toBe('充分发挥审计监督“治已病、防未病”作用,持续压减“三公”经费支出');
    expect(within(drawer).getByText('无')).toBeTruthy();
  });

  it('explains a failed load and offers a way back from a bad link', async () => {
    installFakeServer({
      user: buildUser(),
      override: (request) =>
        request.url.pathname === '/api/ledger' && request.url.searchParams.get('unit') === '999'
          ? errorResponse(400, 'unit-not-found', '单位不存在：999')
          : undefined,
    });
    renderApp('/?unit=999');
    // A code without a translation shows the server's message.
    expect(await screen.findByText('单位不存在：999', {}, WAIT)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '返回默认视图' }));
    await screen.findByTestId('ledger-title', {}, WAIT);
    expect(taskNos()).toEqual(SEED_TASKS.map((task) => task.no));
  });

  it('returns to login when a call answers 401', async () => {
    const server = installFakeServer({
      user: buildUser(),
      override: (request) =>
        request.url.pathname === '/api/ledger'
          ? errorResponse(401, 'unauthenticated', 'session expired')
          : undefined,
    });
    renderApp();
    expect(await screen.findByTestId('login-username', {}, WAIT)).toBeTruthy();
    expect(server.requestsTo('/api/ledger').length).toBeGreaterThan(0);
    expect(screen.queryByTestId('ledger-title')).toBeNull();
  });

  it('shows the header and logs out', async () => {
    const { server } = await openLedger();
    expect(screen.getByText('督办')).toBeTruthy();
    expect(screen.getByText('弋江区人民政府办公室')).toBeTruthy();
    expect(screen.getByText('督查室管理员')).toBeTruthy();
    fireEvent.click(screen.getByTestId('logout'));
    expect(await screen.findByTestId('login-submit', {}, WAIT)).toBeTruthy();
    const del = server.requestsTo('/api/session').find((r) => r.method === 'DELETE');
    expect(del?.headers.get('x-requested-with')).toBe('duban');
  });

  it('switches the whole page to English', async () => {
    await openLedger();
    fireEvent.click(screen.getByTestId('lang-switch'));
    expect(await screen.findByRole('columnheader', { name: 'Lead unit' }, WAIT)).toBeTruthy();
    expect(screen.getByTestId('task-count').textContent).toBe('4 tasks');
    expect(screen.getAllByTestId('section-row')[0]?.textContent).toBe(
      '(一) 以更实举措提升经济高质量发展质效',
    );
    expect(screen.getAllByTestId('inferred-unit')[0]?.getAttribute('aria-label')).toBe(
      'Inferred from a merged cell: taken from the row above',
    );
  });
});

describe('ledger page (phone)', SLOW, () => {
  it('shows cards instead of the table, with the same test ids, and folds the filters', async () => {
    setViewportWidth(390);
    await openLedger();
    expect(document.querySelector('table')).toBeNull();
    expect(taskNos()).toEqual(SEED_TASKS.map((task) => task.no));
    expect(screen.getAllByTestId('section-row')).toHaveLength(3);
    expect(screen.getAllByTestId('inferred-unit')).toHaveLength(2);
    expect(screen.getByTestId('search-input')).toBeTruthy();
    expect(screen.queryByTestId('section-filter')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: /筛选/ }));
    expect(screen.getByTestId('section-filter')).toBeTruthy();
    expect(screen.getByTestId('unit-filter')).toBeTruthy();
    expect(screen.getByTestId('unit-role-filter')).toBeTruthy();

    fireEvent.click(getRow('58'));
    const drawer = await screen.findByTestId('task-drawer', {}, WAIT);
    expect((await within(drawer).findByTestId('task-detail-text', {}, WAIT)).textContent).toContain(
      '把城市更新作为满足群众新期待',
    );
  });
});
