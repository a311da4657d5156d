import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { buildReportModel } from '@duban/core';
import type { Ledger, ReportChart } from '@duban/core';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openZip, readZipEntry } from '../shared/zip.ts';
import {
  CHART_LIGHT_COLORS,
  buildChartOption,
  createChartRenderer,
  findChartFonts,
} from './charts.ts';
import { CHARTS_UNAVAILABLE_NOTE } from './report-writer-options.ts';
import { readPart, readSeedLedger, withLights } from './test-support.ts';
import { writeReportDocx } from './write-report-docx.ts';
import { writeReportXlsx } from './write-report-xlsx.ts';

const OUT = fileURLToPath(new URL('../../../../test-output/reports/', import.meta.url));
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR, or undefined when the bytes are not a PNG. */
function readPngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.slice(12, 16)) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Pixels of exactly `hex` in an 8-bit RGBA, non-interlaced PNG (what resvg writes). */
function countColour(bytes: Uint8Array, hex: string): number {
  const size = readPngSize(bytes);
  if (size === undefined) throw new Error('not a PNG');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Uint8Array[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.slice(at + 4, at + 8));
    if (type === 'IHDR' && (bytes[at + 16] !== 8 || bytes[at + 17] !== 6)) {
      throw new Error('not 8-bit RGBA');
    }
    if (type === 'IDAT') idat.push(bytes.slice(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const data = inflateSync(Buffer.concat(idat));
  const stride = size.width * 4;
  const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let previous = new Uint8Array(stride);
  let count = 0;
  for (let y = 0; y < size.height; y += 1) {
    const filter = data[y * (stride + 1)];
    const row = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = new Uint8Array(stride);
    for (let x = 0; x < stride; x += 1) {
      const a = x >= 4 ? (out[x - 4] ?? 0) : 0;
      const b = previous[x] ?? 0;
      const c = x >= 4 ? (previous[x - 4] ?? 0) : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter ?? 0] ?? 0;
      out[x] = ((row[x] ?? 0) + predictor) & 0xff;
    }
    for (let x = 0; x < stride; x += 4) {
      if (out[x] === want[0] && out[x + 1] === want[1] && out[x + 2] === want[2]) count += 1;
    }
    previous = out;
  }
  return count;
}

function readMedia(bytes: Uint8Array, folder: string): Uint8Array[] {
  const archive = openZip('test', bytes);
  if (!archive.ok) throw new Error('not a zip');
  return [...archive.value.entries.keys()]
    .filter((name) => name.startsWith(folder) && name.endsWith('.png'))
    .map((name) => {
      const data = readZipEntry(archive.value, name);
      if (!data.ok || data.value === undefined) throw new Error(name);
      return data.value;
    });
}

const seed = withLights(
  readSeedLedger(),
  (_t, i) => (['done', 'green', 'yellow', 'red', 'grey'] as const)[(i % 7) % 5] ?? 'grey',
);
const earlier: Ledger = {
  ...seed,
  period: { year: 2023, quarter: 1, label: '2023Q1' },
  tasks: seed.tasks.map((t, i) => ({
    ...t,
    status: { ...t.status, light: i % 3 === 0 ? ('red' as const) : ('green' as const) },
  })),
};
const model = buildReportModel(seed, { summary: true }, [earlier]);
const hasFont = findChartFonts().length > 0;

// Loading ECharts and resvg, then rasterising, takes seconds on a busy 2-core machine.
describe.runIf(hasFont)('createChartRenderer', { timeout: 60_000 }, () => {
  const render = createChartRenderer();

  it('draws the three summary charts as PNGs of the size it reports', async () => {
    const charts = model.summary?.charts ?? [];
    expect(charts.map((c) => c.id)).toEqual(['sections', 'leads', 'trend']);
    mkdirSync(OUT, { recursive: true });
    for (const chart of charts) {
      const image = await render(chart);
      if (image === undefined) throw new Error(`${chart.id} not drawn`);
      // Drawn at twice the size it takes on the page, for print.
      expect(readPngSize(image.png)).toEqual({ width: image.width * 2, height: image.height * 2 });
      expect(image.png.length).toBeGreaterThan(10_000);
      // Kept for a person to look at: Chinese labels, not boxes.
      writeFileSync(join(OUT, `summary-chart-${chart.id}.png`), image.png);
    }
  });

  it('draws Chinese glyphs, not one box for every character', async () => {
    const one = (label: string): ReportChart => ({
      id: 'leads',
      kind: 'stacked-bar',
      title: 't',
      categories: [label],
      series: [{ name: '已完成', light: 'done', values: [1] }],
    });
    const a = await render(one('汽汽汽'));
    const b = await render(one('车车车'));
    expect(a && Buffer.from(a.png).equals(Buffer.from(b?.png ?? []))).toBe(false);
  });

  it('keeps every light visible in the trend when two lights count the same', async () => {
    const trend = (yellow: number[]): ReportChart => ({
      id: 'trend',
      kind: 'stacked-column',
      title: 't',
      categories: ['2023Q1', '2023Q2', '2023Q3'],
      series: [
        { name: '绿灯·正常推进', light: 'green', values: [60, 58, 55] },
        { name: '黄灯·稍有滞后', light: 'yellow', values: yellow },
        { name: '红灯·明显滞后', light: 'red', values: [20, 20, 18] },
      ],
    });
    const image = await render(trend([20, 20, 18]));
    const legendOnly = await render(trend([0, 0, 0]));
    if (image === undefined || legendOnly === undefined) throw new Error('not drawn');
    writeFileSync(join(OUT, 'trend-equal-counts.png'), image.png);
    // Yellow equal to red in every period still covers about as much of the picture as red.
    const yellow = countColour(image.png, CHART_LIGHT_COLORS.yellow);
    const red = countColour(image.png, CHART_LIGHT_COLORS.red);
    expect(yellow).toBeGreaterThan(red * 0.8);
    expect(yellow).toBeGreaterThan(countColour(legendOnly.png, CHART_LIGHT_COLORS.yellow) * 20);
  });

  it('puts the charts into the .docx as word/media PNGs', async () => {
    const bytes = await writeReportDocx(model, { renderChart: render });
    const media = readMedia(bytes, 'word/media/');
    expect(media).toHaveLength(3);
    for (const png of media) {
      expect(readPngSize(png)?.width).toBe(1440);
      expect(png.length).toBeGreaterThan(10_000);
    }
    expect(readPart(bytes, 'word/document.xml')).toContain('各部分任务进度');
    writeFileSync(join(OUT, 'summary-with-charts.docx'), bytes);
  });

  it('puts the charts on the .xlsx summary sheet', async () => {
    const bytes = await writeReportXlsx(model, { renderChart: render });
    expect(readMedia(bytes, 'xl/media/')).toHaveLength(3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer); // exceljs' Buffer type
    expect(wb.getWorksheet('综述')?.getImages()).toHaveLength(3);
  });

  const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));
  it.runIf(soffice !== undefined)(
    'converts the summary with charts to PDF',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'duban-charts-'));
      try {
        writeFileSync(
          join(dir, 'summary.docx'),
          await writeReportDocx(model, { renderChart: render }),
        );
        execFileSync(
          soffice ?? 'soffice',
          [
            '--headless',
            '--norestore',
            `-env:UserInstallation=file://${dir}/profile`,
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            join(dir, 'summary.docx'),
          ],
          { stdio: 'ignore', timeout: 120_000 },
        );
        const pdf = join(dir, 'summary.pdf');
        expect(existsSync(pdf)).toBe(true);
        // The page with the first chart carries an image (pdfimages lists it) when poppler is here.
        if (existsSync('/usr/bin/pdfimages')) {
          const list = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' });
          expect(list.split('\n').filter((line) => /^\s+\d+\s+\d+\s+image/.test(line)).length).toBe(
            3,
          );
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});

describe('buildChartOption', () => {
  it('stacks the trend per period with every count written on its segment', () => {
    const trend = model.summary?.charts.find((c) => c.id === 'trend');
    if (trend === undefined) throw new Error('no trend chart');
    const option = buildChartOption(trend, 'X') as {
      xAxis: { type: string; data: string[] };
      series: { type: string; stack?: string; name: string; label: { show: boolean } }[];
    };
    expect(option.xAxis).toMatchObject({ type: 'category', data: ['2023Q1', '2023Q2'] });
    expect(option.series.map((s) => [s.type, s.stack, s.label.show])).toEqual(
      trend.series.map(() => ['bar', 'lights', true]),
    );
    expect(option.series.map((s) => s.name)).toEqual([
      '已完成',
      '绿灯·正常推进',
      '黄灯·稍有滞后',
      '红灯·明显滞后',
      '无法评价',
    ]);
  });
});

describe('createChartRenderer without a CJK font', () => {
  it('draws nothing, and the writers say so beside the tables', async () => {
    const render = createChartRenderer({ fonts: [{ file: '/nonexistent/font.ttc', family: 'X' }] });
    const chart = model.summary?.charts[0];
    expect(chart && (await render(chart))).toBeUndefined();
    const bytes = await writeReportDocx(model, { renderChart: render });
    expect(readMedia(bytes, 'word/media/')).toHaveLength(0);
    const xml = readPart(bytes, 'word/document.xml');
    expect(xml).toContain(CHARTS_UNAVAILABLE_NOTE);
    expect(xml).toContain('分部分情况');
  });
});
