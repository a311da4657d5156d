/**
 * Ledger → report model: the rows of the quarterly report in the source's layout (section rows
 * across the table, unit cells merged down), filtered by the options, with the counts the
 * summary and the notice need. Pure: the writers in `@duban/formats` only lay it out.
 */
import type { Ledger, LedgerTask, Section } from '../ledger/types.ts';
import { computeMergeSpans } from './merge-spans.ts';
import type {
  BehindTask,
  ReportCell,
  ReportColumn,
  ReportColumnKey,
  ReportModel,
  ReportOptions,
  ReportRow,
  ResolvedReportOptions,
  ReportUnitMerge,
} from './report-model.ts';
import {
  REPORT_LIGHT_LABELS,
  computeGap,
  formatFigures,
  formatGap,
  formatReportPeriod,
  isBehindLight,
  joinUnits,
} from './report-text.ts';
import { countLights, formatSectionHeading, summarizeTasks } from './summarize-tasks.ts';

const COLUMN_HEADERS: Record<ReportColumnKey, string> = {
  no: '序号',
  text: '目标与任务',
  lead: '牵头责任单位',
  co: '责任单位',
  progress: '进展情况',
  figures: '指标完成情况',
  light: '进度评价',
};

/** Relative widths, close to the source table's: the progress text is the widest column. */
const COLUMN_WEIGHTS: Record<ReportColumnKey, number> = {
  no: 4,
  text: 26,
  lead: 10,
  co: 10,
  progress: 50,
  figures: 18,
  light: 7,
};

function resolveOptions(options: ReportOptions): ResolvedReportOptions {
  return {
    ...(options.section === undefined ? {} : { section: options.section }),
    ...(options.unit === undefined ? {} : { unit: options.unit }),
    unitRole: options.unitRole ?? 'any',
    behindOnly: options.behindOnly ?? false,
    figures: options.figures ?? false,
    lights: options.lights ?? false,
    summary: options.summary ?? false,
    mergeUnits: options.mergeUnits ?? 'shared',
  };
}

function chooseColumns(options: ResolvedReportOptions): ReportColumn[] {
  const keys: ReportColumnKey[] = ['no', 'text', 'lead', 'co', 'progress'];
  if (options.figures) keys.push('figures');
  if (options.lights) keys.push('light');
  const total = keys.reduce((sum, key) => sum + COLUMN_WEIGHTS[key], 0);
  return keys.map((key) => ({
    key,
    header: COLUMN_HEADERS[key],
    width: (COLUMN_WEIGHTS[key] / total) * 100,
  }));
}

function matchesUnit(task: LedgerTask, options: ResolvedReportOptions): boolean {
  const { unit } = options;
  if (unit === undefined) return true;
  switch (options.unitRole) {
    case 'lead':
      return task.lead.includes(unit);
    case 'co':
      return task.co.includes(unit);
    case 'any':
      return task.lead.includes(unit) || task.co.includes(unit);
  }
}

function describeFilters(ledger: Ledger, options: ResolvedReportOptions): string {
  const parts: string[] = [];
  if (options.section !== undefined) {
    const section = ledger.sections.find((s) => s.ordinal === options.section);
    parts.push(section === undefined ? `（${options.section}）` : formatSectionHeading(section));
  }
  if (options.unit !== undefined) {
    const role = { lead: '牵头', co: '配合', any: '牵头或配合' }[options.unitRole];
    parts.push(`${options.unit}${role}的任务`);
  }
  if (options.behindOnly) parts.push('进展滞后的任务');
  // An ideographic space, as Chinese titles separate their parts.
  return parts.join('\u3000');
}

/** Sections in the ledger's order, then any a task names that the ledger does not list. */
function orderSections(ledger: Ledger): Section[] {
  const known = new Set(ledger.sections.map((s) => s.ordinal));
  const extra = [...new Set(ledger.tasks.map((t) => t.section))]
    .filter((ordinal) => !known.has(ordinal))
    .map((ordinal) => ({ ordinal, title: '' }));
  return [...ledger.sections, ...extra];
}

function writeCell(task: LedgerTask, key: ReportColumnKey): string {
  switch (key) {
    case 'no':
      return task.no;
    case 'text':
      return task.text;
    case 'lead':
      return joinUnits(task.lead);
    case 'co':
      return joinUnits(task.co);
    case 'progress':
      return task.progress;
    case 'figures':
      return formatFigures(task).join('\n');
    case 'light':
      return REPORT_LIGHT_LABELS[task.status.light];
  }
}

/**
 * Whether each row's cell in a unit column may join the merge of the row above: never across a
 * section row (rows here are one section's) and never for an empty cell.
 */
function decideJoins(
  tasks: readonly LedgerTask[],
  texts: readonly string[],
  field: 'lead' | 'co',
  mode: ReportUnitMerge,
  ledgerIndex: ReadonlyMap<LedgerTask, number>,
): boolean[] {
  return texts.map((text, i) => {
    if (i === 0 || text === '' || text !== texts[i - 1]) return false;
    switch (mode) {
      case 'none':
        return false;
      case 'shared':
        return true;
      case 'source': {
        const task = tasks[i];
        const previous = tasks[i - 1];
        if (task === undefined || previous === undefined) return false;
        // A merged cell of the source covers rows that follow each other in the ledger.
        const adjacent = ledgerIndex.get(task) === (ledgerIndex.get(previous) ?? -2) + 1;
        return adjacent && task.warnings.some((w) => w.code === `${field}-inherited`);
      }
    }
  });
}

function buildSectionRows(
  section: Section,
  tasks: readonly LedgerTask[],
  columns: readonly ReportColumn[],
  mode: ReportUnitMerge,
  ledgerIndex: ReadonlyMap<LedgerTask, number>,
): ReportRow[] {
  const texts = columns.map((column) => tasks.map((task) => writeCell(task, column.key)));
  const spans = columns.map((column, c) => {
    const columnTexts = texts[c] ?? [];
    if (column.key !== 'lead' && column.key !== 'co') return columnTexts.map(() => 1);
    return computeMergeSpans(decideJoins(tasks, columnTexts, column.key, mode, ledgerIndex));
  });
  const heading: ReportRow = {
    kind: 'section',
    ordinal: section.ordinal,
    text: section.title === '' ? `（${section.ordinal}）` : formatSectionHeading(section),
  };
  const taskRows = tasks.map((task, r): ReportRow => {
    const cells: ReportCell[] = columns.map((_, c) => ({
      text: texts[c]?.[r] ?? '',
      span: spans[c]?.[r] ?? 1,
    }));
    return { kind: 'task', no: task.no, section: task.section, light: task.status.light, cells };
  });
  return [heading, ...taskRows];
}

function describeBehind(task: LedgerTask): BehindTask[] {
  const { light } = task.status;
  if (!isBehindLight(light)) return [];
  return [
    {
      no: task.no,
      section: task.section,
      text: task.text,
      lead: task.lead,
      co: task.co,
      progress: task.progress,
      light,
      completion: task.status.completion,
      expected: task.status.expected,
      gap: computeGap(task),
      figures: formatFigures(task),
      gapText: formatGap(task),
    },
  ];
}

function periodKey(ledger: Ledger): number {
  return ledger.period.year * 10 + ledger.period.quarter;
}

/**
 * Builds the quarterly report of a ledger.
 *
 * - `section` and `unit` choose the tasks the whole report is about (table, counts, summary,
 *   notice); `behindOnly` then keeps only the yellow and red ones in the table.
 * - Section rows head each section that has rows; sections without rows are left out.
 * - Unit cells (牵头责任单位, 责任单位) merge down over consecutive rows of a section, per
 *   `mergeUnits`; other cells never merge.
 * - `history` (the plan's earlier periods, analysed, in any order) gives the summary its trend
 *   chart, counted over the same section and unit.
 *
 * @example
 * ```ts
 * const model = buildReportModel(ledger, { unit: '区发改委', unitRole: 'lead', lights: true });
 * model.rows[0]; // { kind: 'section', ordinal: '一', text: '（一）以更实举措提升经济高质量发展质效' }
 * ```
 */
export function buildReportModel(
  ledger: Ledger,
  options: ReportOptions = {},
  history: readonly Ledger[] = [],
): ReportModel {
  const resolved = resolveOptions(options);
  const columns = chooseColumns(resolved);
  const ledgerIndex = new Map(ledger.tasks.map((task, i) => [task, i]));
  const inScope = (task: LedgerTask): boolean =>
    (resolved.section === undefined || task.section === resolved.section) &&
    matchesUnit(task, resolved);
  const scope = ledger.tasks.filter(inScope);
  const shown = resolved.behindOnly ? scope.filter((t) => isBehindLight(t.status.light)) : scope;
  const rows = orderSections(ledger).flatMap((section) => {
    const own = shown.filter((task) => task.section === section.ordinal);
    return own.length === 0
      ? []
      : buildSectionRows(section, own, columns, resolved.mergeUnits, ledgerIndex);
  });
  const periodText = formatReportPeriod(ledger.period);
  const counts = countLights(scope);
  const behind = scope.flatMap(describeBehind);
  return {
    title: ledger.title,
    subtitle: describeFilters(ledger, resolved),
    organization: ledger.organization,
    period: ledger.period,
    periodText,
    options: resolved,
    columns,
    rows,
    taskCount: shown.length,
    counts,
    behind,
    ...(resolved.summary
      ? {
          summary: summarizeTasks({
            periodText,
            sections: ledger.sections,
            tasks: scope,
            counts,
            behind,
            trend: [...history, ledger]
              // Earlier periods only: a later one is not part of this report's story.
              .filter((item) => item === ledger || periodKey(item) < periodKey(ledger))
              .sort((a, b) => a.period.year - b.period.year || a.period.quarter - b.period.quarter)
              .map((item) => ({
                period: item.period.label,
                counts: item === ledger ? counts : countLights(item.tasks.filter(inScope)),
              })),
          }),
        }
      : {}),
  };
}
