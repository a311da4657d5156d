/**
 * The summary (综述) as titled tables of text, so the .docx and the .xlsx show the same ones.
 */
import { REPORT_LIGHT_LABELS, REPORT_LIGHT_ORDER, formatSectionHeading } from '@duban/core';
import type { LightCounts, ReportModel, ReportSummary } from '@duban/core';

export type SummaryAlign = 'center' | 'justify' | 'left';

export interface SummaryTable {
  /** Counts by light (a row per section or unit), or a list of tasks. */
  kind: 'counts' | 'tasks';
  title: string;
  headers: string[];
  rows: string[][];
  /** Percentages of the table's width. */
  widths: number[];
  aligns: SummaryAlign[];
}

const COUNT_HEADERS = ['任务数', ...REPORT_LIGHT_ORDER.map((light) => REPORT_LIGHT_LABELS[light])];

function countCells(counts: LightCounts): string[] {
  return [String(counts.total), ...REPORT_LIGHT_ORDER.map((light) => String(counts[light]))];
}

function countTable(title: string, first: string, rows: string[][]): SummaryTable {
  const rest = COUNT_HEADERS.length;
  return {
    kind: 'counts',
    title,
    headers: [first, ...COUNT_HEADERS],
    rows,
    widths: [40, ...Array.from({ length: rest }, () => 60 / rest)],
    aligns: ['left', ...Array.from({ length: rest }, (): SummaryAlign => 'center')],
  };
}

export function buildSummaryTables(model: ReportModel, summary: ReportSummary): SummaryTable[] {
  const bySection = countTable('分部分情况', '部分', [
    ...summary.bySection.map((s) => [formatSectionHeading(s), ...countCells(s.counts)]),
    ['合计', ...countCells(model.counts)],
  ]);
  const byLead = countTable(
    '牵头单位情况',
    '牵头责任单位',
    summary.byLead.map((u) => [u.unit, ...countCells(u.counts)]),
  );
  const behind: SummaryTable = {
    kind: 'tasks',
    title: '进展滞后的任务',
    headers: ['序号', '目标与任务', '牵头责任单位', '进度评价', '完成情况'],
    rows: model.behind.map((t) => [
      t.no,
      t.text,
      t.lead.join('、'),
      REPORT_LIGHT_LABELS[t.light],
      [t.gapText, ...t.figures.slice(0, -1)].join('\n'),
    ]),
    widths: [6, 40, 14, 10, 30],
    aligns: ['center', 'justify', 'center', 'center', 'justify'],
  };
  return model.behind.length === 0 ? [bySection, byLead] : [bySection, byLead, behind];
}
