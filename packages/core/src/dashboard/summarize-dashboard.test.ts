import { describe, expect, it } from 'vitest';
import type { Ledger, LedgerTask, Light } from '../ledger/types.ts';
import { buildTestLedger, buildTestTasks } from '../report/test-ledger.ts';
import { summarizeDashboard } from './summarize-dashboard.ts';

function countOf(tasks: readonly LedgerTask[], light: Light): number {
  return tasks.filter((t) => t.status.light === light).length;
}

function previousPeriod(ledger: Ledger, quarter: 1 | 2 | 3 | 4, light: Light): Ledger {
  return {
    ...ledger,
    period: { year: 2023, quarter, label: `2023Q${quarter}` },
    tasks: ledger.tasks.map((t) => ({ ...t, progress: '', status: { ...t.status, light } })),
  };
}

describe('summarizeDashboard', () => {
  const tasks = buildTestTasks();
  const ledger: Ledger = {
    ...buildTestLedger(tasks),
    findings: [{ kind: 'missing-progress', tasks: ['3'], message: '任务3没有填写进展' }],
  };

  it('counts the KPIs from the tasks’ lights and progress', () => {
    const { kpis, lights } = summarizeDashboard(ledger);
    expect(kpis).toEqual({
      total: tasks.length,
      done: countOf(tasks, 'done'),
      onTrack: countOf(tasks, 'green'),
      behind: countOf(tasks, 'yellow') + countOf(tasks, 'red'),
      notReported: tasks.filter((t) => t.progress.trim() === '').length,
    });
    expect(lights.total).toBe(tasks.length);
    expect(kpis.behind).toBeGreaterThan(0);
  });

  it('counts by section and by lead unit, every task once per section', () => {
    const summary = summarizeDashboard(ledger);
    const bySection = summary.bySection.reduce((sum, s) => sum + s.counts.total, 0);
    expect(bySection).toBe(tasks.length);
    for (const section of summary.bySection) {
      expect(section.counts.total).toBe(tasks.filter((t) => t.section === section.ordinal).length);
    }
    const first = summary.byLead[0];
    expect(first).toBeDefined();
    // Units with most tasks behind come first.
    const behind = (c: { yellow: number; red: number }) => c.yellow + c.red;
    for (const next of summary.byLead.slice(1)) {
      expect(behind(next.counts)).toBeLessThanOrEqual(behind(first?.counts ?? next.counts));
    }
  });

  it('lists the tasks behind, red first, and passes the findings through', () => {
    const summary = summarizeDashboard(ledger);
    const behind = tasks.filter((t) => t.status.light === 'red' || t.status.light === 'yellow');
    expect(summary.behind.map((b) => b.no).sort()).toEqual(behind.map((t) => t.no).sort());
    const lights = summary.behind.map((b) => b.light);
    expect(lights).toEqual([...lights].sort((a, b) => (a === b ? 0 : a === 'red' ? -1 : 1)));
    expect(summary.findings).toEqual(ledger.findings);
  });

  it('orders the trend by period, ending with the current one', () => {
    const q1 = previousPeriod(ledger, 1, 'red');
    const summary = summarizeDashboard(ledger, [q1]);
    expect(summary.trend.map((p) => p.period)).toEqual(['2023Q1', '2023Q2']);
    expect(summary.trend[0]?.counts.red).toBe(tasks.length);
    expect(summary.trend[0]?.notReported).toBe(tasks.length);
    expect(summary.trend[1]?.counts).toEqual(summary.lights);
  });
});
