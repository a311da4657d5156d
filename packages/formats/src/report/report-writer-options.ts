/**
 * What the report writers take besides the model: fonts, and the seam for charts drawn as
 * images (the model carries each chart's numbers; a renderer turns them into a PNG).
 */
import type { Light, ReportChart } from '@duban/core';
import { DEFAULT_REPORT_FONTS } from './report-fonts.ts';
import type { ReportFonts } from './report-fonts.ts';

export interface ChartImage {
  png: Uint8Array;
  /** Size on the page, in pixels at 96 dpi. */
  width: number;
  height: number;
}

/** Draws a chart; undefined leaves it out. */
export type ChartRenderer = (chart: ReportChart) => Promise<ChartImage | undefined>;

export interface ReportWriterOptions {
  /** Faces to name instead of the defaults (e.g. one the server's PDF converter has). */
  fonts?: Partial<ReportFonts>;
  /** Without one, charts are left out and only their tables are written. */
  renderChart?: ChartRenderer;
}

/** Written where charts were asked for but could not be drawn; the tables above hold the numbers. */
export const CHARTS_UNAVAILABLE_NOTE =
  '注：本机无法生成统计图（缺少中文字体或绘图组件），各项数字见上表。';

export function resolveFonts(options: ReportWriterOptions): ReportFonts {
  return { ...DEFAULT_REPORT_FONTS, ...options.fonts };
}

/** Cell fills by light, as RRGGBB: the palette spreadsheets use for good, neutral and bad. */
export const LIGHT_FILLS: Record<Light, string> = {
  done: 'BDD7EE',
  green: 'C6EFCE',
  yellow: 'FFEB9C',
  red: 'FFC7CE',
  grey: 'E7E6E6',
};
