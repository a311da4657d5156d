import { describe, expect, it } from 'vitest';
import type { Ledger, LedgerTask } from '../ledger/types.ts';
import { buildReportModel } from './build-report-model.ts';
import { REPORT_CHART_TOP_LEADS } from './report-model.ts';
import type { ReportModel, ReportRow, ReportTaskRow } from './report-model.ts';
import { buildTask, buildTestLedger, buildTestTasks } from './test-ledger.ts';

function taskRows(model: ReportModel): ReportTaskRow[] {
  return model.rows.filter((row): row is ReportTaskRow => row.kind === 'task');
}

function column(model: ReportModel, key: string): number {
  const index = model.columns.findIndex((c) => c.key === key);
  if (index < 0) throw new Error(`no column ${key}`);
  return index;
}

function spansOf(model: ReportModel, key: string): number[] {
  const c = column(model, key);
  return taskRows(model).map((row) => row.cells[c]?.span ?? -1);
}

function textsOf(model: ReportModel, key: string): string[] {
  const c = column(model, key);
  return taskRows(model).map((row) => row.cells[c]?.text ?? '');
}

const isBehind = (t: LedgerTask): boolean =>
  t.status.light === 'yellow' || t.status.light === 'red';

describe('buildReportModel', () => {
  const tasks = buildTestTasks();
  const ledger = buildTestLedger(tasks);

  it('lays the ledger out as the source table: 5 columns, a row per section, a row per task', () => {
    const model = buildReportModel(ledger);
    expect(model.title).toBe('弋江区2023年二季度重点工作进展和完成情况');
    expect(model.subtitle).toBe('');
    expect(model.columns.map((c) => c.header)).toEqual([
      '序号',
      '目标与任务',
      '牵头责任单位',
      '责任单位',
      '进展情况',
    ]);
    expect(model.columns.reduce((sum, c) => sum + c.width, 0)).toBeCloseTo(100, 6);
    const sections = model.rows.filter((r) => r.kind === 'section');
    expect(sections.map((r) => r.text)).toEqual([
      '（一）以更实举措提升经济高质量发展质效',
      '（二）以更高标准美化城市环境面貌',
      '（三）以更优服务回应人民群众需求',
      '（四）以更新姿态树立政府良好形象',
    ]);
    expect(taskRows(model).map((r) => r.no)).toEqual(tasks.map((t) => t.no));
    expect(model.taskCount).toBe(tasks.length);
    // Each section row comes right before the first task of its section.
    model.rows.forEach((row, i) => {
      if (row.kind !== 'section') return;
      const next = model.rows[i + 1];
      expect(next?.kind === 'task' && next.section).toBe(row.ordinal);
    });
    const first = taskRows(model)[0];
    expect(first?.cells.map((c) => c.text)).toEqual([
      '1',
      tasks[0]?.text,
      '区发改委',
      '智能网联及新能源汽车招商中心成员单位',
      tasks[0]?.progress,
    ]);
  });

  it('joins several units of one cell with 、', () => {
    const model = buildReportModel(ledger);
    const row14 = taskRows(model).find((r) => r.no === '14');
    expect(row14?.cells[column(model, 'co')]?.text).toBe('区发改委、区经信局、区农水局');
  });

  it('merges unit cells of consecutive tasks that share them (shared, the default)', () => {
    const model = buildReportModel(ledger);
    // 1–3 区发改委, 10–12 投资促进部, 14 区商务局 | 58 | 59 | 87 | 88 | 116
    expect(spansOf(model, 'lead')).toEqual([3, 0, 0, 3, 0, 0, 1, 1, 1, 1, 1, 1]);
    // co: the two centres merge the same way; 58 and 87 have none, which never merges.
    expect(spansOf(model, 'co')).toEqual([3, 0, 0, 3, 0, 0, 1, 1, 1, 1, 1, 1]);
    // Covered cells keep the merge's text, so a reader that ignores merges still sees it.
    expect(textsOf(model, 'lead').slice(0, 3)).toEqual(['区发改委', '区发改委', '区发改委']);
    expect(spansOf(model, 'text').every((s) => s === 1)).toBe(true);
  });

  it('merges only where the ledger rebuilt a merged cell of the source (source)', () => {
    const model = buildReportModel(ledger, { mergeUnits: 'source' });
    expect(spansOf(model, 'lead')).toEqual([1, 1, 1, 3, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect(spansOf(model, 'co')).toEqual([1, 1, 1, 3, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it('merges nothing with none', () => {
    const model = buildReportModel(ledger, { mergeUnits: 'none' });
    expect(spansOf(model, 'lead').every((s) => s === 1)).toBe(true);
    expect(spansOf(model, 'co').every((s) => s === 1)).toBe(true);
  });

  it('never merges across a section row, nor empty cells', () => {
    const model = buildReportModel(
      buildTestLedger([
        buildTask({ no: '1', lead: ['区发改委'], co: [] }),
        buildTask({ no: '2', lead: ['区发改委'], co: [] }),
        buildTask({ no: '3', section: '二', lead: ['区发改委'], co: [] }),
      ]),
    );
    expect(spansOf(model, 'lead')).toEqual([2, 0, 1]);
    expect(spansOf(model, 'co')).toEqual([1, 1, 1]);
  });

  it('keeps one section', () => {
    const model = buildReportModel(ledger, { section: '二' });
    expect(model.rows.map((r: ReportRow) => (r.kind === 'section' ? r.ordinal : r.no))).toEqual([
      '二',
      ...tasks.filter((t) => t.section === '二').map((t) => t.no),
    ]);
    expect(model.subtitle).toBe('（二）以更高标准美化城市环境面貌');
    expect(model.counts.total).toBe(tasks.filter((t) => t.section === '二').length);
  });

  it('keeps one unit, as lead, co-unit or either', () => {
    const unit = '区发改委';
    const expectNos = (role: 'lead' | 'co' | 'any', pick: (t: LedgerTask) => boolean): void => {
      const model = buildReportModel(ledger, { unit, unitRole: role });
      expect(taskRows(model).map((r) => r.no)).toEqual(tasks.filter(pick).map((t) => t.no));
    };
    expectNos('lead', (t) => t.lead.includes(unit));
    expectNos('co', (t) => t.co.includes(unit));
    expectNos('any', (t) => t.lead.includes(unit) || t.co.includes(unit));
    // Sections without a task of the unit get no row.
    const model = buildReportModel(ledger, { unit, unitRole: 'lead' });
    expect(model.rows.filter((r) => r.kind === 'section').map((r) => r.ordinal)).toEqual([
      '一',
      '三',
    ]);
    expect(model.subtitle).toBe('区发改委牵头的任务');
  });

  it('shows only the tasks behind, merging the rows that are now consecutive', () => {
    const model = buildReportModel(ledger, { behindOnly: true });
    expect(taskRows(model).map((r) => r.no)).toEqual(tasks.filter(isBehind).map((t) => t.no));
    expect(spansOf(model, 'lead')).toEqual([2, 0, 1]);
    // Tasks 2 and 3 were not a merged cell of the source, so `source` does not merge them.
    expect(
      spansOf(buildReportModel(ledger, { behindOnly: true, mergeUnits: 'source' }), 'lead'),
    ).toEqual([1, 1, 1]);
    // Counts and the behind list describe the scope, not only the rows shown.
    expect(model.counts.total).toBe(tasks.length);
  });

  it('adds the figures and light columns when asked', () => {
    const model = buildReportModel(ledger, { figures: true, lights: true });
    expect(model.columns.map((c) => c.header).slice(5)).toEqual(['指标完成情况', '进度评价']);
    expect(model.columns.reduce((sum, c) => sum + c.width, 0)).toBeCloseTo(100, 6);
    const row2 = taskRows(model).find((r) => r.no === '2');
    expect(row2?.cells[column(model, 'figures')]?.text).toBe(
      '目标：产值不少于200亿元\n完成：产值23亿元\n完成率11.5%（序时进度50%）',
    );
    expect(row2?.cells[column(model, 'light')]?.text).toBe('明显滞后');
    expect(row2?.light).toBe('red');
    const row1 = taskRows(model)[0];
    expect(row1?.cells[column(model, 'figures')]?.text).toBe('');
  });

  it('counts lights and lists the tasks behind with their gaps', () => {
    const model = buildReportModel(ledger);
    for (const light of ['done', 'green', 'yellow', 'red', 'grey'] as const) {
      expect(model.counts[light]).toBe(tasks.filter((t) => t.status.light === light).length);
    }
    expect(model.counts.total).toBe(tasks.length);
    expect(model.behind.map((b) => b.no)).toEqual(tasks.filter(isBehind).map((t) => t.no));
    const task2 = model.behind.find((b) => b.no === '2');
    expect(task2?.gap).toBe(38.5);
    expect(task2?.gapText).toBe('完成率11.5%，序时进度50%，滞后38.5个百分点');
    expect(model.summary).toBeUndefined();
  });

  it('summarises by light, by section and by lead unit when asked', () => {
    const model = buildReportModel(ledger, { summary: true });
    const summary = model.summary;
    if (summary === undefined) throw new Error('summary missing');
    const behind = tasks.filter(isBehind);
    expect(summary.paragraphs[0]).toContain(`重点工作共${tasks.length}项`);
    expect(summary.paragraphs[1]).toContain(`进展滞后于序时进度的任务${behind.length}项`);
    expect(summary.bySection.map((s) => [s.ordinal, s.counts.total])).toEqual(
      ['一', '二', '三', '四'].map((o) => [o, tasks.filter((t) => t.section === o).length]),
    );
    // 区发改委 leads two tasks behind, 区民政局 one; then the rest by size, in ledger order.
    expect(summary.byLead.slice(0, 3).map((u) => [u.unit, u.counts.yellow + u.counts.red])).toEqual(
      [
        ['区发改委', 2],
        ['区民政局', 1],
        ['投资促进部', 0],
      ],
    );
    const leadUnits = new Set(tasks.flatMap((t) => t.lead));
    expect(summary.byLead).toHaveLength(leadUnits.size);
    const sections = summary.charts.find((c) => c.id === 'sections');
    const stacked = sections?.series.flatMap((s) => s.values).reduce((a, b) => a + b, 0);
    expect(stacked).toBe(tasks.length);
    const leads = summary.charts.find((c) => c.id === 'leads');
    expect(leads?.categories.slice(0, 2)).toEqual(['区发改委', '区民政局']);
    expect(leads?.categories).toHaveLength(Math.min(leadUnits.size, REPORT_CHART_TOP_LEADS));
    // One period: no trend to draw.
    expect(summary.charts.map((c) => c.id)).toEqual(['sections', 'leads']);
  });

  it('draws the trend over earlier periods, counted over the same scope', () => {
    const earlier = (quarter: 1 | 3): Ledger => ({
      ...ledger,
      period: { year: 2023, quarter, label: `2023Q${quarter}` },
      tasks: ledger.tasks.map((t) => ({ ...t, status: { ...t.status, light: 'grey' as const } })),
    });
    const model = buildReportModel(ledger, { summary: true, section: '一' }, [
      earlier(3),
      earlier(1),
    ]);
    const trend = model.summary?.charts.find((c) => c.id === 'trend');
    expect(trend?.categories).toEqual(['2023Q1', '2023Q2']);
    const own = ledger.tasks.filter((t) => t.section === '一').length;
    expect(trend?.series.find((s) => s.light === 'grey')?.values[0]).toBe(own);
    expect(trend?.series.flatMap((s) => s.values.slice(1)).reduce((a, b) => a + b, 0)).toBe(own);
  });

  it('returns an empty table for a section the ledger does not have', () => {
    const model = buildReportModel(ledger, { section: '九' });
    expect(model.rows).toEqual([]);
    expect(model.taskCount).toBe(0);
  });
});
