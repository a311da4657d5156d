/**
 * The summary's charts as PNG images: ECharts draws each chart as SVG on the server (no canvas,
 * `ssr: true`), resvg rasterises it with a CJK font from the system. Both load on first use, so
 * reading files never pays for them; when either is missing, or no CJK font is installed, the
 * renderer gives undefined and the writers keep the tables with a note instead of the picture.
 */
import { existsSync } from 'node:fs';
import type { Light, ReportChart } from '@duban/core';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import type * as EchartsCore from 'echarts/core';
import type { ChartImage, ChartRenderer } from './report-writer-options.ts';

/** Same palette as the web dashboard: blue done, then traffic lights, grey unmeasured. */
export const CHART_LIGHT_COLORS: Record<Light, string> = {
  done: '#1677ff',
  green: '#52c41a',
  yellow: '#faad14',
  red: '#ff4d4f',
  grey: '#bfbfbf',
};

/** A CJK font file and the family name it declares. */
export interface ChartFont {
  file: string;
  family: string;
}

/** Debian's packages first (fonts-wqy-zenhei, fonts-wqy-microhei, fonts-noto-cjk). */
export const CJK_FONT_CANDIDATES: readonly ChartFont[] = [
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYi Zen Hei' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYi Micro Hei' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' },
  { file: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' },
];

export interface ChartRendererOptions {
  /** Fonts to try, in order; the installed ones are used. */
  fonts?: readonly ChartFont[];
  /** Pixels per CSS pixel of the PNG: 2 keeps text sharp in print. */
  scale?: number;
}

/** Width of a chart on the page, in pixels at 96 dpi (a landscape A4 text width is ~970). */
const WIDTH = 720;

type Echarts = typeof EchartsCore;
type Resvg = typeof ResvgClass;

interface Engines {
  echarts: Echarts;
  Resvg: Resvg;
}

let engines: Promise<Engines | undefined> | undefined;

/** ECharts with only what the charts use, and resvg's native binary; undefined if missing. */
function loadEngines(): Promise<Engines | undefined> {
  engines ??= (async () => {
    try {
      const [echarts, charts, components, renderers, resvg] = await Promise.all([
        import('echarts/core'),
        import('echarts/charts'),
        import('echarts/components'),
        import('echarts/renderers'),
        import('@resvg/resvg-js'),
      ]);
      echarts.use([
        charts.BarChart,
        charts.LineChart,
        components.GridComponent,
        components.LegendComponent,
        renderers.SVGRenderer,
      ]);
      return { echarts, Resvg: resvg.Resvg };
    } catch {
      // A platform without resvg's prebuilt binary: the report goes out without pictures.
      return undefined;
    }
  })();
  return engines;
}

/** Long section headings would squeeze the bars: the axis shows the start of each. */
function shorten(label: string, max: number): string {
  // Code points are right here: the labels are Chinese section titles, not emoji sequences.
  const chars = Array.from(label);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : label;
}

function heightOf(chart: ReportChart): number {
  if (chart.kind === 'stacked-column') return 320;
  // Horizontal bars: a band per category plus the legend and the axis.
  return Math.max(200, 90 + chart.categories.length * 30);
}

/**
 * The ECharts option of a report chart: stacked bars, horizontal per section or unit, vertical
 * per period. Every light is a segment of its own with its count written on it, so two lights
 * with equal counts stay apart (as lines they lay on top of each other and one vanished).
 */
export function buildChartOption(chart: ReportChart, fontFamily: string): Record<string, unknown> {
  const textStyle = { fontFamily, fontSize: 13, color: '#333' };
  const legend = { top: 4, textStyle, itemWidth: 14, itemHeight: 10 };
  const columns = chart.kind === 'stacked-column';
  const categoryAxis = columns
    ? { type: 'category', data: chart.categories, axisLabel: textStyle }
    : {
        type: 'category',
        // The first category (most behind, or section 一) on top, as the tables list them.
        inverse: true,
        data: chart.categories.map((c) => shorten(c, 14)),
        axisLabel: textStyle,
      };
  const valueAxis = { type: 'value', minInterval: 1, axisLabel: textStyle };
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle,
    legend,
    grid: { left: 16, right: 24, top: 40, bottom: 12, outerBoundsMode: 'same' },
    xAxis: columns ? categoryAxis : valueAxis,
    yAxis: columns ? valueAxis : categoryAxis,
    series: chart.series.map((s) => ({
      type: 'bar',
      name: s.name,
      stack: 'lights',
      barMaxWidth: columns ? 56 : 20,
      data: s.values,
      itemStyle: { color: CHART_LIGHT_COLORS[s.light], borderColor: '#ffffff', borderWidth: 1 },
      label: {
        show: true,
        ...textStyle,
        fontSize: 11,
        color: '#000',
        // Zero-width segments would print a stray 0.
        formatter: (p: { value: unknown }) => (p.value === 0 ? '' : String(p.value)),
      },
    })),
  };
}

/** The first installed fonts of `candidates`; empty when none is. */
export function findChartFonts(
  candidates: readonly ChartFont[] = CJK_FONT_CANDIDATES,
): ChartFont[] {
  return candidates.filter((font) => existsSync(font.file));
}

/**
 * A renderer for the report writers. Without a CJK font, or without ECharts/resvg, it gives
 * undefined for every chart (Chinese would print as boxes).
 *
 * @example
 * ```ts
 * const bytes = await writeReportDocx(model, { renderChart: createChartRenderer() });
 * ```
 */
export function createChartRenderer(options: ChartRendererOptions = {}): ChartRenderer {
  const fonts = findChartFonts(options.fonts);
  const scale = options.scale ?? 2;
  return async (chart: ReportChart): Promise<ChartImage | undefined> => {
    const first = fonts[0];
    if (first === undefined || chart.categories.length === 0) return undefined;
    const loaded = await loadEngines();
    if (loaded === undefined) return undefined;
    const height = heightOf(chart);
    const family = [...new Set(fonts.map((f) => f.family))].join(', ');
    const instance = loaded.echarts.init(null, null, {
      renderer: 'svg',
      ssr: true,
      width: WIDTH,
      height,
    });
    let svg: string;
    try {
      instance.setOption(buildChartOption(chart, family));
      svg = instance.renderToSVGString();
    } finally {
      instance.dispose();
    }
    const png = new loaded.Resvg(svg, {
      font: {
        fontFiles: fonts.map((f) => f.file),
        loadSystemFonts: false,
        defaultFontFamily: first.family,
        sansSerifFamily: first.family,
      },
      fitTo: { mode: 'zoom', value: scale },
      background: '#ffffff',
    })
      .render()
      .asPng();
    return { png: new Uint8Array(png), width: WIDTH, height };
  };
}
