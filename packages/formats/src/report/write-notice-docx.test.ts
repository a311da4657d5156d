import { buildReportModel } from '@duban/core';
import type { Ledger, Light } from '@duban/core';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { getChild, readSeedLedger, readXml, withLights } from './test-support.ts';
import { writeNoticeDocx } from './write-notice-docx.ts';

async function readText(bytes: Uint8Array): Promise<string> {
  return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
}

/** The task numbers a notice lists, in its order (`3．任务12：…`). */
function listTasks(text: string): string[] {
  return [...text.matchAll(/^\d+．任务([^：\n]+)：/gmu)].map((m) => m[1] ?? '');
}

/** A spread of lights over the real tasks, by position, so every light occurs. */
function spreadLights(_: unknown, i: number): Light {
  if (i % 9 === 0) return 'red';
  if (i % 7 === 0) return 'yellow';
  if (i % 5 === 0) return 'done';
  return i % 2 === 0 ? 'green' : 'grey';
}

describe('writeNoticeDocx', () => {
  const ledger: Ledger = withLights(readSeedLedger(), spreadLights);

  it('lists exactly the tasks behind: red ones first, then yellow', async () => {
    const text = await readText(await writeNoticeDocx(buildReportModel(ledger)));
    const red = ledger.tasks.filter((t) => t.status.light === 'red').map((t) => t.no);
    const yellow = ledger.tasks.filter((t) => t.status.light === 'yellow').map((t) => t.no);
    expect(red.length).toBeGreaterThan(5);
    expect(yellow.length).toBeGreaterThan(5);
    expect(listTasks(text)).toEqual([...red, ...yellow]);
    expect(text).toContain('关于2023年二季度重点工作进展滞后情况的通报');
    expect(text).toContain(`红灯·明显滞后的任务（${red.length}项）`);
    expect(text).toContain(`黄灯·稍有滞后的任务（${yellow.length}项）`);
    expect(text).toContain(`现将进展滞后于序时进度的${red.length + yellow.length}项任务通报如下`);
    // Each task comes with its text, its gap and what the units reported.
    const first = ledger.tasks.find((t) => t.status.light === 'red');
    expect(text).toContain(first?.text);
    expect(text).toContain('完成率10%，序时进度50%，滞后40个百分点');
    expect(text).toContain('弋江区人民政府办公室');
  });

  it('keeps to the model’s section and unit', async () => {
    const unit = '区发改委';
    const model = buildReportModel(ledger, { section: '一', unit });
    const text = await readText(await writeNoticeDocx(model, { date: '2023年7月10日' }));
    const expected = ledger.tasks.filter(
      (t) =>
        t.section === '一' &&
        (t.lead.includes(unit) || t.co.includes(unit)) &&
        (t.status.light === 'red' || t.status.light === 'yellow'),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(listTasks(text).sort()).toEqual(expected.map((t) => t.no).sort());
    expect(text).toContain('2023年7月10日');
  });

  it('says so when no task is behind', async () => {
    const text = await readText(await writeNoticeDocx(buildReportModel(readSeedLedger())));
    expect(listTasks(text)).toEqual([]);
    expect(text).toContain('没有进展滞后的任务');
  });

  it('is an A4 portrait page in the fonts of government documents', async () => {
    const bytes = await writeNoticeDocx(buildReportModel(ledger));
    const body = getChild(readXml(bytes, 'word/document.xml'), 'body');
    const size = getChild(getChild(body, 'sectPr'), 'pgSz');
    expect(size.attrs.w).toBe('11906');
    expect(size.attrs.h).toBe('16838');
    const xml = JSON.stringify(body);
    expect(xml).toContain('"eastAsia":"仿宋_GB2312"');
    expect(xml).toContain('"eastAsia":"方正小标宋简体"');
  });
});
