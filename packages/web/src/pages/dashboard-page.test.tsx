import type { Dashboard } from '@duban/core';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { installFakeServer, jsonResponse } from '../test/fake-server.ts';
import { buildUser } from '../test/ledger-fixture.ts';
import { renderApp } from '../test/render-app.tsx';

// ECharts needs a canvas/SVG layout jsdom does not have: the chart is a stand-in here.
vi.mock('echarts-for-react', () => ({
  default: () => <div data-testid="echarts-mock" />,
}));

const WAIT = { timeout: 15_000 };
const SLOW = { timeout: 60_000 };

afterEach(() => {
  vi.unstubAllGlobals();
});

const PERIODS = [
  { id: 1, label: '2023Q2', year: 2023, quarter: 2 },
  { id: 2, label: '2023Q3', year: 2023, quarter: 3 },
  { id: 3, label: '2023Q4', year: 2023, quarter: 4 },
];
const NONE = { done: 0, green: 0, yellow: 0, red: 0, grey: 0, total: 0 };

/** The server's answer: without a period asked for, 2023Q3 (the latest reported one). */
function buildDashboard(label: string | null): Dashboard {
  const period = PERIODS.find((p) => p.label === (label ?? '2023Q3')) ?? PERIODS[1];
  if (period === undefined) throw new Error('no period');
  return {
    plan: { id: 1, title: '2023年重点工作' },
    period,
    periods: PERIODS,
    organization: '弋江区',
    kpis: { total: 0, done: 0, onTrack: 0, behind: 0, notReported: 0 },
    lights: NONE,
    bySection: [],
    byLead: [],
    trend: [],
    behind: [],
    findings: [],
  };
}

describe('the dashboard’s period', SLOW, () => {
  it('names the later round the default skipped and switches to it on a click', async () => {
    const server = installFakeServer({
      user: buildUser({ role: 'viewer' }),
      override: (request) =>
        request.url.pathname === '/api/dashboard'
          ? jsonResponse(buildDashboard(request.url.searchParams.get('period')))
          : undefined,
    });
    renderApp('/dashboard');
    const notice = await screen.findByTestId('dashboard-later', {}, WAIT);
    expect(notice.textContent).toContain(
      '2023年第4季度尚无已采纳或已发布的进展，这里显示的是2023年第3季度',
    );
    expect(server.requestsTo('/api/dashboard')[0]?.url.searchParams.has('period')).toBe(false);

    fireEvent.click(screen.getByTestId('dashboard-show-later'));
    await waitFor(() => {
      expect(server.requestsTo('/api/dashboard').at(-1)?.url.searchParams.get('period')).toBe(
        '2023Q4',
      );
    }, WAIT);
    // Asked for by name, the round is shown without the notice.
    await waitFor(() => {
      expect(screen.queryByTestId('dashboard-later')).toBeNull();
    }, WAIT);
    expect(screen.getByTestId('dashboard-period').textContent).toContain('2023年第4季度');
  });

  it('says nothing when the latest period is the one shown', async () => {
    installFakeServer({
      user: buildUser({ role: 'viewer' }),
      override: (request) =>
        request.url.pathname === '/api/dashboard'
          ? jsonResponse({ ...buildDashboard(null), periods: PERIODS.slice(0, 2) })
          : undefined,
    });
    renderApp('/dashboard');
    await screen.findByTestId('dashboard-period', {}, WAIT);
    expect(screen.queryByTestId('dashboard-later')).toBeNull();
  });
});
