import type { FindingsView, Light, PlanLightRules, TaskFigures } from '@duban/core';
import { DEFAULT_LIGHT_RULES, HALF_BEHIND_LIGHT_RULES } from '@duban/core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { installFakeServer, jsonResponse } from '../test/fake-server.ts';
import { SEED_PLAN, SEED_TASKS, buildLedgerView, buildUser } from '../test/ledger-fixture.ts';
import { renderApp } from '../test/render-app.tsx';

// ECharts needs a canvas/SVG layout jsdom does not have: the chart is a stand-in here.
vi.mock('echarts-for-react', () => ({
  default: ({ option }: { option: { xAxis: { data: string[] } } }) => (
    <div data-testid="echarts-mock">{option.xAxis.data.join(',')}</div>
  ),
}));

const WAIT = { timeout: 15_000 };
const SLOW = { timeout: 60_000 };

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Lights for the fixture's four tasks, as the server would compute them. */
const LIGHT_OF: Record<string, Light> = { '2': 'red', '11': 'green', '58': 'red', '117': 'grey' };

function ledgerWithLights(params: URLSearchParams) {
  const view = buildLedgerView(params);
  const tasks = view.tasks.map((task) => ({
    ...task,
    status: {
      light: LIGHT_OF[task.no] ?? 'grey',
      completion: null,
      expected: 0.5,
      basis: 'figures' as const,
    },
  }));
  const counts: Record<Light, number> = { done: 0, green: 0, yellow: 0, red: 0, grey: 0 };
  for (const task of tasks) counts[task.status.light] += 1;
  const light = params.get('light');
  return {
    ...view,
    tasks: light === null ? tasks : tasks.filter((task) => task.status.light === light),
    lights: counts,
  };
}

describe('the ledger’s light filter', SLOW, () => {
  it('counts tasks per light above the table and filters by a light through the URL', async () => {
    const server = installFakeServer({
      user: buildUser(),
      override: (request) =>
        request.url.pathname === '/api/ledger'
          ? jsonResponse(ledgerWithLights(request.url.searchParams))
          : undefined,
    });
    renderApp('/');
    await screen.findByTestId('ledger-title', {}, WAIT);
    const red = await screen.findByTestId('light-filter-red', {}, WAIT);
    expect(red.textContent).toContain('红灯·明显滞后 2');
    expect(screen.getByTestId('light-filter-green').textContent).toContain('绿灯·正常推进 1');
    // In the table the tag's colour says which light; its text says what it means.
    expect(
      screen.getAllByTestId('light-badge').find((b) => b.getAttribute('data-light') === 'red')
        ?.textContent,
    ).toBe('明显滞后');
    const badges = () =>
      screen.getAllByTestId('light-badge').map((badge) => badge.getAttribute('data-light'));
    expect(badges()).toEqual(SEED_TASKS.map((task) => LIGHT_OF[task.no]));

    fireEvent.click(red);
    await waitFor(() => {
      expect(badges()).toEqual(['red', 'red']);
    }, WAIT);
    const last = server.requestsTo('/api/ledger').at(-1);
    expect(last?.url.searchParams.get('light')).toBe('red');
    expect(
      screen.getAllByTestId('task-row').map((row) => row.getAttribute('data-task-no')),
    ).toEqual(['2', '58']);
  });

  it('reads the light from the page URL', async () => {
    const server = installFakeServer({
      user: buildUser(),
      override: (request) =>
        request.url.pathname === '/api/ledger'
          ? jsonResponse(ledgerWithLights(request.url.searchParams))
          : undefined,
    });
    renderApp('/?light=grey');
    await screen.findByTestId('ledger-title', {}, WAIT);
    await waitFor(() => {
      expect(screen.getAllByTestId('task-row').map((r) => r.getAttribute('data-task-no'))).toEqual([
        '117',
      ]);
    }, WAIT);
    expect(server.requestsTo('/api/ledger')[0]?.url.searchParams.get('light')).toBe('grey');
  });
});

const FINDINGS: FindingsView = {
  plan: SEED_PLAN,
  period: { id: 2, label: '2023Q2', year: 2023, quarter: 2 },
  findings: [
    {
      kind: 'duplicate-progress',
      tasks: [
        { id: 2, no: '2' },
        { id: 11, no: '11' },
      ],
      message: '两项任务的进展情况完全相同',
      dismissal: null,
    },
    {
      kind: 'missing-progress',
      tasks: [{ id: 58, no: '58' }],
      message: '第58项没有填写进展情况',
      dismissal: { reason: '已电话核实', author: '督查室管理员', at: '2023-07-01T00:00:00.000Z' },
    },
  ],
  escalations: [
    {
      task: { id: 117, no: '117', text: '审计整改' },
      light: 'red',
      escalation: { action: 'interview', label: '列入约谈名单', periods: 3 },
    },
  ],
};

const RULES: PlanLightRules = {
  rules: DEFAULT_LIGHT_RULES,
  stored: false,
  presets: [DEFAULT_LIGHT_RULES, HALF_BEHIND_LIGHT_RULES],
};

describe('the findings page', SLOW, () => {
  function serve(role: 'admin' | 'leader') {
    return installFakeServer({
      user: buildUser({ role }),
      override: (request) => {
        if (request.url.pathname === '/api/findings') return jsonResponse(FINDINGS);
        if (request.url.pathname === '/api/findings/dismissals') {
          return new Response(null, { status: 204 });
        }
        if (request.url.pathname === '/api/plans/1/light-rules') return jsonResponse(RULES);
        return undefined;
      },
    });
  }

  it('lists open findings with links to their tasks, hides dismissed ones until asked', async () => {
    serve('leader');
    renderApp('/findings');
    await screen.findByTestId('findings-title', {}, WAIT);
    expect(screen.getByTestId('nav-findings')).toBeTruthy();
    const shown = () => screen.getAllByTestId('finding').map((f) => f.getAttribute('data-kind'));
    expect(shown()).toEqual(['duplicate-progress']);
    const links = screen.getAllByTestId('finding-task').map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/tasks/2?period=2023Q2', '/tasks/11?period=2023Q2']);
    // A leader reads; only the office dismisses or sets rules.
    expect(screen.queryByTestId('finding-dismiss')).toBeNull();
    expect(screen.queryByTestId('light-rules')).toBeNull();
    const escalations = within(screen.getByTestId('escalations'));
    expect(escalations.getByText('列入约谈名单')).toBeTruthy();

    fireEvent.click(screen.getByTestId('show-dismissed'));
    await waitFor(() => {
      expect(shown()).toEqual(['duplicate-progress', 'missing-progress']);
    }, WAIT);
    expect(screen.getByTestId('finding-dismissal').textContent).toContain('已电话核实');
  });

  it('lets the office dismiss a finding with a reason', async () => {
    const server = serve('admin');
    renderApp('/findings');
    await screen.findByTestId('findings-title', {}, WAIT);
    fireEvent.click(screen.getByTestId('finding-dismiss'));
    const reason = await screen.findByTestId('dismiss-reason', {}, WAIT);
    const ok = screen.getByTestId('dismiss-ok');
    expect(ok.hasAttribute('disabled')).toBe(true);
    fireEvent.change(reason, { target: { value: '同一项目分属两项任务' } });
    fireEvent.click(ok);
    await waitFor(() => {
      expect(server.requestsTo('/api/findings/dismissals')).toHaveLength(1);
    }, WAIT);
    expect(server.requestsTo('/api/findings/dismissals')[0]?.body).toEqual({
      period: '2023Q2',
      kind: 'duplicate-progress',
      tasks: ['2', '11'],
      reason: '同一项目分属两项任务',
    });
    expect(await screen.findByTestId('light-rules', {}, WAIT)).toBeTruthy();
  });

  it('lets the office edit the escalation ladder with the light rules', async () => {
    const server = serve('admin');
    renderApp('/findings');
    const card = await screen.findByTestId('light-rules', {}, WAIT);
    // Rules stored without a ladder show the default one: 2 periods → 提醒, 3 → 约谈.
    const steps = within(card).getAllByTestId('ladder-step');
    expect(steps).toHaveLength(2);
    const first = within(steps[0] as HTMLElement).getByRole('spinbutton');
    expect((first as HTMLInputElement).value).toBe('2');
    fireEvent.change(first, { target: { value: '1' } });
    fireEvent.click(within(card).getByRole('button', { name: '保存' }));
    await waitFor(() => {
      expect(
        server.requestsTo('/api/plans/1/light-rules').filter((r) => r.method === 'PUT'),
      ).toHaveLength(1);
    }, WAIT);
    const put = server.requestsTo('/api/plans/1/light-rules').find((r) => r.method === 'PUT');
    expect(put?.body).toMatchObject({
      rules: {
        escalation: {
          lights: ['yellow', 'red'],
          steps: [
            { action: 'reminder', label: '提醒督促', periods: 1 },
            { action: 'interview', label: '列入约谈名单', periods: 3 },
          ],
        },
      },
    });
  });
});

const FIGURES: TaskFigures = {
  period: { id: 2, label: '2023Q2', year: 2023, quarter: 2 },
  status: { light: 'red', completion: 0.115, expected: 0.5, basis: 'figures' },
  targets: [
    {
      id: null,
      kind: 'target',
      metric: '产值',
      value: 20_000_000_000,
      unit: '元',
      bound: 'min',
      source: '2023年产值双双突破200亿元',
      origin: 'extracted',
    },
  ],
  actuals: [],
  forecasts: [],
  quarters: [
    { period: '2023Q1', light: 'yellow', completion: 0.1, expected: 0.25 },
    { period: '2023Q2', light: 'red', completion: 0.115, expected: 0.5 },
  ],
  assessments: [],
  targetChanges: [],
  escalation: { action: 'reminder', label: '提醒督促', periods: 2 },
  findings: [],
  canEdit: true,
  targetProgress: [
    {
      metric: '产值',
      target: 20_000_000_000,
      unit: '元',
      bound: 'min',
      actual: 2_300_000_000,
      completion: 0.115,
      expected: 0.5,
      light: 'red',
    },
  ],
  milestones: null,
  milestoneChanges: [],
  canSetMilestones: false,
  deletableFigureIds: [],
};

describe('figures in the task drawer', SLOW, () => {
  it('shows the light, the bar against expected progress and the chart; confirms a figure', async () => {
    const server = installFakeServer({
      user: buildUser(),
      override: (request) =>
        request.url.pathname === '/api/tasks/2/figures' ? jsonResponse(FIGURES) : undefined,
    });
    renderApp('/tasks/2');
    const drawer = await screen.findByTestId('task-drawer', {}, WAIT);
    await within(drawer).findByTestId('task-detail-text', {}, WAIT);
    const panel = await within(drawer).findByTestId('task-figures', {}, WAIT);
    expect(within(panel).getAllByTestId('light-badge')[0]?.getAttribute('data-light')).toBe('red');
    // One bar per target, against expected progress.
    const bar = within(panel).getByTestId('target-bar');
    expect(bar.getAttribute('data-metric')).toBe('产值');
    expect(within(bar).getByTestId('figures-bar').textContent).toContain('完成 12% · 序时进度 50%');
    expect(within(panel).getByTestId('milestones-value').textContent).toBe('按时间序时进度');
    expect(within(panel).queryByTestId('milestones-edit')).toBeNull();
    expect(within(panel).getByTestId('task-escalation').textContent).toContain('提醒督促');
    expect((await screen.findByTestId('echarts-mock', {}, WAIT)).textContent).toBe(
      '2023年第1季度,2023年第2季度',
    );
    fireEvent.click(within(panel).getByTestId('figure-confirm'));
    await waitFor(() => {
      expect(
        server.requestsTo('/api/tasks/2/figures').filter((r) => r.method === 'POST'),
      ).toHaveLength(1);
    }, WAIT);
    const post = server.requestsTo('/api/tasks/2/figures').find((r) => r.method === 'POST');
    expect(post?.body).toMatchObject({ kind: 'target', metric: '产值', origin: 'confirmed' });
  });
});
