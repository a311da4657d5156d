/**
 * The summary (综述) of a report: counts by light, by section and by lead unit, and the
 * sentences that open the report.
 */
import type { LedgerTask, Section } from '../ledger/types.ts';
import type {
  BehindTask,
  LightCounts,
  ReportChart,
  ReportSummary,
  ReportSectionSummary,
  ReportTrendPoint,
  ReportUnitSummary,
} from './report-model.ts';
import { REPORT_CHART_TOP_LEADS } from './report-model.ts';
import {
  REPORT_LIGHT_FULL_LABELS,
  REPORT_LIGHT_LABELS,
  REPORT_LIGHT_ORDER,
  joinUnits,
} from './report-text.ts';

export function countLights(tasks: readonly LedgerTask[]): LightCounts {
  const counts: LightCounts = { done: 0, green: 0, yellow: 0, red: 0, grey: 0, total: 0 };
  for (const task of tasks) {
    counts[task.status.light] += 1;
    counts.total += 1;
  }
  return counts;
}

/** `（一）以更实举措提升经济高质量发展质效`: how a section heads its rows. */
export function formatSectionHeading(section: Section): string {
  return `（${section.ordinal}）${section.title}`;
}

function summarizeSections(
  sections: readonly Section[],
  tasks: readonly LedgerTask[],
): ReportSectionSummary[] {
  return sections.flatMap((section) => {
    const own = tasks.filter((t) => t.section === section.ordinal);
    return own.length === 0
      ? []
      : [{ ordinal: section.ordinal, title: section.title, counts: countLights(own) }];
  });
}

function summarizeLeads(tasks: readonly LedgerTask[]): ReportUnitSummary[] {
  const byUnit = new Map<string, LedgerTask[]>();
  for (const task of tasks) {
    for (const unit of task.lead) {
      const own = byUnit.get(unit);
      if (own === undefined) byUnit.set(unit, [task]);
      else own.push(task);
    }
  }
  const behind = (c: LightCounts): number => c.yellow + c.red;
  // Array.prototype.sort is stable, so ties keep the order units first appear in the ledger.
  return [...byUnit]
    .map(([unit, own]) => ({ unit, counts: countLights(own) }))
    .sort((a, b) => behind(b.counts) - behind(a.counts) || b.counts.total - a.counts.total);
}

function describeCounts(counts: LightCounts): string {
  return REPORT_LIGHT_ORDER.map((light) => `${REPORT_LIGHT_LABELS[light]}${counts[light]}项`).join(
    '，',
  );
}

function writeParagraphs(
  periodText: string,
  counts: LightCounts,
  behind: readonly BehindTask[],
): string[] {
  const paragraphs = [
    `${periodText}，纳入本报告的重点工作共${counts.total}项，其中${describeCounts(counts)}。`,
  ];
  if (behind.length === 0) {
    paragraphs.push('本期没有进展滞后于序时进度的任务。');
  } else {
    const leads = [...new Set(behind.flatMap((t) => t.lead))];
    paragraphs.push(
      `进展滞后于序时进度的任务${behind.length}项（明显滞后${counts.red}项，稍有滞后${counts.yellow}项），` +
        `涉及牵头单位${leads.length}个：${joinUnits(leads)}。`,
    );
  }
  if (counts.grey > 0) {
    paragraphs.push(`另有${counts.grey}项任务没有可量化的目标或进展数据，暂未评价进度。`);
  }
  return paragraphs;
}

/** One series per light (stacked in the light order), over `items`. */
function lightSeries<T>(
  items: readonly T[],
  counts: (item: T) => LightCounts,
): ReportChart['series'] {
  return REPORT_LIGHT_ORDER.map((light) => ({
    // The legend has room for the colour as well: 红灯·明显滞后.
    name: REPORT_LIGHT_FULL_LABELS[light],
    light,
    values: items.map((item) => counts(item)[light]),
  }));
}

function drawCharts(
  bySection: readonly ReportSectionSummary[],
  byLead: readonly ReportUnitSummary[],
  trend: readonly ReportTrendPoint[],
): ReportChart[] {
  const leads = byLead.slice(0, REPORT_CHART_TOP_LEADS);
  const charts: ReportChart[] = [
    {
      id: 'sections',
      kind: 'stacked-bar',
      title: '各部分任务进度',
      categories: bySection.map((s) => formatSectionHeading(s)),
      series: lightSeries(bySection, (s) => s.counts),
    },
    {
      id: 'leads',
      kind: 'stacked-bar',
      title:
        byLead.length > leads.length
          ? `牵头单位任务进度（滞后任务最多的${leads.length}个单位）`
          : '牵头单位任务进度',
      categories: leads.map((u) => u.unit),
      series: lightSeries(leads, (u) => u.counts),
    },
  ];
  if (trend.length > 1) {
    charts.push({
      id: 'trend',
      kind: 'stacked-column',
      title: '各期任务进度变化',
      categories: trend.map((point) => point.period),
      series: lightSeries(trend, (point) => point.counts),
    });
  }
  return charts;
}

/**
 * Summarises the tasks of a report. `counts` and `behind` are those of `tasks`; they are passed
 * in because the model keeps them whether or not a summary was asked for.
 */
export function summarizeTasks(input: {
  periodText: string;
  sections: readonly Section[];
  tasks: readonly LedgerTask[];
  counts: LightCounts;
  behind: readonly BehindTask[];
  /** The plan's periods up to this one, oldest first (this one last); may be empty. */
  trend: readonly ReportTrendPoint[];
}): ReportSummary {
  const bySection = summarizeSections(input.sections, input.tasks);
  const byLead = summarizeLeads(input.tasks);
  return {
    paragraphs: writeParagraphs(input.periodText, input.counts, input.behind),
    bySection,
    byLead,
    charts: drawCharts(bySection, byLead, input.trend),
  };
}
