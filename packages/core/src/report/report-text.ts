/**
 * The wording of the report: lights, figures, periods and gaps as the office writes them, kept
 * in one place so the .docx, the .xlsx and the notice say the same thing.
 */
import type { Bound, LedgerTask, Light, PeriodRef } from '../ledger/types.ts';

/**
 * The one vocabulary of the lights, short form: what the light means, read without a legend.
 * Used wherever the colour is shown beside it (a coloured tag, a chart's series) or where a
 * sentence needs the meaning (明显滞后的任务3项). The web's locale (`light.*`) repeats these
 * words and a web test holds it to them.
 */
export const REPORT_LIGHT_LABELS: Record<Light, string> = {
  done: '已完成',
  green: '正常推进',
  yellow: '稍有滞后',
  red: '明显滞后',
  grey: '无法评价',
};

/**
 * The long form, colour and meaning (红灯·明显滞后), where there is room: legends, headings,
 * the filter and KPI titles; it ties the office's 红黄绿灯 to what each colour says.
 */
export const REPORT_LIGHT_FULL_LABELS: Record<Light, string> = {
  done: '已完成',
  green: '绿灯·正常推进',
  yellow: '黄灯·稍有滞后',
  red: '红灯·明显滞后',
  grey: '无法评价',
};

/** The order lights are counted and listed in: finished first, unmeasured last. */
export const REPORT_LIGHT_ORDER: readonly Light[] = ['done', 'green', 'yellow', 'red', 'grey'];

export function isBehindLight(light: Light): light is 'yellow' | 'red' {
  return light === 'yellow' || light === 'red';
}

const QUARTER_NAMES = { 1: '一', 2: '二', 3: '三', 4: '四' } as const;

/** `2023年二季度` */
export function formatReportPeriod(period: PeriodRef): string {
  return `${period.year}年${QUARTER_NAMES[period.quarter]}季度`;
}

/** Rounds away binary noise (0.1 + 0.2) without inventing precision: at most `digits` decimals. */
function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function hasAtMostDecimals(value: number, digits: number): boolean {
  return Math.abs(value - roundTo(value, digits)) < 1e-9;
}

/**
 * Writes a figure as the office would: `140.55亿`, `1.8万`, `14093`, `4.5`. 万 and 亿 are used
 * only where they need no more than two decimals, so no digit is lost.
 *
 * @example
 * ```ts
 * formatReportNumber(18000); // '1.8万'
 * formatReportNumber(14093); // '14093'
 * formatReportNumber(14055000000); // '140.55亿'
 * ```
 */
export function formatReportNumber(value: number): string {
  const size = Math.abs(value);
  if (size >= 1e8 && hasAtMostDecimals(value / 1e8, 2)) return `${roundTo(value / 1e8, 2)}亿`;
  if (size >= 1e4 && hasAtMostDecimals(value / 1e4, 2)) return `${roundTo(value / 1e4, 2)}万`;
  return String(roundTo(value, 4));
}

/** `0.7825` → `78.3%`; `0.5` → `50%`. */
export function formatReportPercent(ratio: number): string {
  return `${roundTo(ratio * 100, 1)}%`;
}

const BOUND_WORDS: Record<Bound, string> = { min: '不少于', max: '不超过', exact: '' };

/**
 * The figures of a task, one line each: its targets, its actuals, then completion against
 * expected progress. Empty when the task has neither targets nor actuals.
 */
export function formatFigures(task: LedgerTask): string[] {
  const lines = [
    ...task.targets.map(
      (t) => `目标：${t.metric}${BOUND_WORDS[t.bound]}${formatReportNumber(t.value)}${t.unit}`,
    ),
    ...task.actuals.map((a) => `完成：${a.metric}${formatReportNumber(a.value)}${a.unit}`),
  ];
  if (lines.length === 0) return [];
  const { completion, expected } = task.status;
  lines.push(
    completion === null
      ? `完成率无法计算（序时进度${formatReportPercent(expected)}）`
      : `完成率${formatReportPercent(completion)}（序时进度${formatReportPercent(expected)}）`,
  );
  return lines;
}

/** Percentage points behind expected progress, or null when nothing was measured. */
export function computeGap(task: LedgerTask): number | null {
  const { completion, expected } = task.status;
  return completion === null ? null : roundTo((expected - completion) * 100, 1);
}

/** `完成率30%，序时进度50%，滞后20个百分点`, or the light's label alone when unmeasured. */
export function formatGap(task: LedgerTask): string {
  const { completion, expected, light } = task.status;
  const gap = computeGap(task);
  if (completion === null || gap === null) {
    return `${REPORT_LIGHT_LABELS[light]}（序时进度${formatReportPercent(expected)}，完成率无法计算）`;
  }
  const behind = gap > 0 ? `，滞后${gap}个百分点` : '';
  return `完成率${formatReportPercent(completion)}，序时进度${formatReportPercent(expected)}${behind}`;
}

/** Unit names in one cell, separated as Chinese enumerations are: `白马街道、火龙街道`. */
export function joinUnits(units: readonly string[]): string {
  return units.join('、');
}
