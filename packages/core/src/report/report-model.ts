/**
 * The quarterly report (季度报告) as data: what the .docx and .xlsx writers lay out, so every
 * writer shows the same rows, merges, counts and wording. Built by `buildReportModel`.
 */
import type { Light, PeriodRef } from '../ledger/types.ts';

export type ReportColumnKey = 'no' | 'text' | 'lead' | 'co' | 'progress' | 'figures' | 'light';

/** How unit cells are merged vertically. */
export type ReportUnitMerge =
  /** Consecutive task rows of one section with the same units share one cell. */
  | 'shared'
  /** Only where the ledger rebuilt a merged cell of the source (`lead-inherited`, `co-inherited`). */
  | 'source'
  | 'none';

export type ReportUnitRole = 'lead' | 'co' | 'any';

export interface ReportOptions {
  /** Only this section, by its ordinal (`一`). */
  section?: string;
  /** Only the tasks this unit leads or serves (exact unit name, as in the ledger). */
  unit?: string;
  /** The part `unit` must play; `any` (the default) accepts lead or co-unit. */
  unitRole?: ReportUnitRole;
  /** Only the tasks behind expected progress (yellow or red light). */
  behindOnly?: boolean;
  /** Add a column with targets, actuals and completion. */
  figures?: boolean;
  /** Add a column with each task's light. */
  lights?: boolean;
  /** Put the summary (综述) before the table. */
  summary?: boolean;
  /** Default `shared`. */
  mergeUnits?: ReportUnitMerge;
}

export type ResolvedReportOptions = Required<Omit<ReportOptions, 'section' | 'unit'>> &
  Pick<ReportOptions, 'section' | 'unit'>;

export interface ReportColumn {
  key: ReportColumnKey;
  header: string;
  /** Share of the table's width, in percent; the widths of a model's columns add up to 100. */
  width: number;
}

export interface ReportCell {
  text: string;
  /**
   * Rows the cell covers downwards: 1 for a plain cell, n > 1 where a vertical merge starts,
   * 0 where the cell is covered by the merge above (its text is the merge's text).
   */
  span: number;
}

export interface ReportSectionRow {
  kind: 'section';
  ordinal: string;
  /** As the report prints it across the table: `（一）以更实举措提升经济高质量发展质效`. */
  text: string;
}

export interface ReportTaskRow {
  kind: 'task';
  no: string;
  section: string;
  light: Light;
  /** One cell per column of the model, in the columns' order. */
  cells: ReportCell[];
}

export type ReportRow = ReportSectionRow | ReportTaskRow;

export interface LightCounts {
  done: number;
  green: number;
  yellow: number;
  red: number;
  grey: number;
  total: number;
}

/** A task behind expected progress: what the summary and the notice (通报) list. */
export interface BehindTask {
  no: string;
  section: string;
  text: string;
  lead: string[];
  co: string[];
  progress: string;
  light: 'yellow' | 'red';
  completion: number | null;
  expected: number;
  /** Percentage points behind expected progress (expected − completion), null when unmeasured. */
  gap: number | null;
  /** Targets, actuals and completion as one line each (`目标：…`, `完成：…`). */
  figures: string[];
  /** One sentence for people: `完成率30%，序时进度50%，滞后20个百分点`. */
  gapText: string;
}

export interface ReportSectionSummary {
  ordinal: string;
  title: string;
  counts: LightCounts;
}

export interface ReportUnitSummary {
  unit: string;
  counts: LightCounts;
}

/**
 * Data for a chart. Writers draw it only when given a renderer (formats' `renderReportChart`);
 * the model carries the numbers so the picture and the tables cannot disagree.
 *
 * - `sections`: lights by section, stacked bars;
 * - `leads`: lights by lead unit, the units with most tasks behind first (top
 *   {@link REPORT_CHART_TOP_LEADS}), stacked bars;
 * - `trend`: lights across the plan's periods up to this one, only when there is more than one;
 *   a stacked column per period (lines hid each other wherever two lights had equal counts).
 */
export interface ReportChart {
  id: 'sections' | 'leads' | 'trend';
  /** `stacked-bar`: a horizontal bar per category; `stacked-column`: a vertical one. */
  kind: 'stacked-bar' | 'stacked-column';
  title: string;
  categories: string[];
  /** One series per light, in `REPORT_LIGHT_ORDER`. */
  series: { name: string; light: Light; values: number[] }[];
}

/** How many lead units the `leads` chart shows. */
export const REPORT_CHART_TOP_LEADS = 10;

/** A period's counts, for the trend chart. */
export interface ReportTrendPoint {
  /** `2023Q2` */
  period: string;
  counts: LightCounts;
}

export interface ReportSummary {
  /** The sentences of the summary, in order. */
  paragraphs: string[];
  bySection: ReportSectionSummary[];
  /** Lead units with most tasks behind first, then most tasks, then by name. */
  byLead: ReportUnitSummary[];
  charts: ReportChart[];
}

export interface ReportModel {
  title: string;
  /** What the filters chose, e.g. `区发改委牵头的任务`; empty when nothing was filtered. */
  subtitle: string;
  organization: string;
  period: PeriodRef;
  /** `2023年二季度` */
  periodText: string;
  options: ResolvedReportOptions;
  columns: ReportColumn[];
  rows: ReportRow[];
  taskCount: number;
  /** Lights of every task the section and unit filters kept (`behindOnly` does not apply). */
  counts: LightCounts;
  /** Tasks behind expected progress among those, in ledger order (`behindOnly` does not apply). */
  behind: BehindTask[];
  /** Present when `options.summary` is set. */
  summary?: ReportSummary;
}
