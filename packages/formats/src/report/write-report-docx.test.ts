import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReportModel } from '@duban/core';
import type { Ledger, LedgerTask } from '@duban/core';
import mammoth from 'mammoth';
import { beforeAll, describe, expect, it } from 'vitest';
import { childElements, collectText, findChild } from '../shared/xml.ts';
import type { XmlElement } from '../shared/xml.ts';
import {
  findAll,
  getChild,
  readCellText,
  readPart,
  readSeedLedger,
  readXml,
} from './test-support.ts';
import { CHARTS_UNAVAILABLE_NOTE } from './report-writer-options.ts';
import { writeReportDocx } from './write-report-docx.ts';

type MergeState = 'restart' | 'continue' | 'none';

/**
 * What the lead (or co) column's vMerge should be, worked out from the ledger alone: runs of
 * consecutive tasks of one section with the same non-empty units.
 */
function expectMerges(ledger: Ledger, units: (t: LedgerTask) => string[]): MergeState[] {
  const states: MergeState[] = [];
  for (const section of ledger.sections) {
    const tasks = ledger.tasks.filter((t) => t.section === section.ordinal);
    tasks.forEach((task, i) => {
      const key = units(task).join('、');
      const same = (j: number): boolean => {
        const other = tasks[j];
        return other !== undefined && key !== '' && units(other).join('、') === key;
      };
      if (same(i - 1)) states.push('continue');
      else states.push(same(i + 1) ? 'restart' : 'none');
    });
  }
  return states;
}

function readMerge(cell: XmlElement): MergeState {
  const vMerge = findChild(getChild(cell, 'tcPr'), 'vMerge');
  if (vMerge === undefined) return 'none';
  return vMerge.attrs.val === 'restart' ? 'restart' : 'continue';
}

function findTable(body: XmlElement): XmlElement {
  return getChild(body, 'tbl');
}

describe('writeReportDocx on the seed', () => {
  const ledger = readSeedLedger();
  let bytes: Uint8Array;
  let body: XmlElement;
  let rows: XmlElement[];

  beforeAll(async () => {
    bytes = await writeReportDocx(buildReportModel(ledger));
    body = getChild(readXml(bytes, 'word/document.xml'), 'body');
    rows = childElements(findTable(body), 'tr');
  });

  it('reads the seed as 126 tasks in 4 sections', () => {
    expect(ledger.tasks).toHaveLength(126);
    expect(ledger.sections).toHaveLength(4);
  });

  it('opens with the title, in the title face', () => {
    const first = childElements(body, 'p')[0];
    if (first === undefined) throw new Error('no paragraph');
    expect(collectText(first)).toBe('弋江区2023年二季度重点工作进展和完成情况');
    const fonts = findAll(first, 'rFonts')[0];
    expect(fonts?.attrs.eastAsia).toBe('方正小标宋简体');
  });

  it('has the 5 headers in a row marked to repeat on every page', () => {
    const header = rows[0];
    if (header === undefined) throw new Error('no rows');
    expect(childElements(header, 'tc').map(readCellText)).toEqual([
      '序号',
      '目标与任务',
      '牵头责任单位',
      '责任单位',
      '进展情况',
    ]);
    expect(findChild(getChild(header, 'trPr'), 'tblHeader')).toBeDefined();
    // Only the first row repeats.
    expect(rows.slice(1).filter((r) => findAll(r, 'tblHeader').length > 0)).toHaveLength(0);
  });

  it('has a full-width row for each of the 4 sections', () => {
    const sectionRows = rows.filter((r) => childElements(r, 'tc').length === 1);
    expect(sectionRows.map((r) => readCellText(childElements(r, 'tc')[0] ?? r))).toEqual(
      ledger.sections.map((s) => `（${s.ordinal}）${s.title}`),
    );
    for (const row of sectionRows) {
      const span = findAll(row, 'gridSpan')[0];
      expect(span?.attrs.val).toBe('5');
    }
  });

  it('has a row per task, in order, with every cell of the ledger', () => {
    const taskRows = rows.filter((r) => childElements(r, 'tc').length === 5).slice(1);
    expect(taskRows).toHaveLength(126);
    const lines = taskRows.map((r) => childElements(r, 'tc').map(readCellText));
    expect(lines.map((cells) => cells[0])).toEqual(ledger.tasks.map((t) => t.no));
    expect(lines.map((cells) => cells[1])).toEqual(ledger.tasks.map((t) => t.text));
    expect(lines.map((cells) => cells[4])).toEqual(ledger.tasks.map((t) => t.progress));
  });

  it('merges unit cells down where consecutive tasks share them', () => {
    const taskRows = rows.filter((r) => childElements(r, 'tc').length === 5).slice(1);
    const lead = taskRows.map((r) => readMerge(childElements(r, 'tc')[2] ?? r));
    const co = taskRows.map((r) => readMerge(childElements(r, 'tc')[3] ?? r));
    const expectedLead = expectMerges(ledger, (t) => t.lead);
    expect(lead).toEqual(expectedLead);
    expect(co).toEqual(expectMerges(ledger, (t) => t.co));
    // The seed has such runs (区发改委 leads tasks 1–9): the check is not vacuous.
    expect(expectedLead.filter((s) => s === 'restart').length).toBeGreaterThan(10);
    // A restarted cell shows the units; the cells it covers are empty.
    taskRows.forEach((row, i) => {
      const cell = childElements(row, 'tc')[2] ?? row;
      const task = ledger.tasks[i];
      expect(readCellText(cell)).toBe(lead[i] === 'continue' ? '' : task?.lead.join('、'));
    });
  });

  it('is A4 landscape with page numbers in the footer', () => {
    const sectPr = getChild(body, 'sectPr');
    const size = getChild(sectPr, 'pgSz');
    expect(size.attrs).toMatchObject({ w: '16838', h: '11906', orient: 'landscape' });
    const footer = readPart(bytes, 'word/footer1.xml');
    expect(footer).toMatch(/PAGE/u);
  });

  it('names the East Asian faces explicitly, with fallbacks, in Simplified Chinese', () => {
    // Every run of the table states its faces (covered merge cells have no run).
    const runs = findAll(findTable(body), 'r').map((r) => getChild(r, 'rPr'));
    expect(runs.length).toBeGreaterThan(126 * 3);
    const faces = new Set(runs.map((r) => findChild(r, 'rFonts')?.attrs.eastAsia));
    expect(faces).toEqual(new Set(['仿宋_GB2312', '黑体']));
    expect(runs.every((r) => findChild(r, 'lang')?.attrs.eastAsia === 'zh-CN')).toBe(true);
    const styles = readXml(bytes, 'word/styles.xml');
    const defaults = findAll(styles, 'docDefaults')[0];
    expect(defaults && findAll(defaults, 'rFonts')[0]?.attrs.eastAsia).toBe('仿宋_GB2312');
    const fontTable = readXml(bytes, 'word/fontTable.xml');
    const fangsong = findAll(fontTable, 'font').find((f) => f.attrs.name === '仿宋_GB2312');
    expect(fangsong && findChild(fangsong, 'altName')?.attrs.val).toBe('仿宋');
    expect(fangsong && findChild(fangsong, 'charset')?.attrs.val).toBe('86');
  });

  it('reads back with mammoth: title, rowspans, every task', async () => {
    const buffer = Buffer.from(bytes);
    const { value: html } = await mammoth.convertToHtml({ buffer });
    const rowspans = [...html.matchAll(/rowspan="(\d+)"/gu)].map((m) => Number(m[1]));
    const expectedRestarts =
      expectMerges(ledger, (t) => t.lead).filter((s) => s === 'restart').length +
      expectMerges(ledger, (t) => t.co).filter((s) => s === 'restart').length;
    expect(rowspans).toHaveLength(expectedRestarts);
    const { value: text } = await mammoth.extractRawText({ buffer });
    expect(text).toContain('弋江区2023年二季度重点工作进展和完成情况');
    for (const task of ledger.tasks) expect(text).toContain(task.text);
  });
});

describe('writeReportDocx options', () => {
  const ledger = readSeedLedger();

  function readRows(bytes: Uint8Array): string[][] {
    const table = findAll(readXml(bytes, 'word/document.xml'), 'tbl')[0];
    if (table === undefined) throw new Error('no table');
    return childElements(table, 'tr')
      .slice(1)
      .map((r) => childElements(r, 'tc').map(readCellText));
  }

  it('writes one section', async () => {
    const rows = readRows(await writeReportDocx(buildReportModel(ledger, { section: '三' })));
    const expected = ledger.tasks.filter((t) => t.section === '三');
    expect(rows[0]).toEqual(['（三）以更优服务回应人民群众需求']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(expected.map((t) => t.no));
  });

  it('writes one unit, with the figures and lights columns', async () => {
    const unit = '区农水局';
    const model = buildReportModel(ledger, { unit, figures: true, lights: true });
    const rows = readRows(await writeReportDocx(model));
    const expected = ledger.tasks.filter((t) => t.lead.includes(unit) || t.co.includes(unit));
    expect(expected.length).toBeGreaterThan(3);
    const taskRows = rows.filter((r) => r.length === 7);
    expect(taskRows.map((r) => r[0])).toEqual(expected.map((t) => t.no));
    expect(taskRows.every((r) => r[6] === '无法评价')).toBe(true);
  });

  it('writes the header alone when the filters leave no task', async () => {
    const rows = readRows(await writeReportDocx(buildReportModel(ledger, { section: '九' })));
    expect(rows).toEqual([]);
  });

  it('puts the summary before the table when asked', async () => {
    const bytes = await writeReportDocx(buildReportModel(ledger, { summary: true }));
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    expect(text.indexOf('一、总体情况')).toBeGreaterThan(0);
    expect(text.indexOf('一、总体情况')).toBeLessThan(text.indexOf('重点工作进展情况'));
    expect(text).toContain(`纳入本报告的重点工作共${ledger.tasks.length}项`);
  });

  it('draws charts only through the renderer it is given', async () => {
    // A 1×1 PNG: the seam is what is tested, not the picture.
    const png = Uint8Array.from(
      Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      ),
    );
    const model = buildReportModel(ledger, { summary: true });
    const drawn: string[] = [];
    const bytes = await writeReportDocx(model, {
      renderChart: (chart) => {
        drawn.push(chart.id);
        return Promise.resolve({ png, width: 400, height: 240 });
      },
    });
    expect(drawn).toEqual(['sections', 'leads']);
    expect(findAll(readXml(bytes, 'word/document.xml'), 'drawing')).toHaveLength(2);
    expect(readPart(bytes, 'word/document.xml')).not.toContain(CHARTS_UNAVAILABLE_NOTE);
    const none = await writeReportDocx(model, { renderChart: () => Promise.resolve(undefined) });
    expect(readPart(none, 'word/document.xml')).toContain(CHARTS_UNAVAILABLE_NOTE);
    const plain = await writeReportDocx(model);
    expect(findAll(readXml(plain, 'word/document.xml'), 'drawing')).toHaveLength(0);
  });
});

function findSoffice(): string | undefined {
  return ['/usr/bin/soffice', '/usr/local/bin/soffice', '/opt/libreoffice/program/soffice'].find(
    (path) => existsSync(path),
  );
}

const soffice = findSoffice();

describe.skipIf(soffice === undefined)(
  'writeReportDocx in LibreOffice (skipped when soffice is not installed)',
  () => {
    it('converts to PDF that shows the first task', { timeout: 120_000 }, async () => {
      const ledger = readSeedLedger();
      const dir = mkdtempSync(join(tmpdir(), 'duban-report-'));
      try {
        const file = join(dir, 'report.docx');
        writeFileSync(file, await writeReportDocx(buildReportModel(ledger)));
        execFileSync(
          soffice ?? 'soffice',
          [
            '--headless',
            '--norestore',
            `-env:UserInstallation=file://${join(dir, 'profile')}`,
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            file,
          ],
          { stdio: 'ignore', timeout: 110_000 },
        );
        const pdf = join(dir, 'report.pdf');
        expect(existsSync(pdf)).toBe(true);
        expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
        const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
        const flat = text.replace(/\s+/gu, '');
        expect(flat).toContain('弋江区2023年二季度重点工作进展和完成情况');
        // The first task's text wraps inside its cell; its opening words stay on one line.
        expect(flat).toContain(ledger.tasks[0]?.text.slice(0, 12));
        const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
        expect(info).toMatch(/Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)/u);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
