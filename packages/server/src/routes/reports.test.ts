import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ledger } from '@duban/core';
import { findChartFonts, readLedger } from '@duban/formats';
import type { FastifyInstance } from 'fastify';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLedger } from '../services/export.service.ts';
import { importLedger } from '../services/import.service.ts';
import { convertDocxToPdf, findSoffice } from '../services/pdf.service.ts';
import { buildTestApp, createTestUser, loginCookie } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { readSeedLedger } from '../test/seed.ts';

const OUT = fileURLToPath(new URL('../../../../test-output/reports/', import.meta.url));
const source = { sourceName: 'yijiang-2023q2.txt', sha256: '0'.repeat(64) };

/** What a report shows of each task: enough to tell one ledger from another. */
function describeTasks(ledger: Ledger): string[][] {
  return ledger.tasks.map((t) => [
    t.no,
    t.section,
    t.text,
    t.lead.join('|'),
    t.co.join('|'),
    t.progress,
  ]);
}

function readBack(name: string, body: Buffer): Ledger {
  const result = readLedger(name, new Uint8Array(body));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe.each(DIALECTS)('report routes on %s', (dialect) => {
  const seed = readSeedLedger();
  let test: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, seed, source);
    app = await buildTestApp(test.database);
    const user = await createTestUser(test.database, {
      username: 'report-viewer',
      role: 'viewer',
      organization: seed.organization,
    });
    cookie = await loginCookie(app, user);
  });

  afterAll(async () => {
    await app.close();
    await test.destroy();
  });

  const get = (url: string) => app.inject({ url, headers: { cookie } });

  it.each(['docx', 'xlsx'] as const)(
    'exports the stored seed as .%s that reads back as the same ledger',
    async (format) => {
      const response = await get(`/api/periods/2023Q2/report?format=${format}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain(
        format === 'docx' ? 'wordprocessingml' : 'spreadsheetml',
      );
      const title = encodeURIComponent(`${seed.title}.${format}`);
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="duban-report.${format}"; filename*=UTF-8''${title}`,
      );
      expect(response.rawPayload.subarray(0, 2).toString()).toBe('PK');
      const back = readBack(`report.${format}`, response.rawPayload);
      expect(back.title).toBe(seed.title);
      expect(back.sections).toEqual(seed.sections);
      expect(describeTasks(back)).toEqual(describeTasks(seed));
    },
  );

  it('applies the choices: one section, one unit', async () => {
    const section = await get('/api/periods/2023Q2/report?format=docx&section=二');
    expect(section.statusCode).toBe(200);
    const inSection = readBack('s.docx', section.rawPayload);
    const expected = seed.tasks.filter((t) => t.section === '二').map((t) => t.no);
    expect(expected.length).toBeGreaterThan(0);
    expect(inSection.tasks.map((t) => t.no)).toEqual(expected);

    const unit = seed.tasks[0]?.lead[0] ?? '';
    const byUnit = await get(
      `/api/periods/2023Q2/report?format=xlsx&unit=${encodeURIComponent(unit)}`,
    );
    expect(byUnit.statusCode).toBe(200);
    const led = readBack('u.xlsx', byUnit.rawPayload);
    const mine = seed.tasks.filter((t) => t.lead.includes(unit) || t.co.includes(unit));
    expect(led.tasks.map((t) => t.text)).toEqual(mine.map((t) => t.text));
    expect(led.tasks.length).toBeLessThan(seed.tasks.length);
  });

  it('exports the analysed ledger as JSON', async () => {
    const response = await get('/api/periods/2023Q2/report?format=json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    const expected = await exportLedger(test.database, { period: '2023Q2' });
    expect(response.json()).toEqual(expected);
  });

  it('writes the notice as .docx and refuses it as .xlsx', async () => {
    const notice = await get('/api/periods/2023Q2/notice?format=docx');
    expect(notice.statusCode).toBe(200);
    expect(notice.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(decodeURIComponent(notice.headers['content-disposition'] ?? '')).toContain(
      '重点工作进展滞后情况的通报（草稿）.docx',
    );
    const xlsx = await get('/api/periods/2023Q2/notice?format=xlsx');
    expect(xlsx.statusCode).toBe(400);
  });

  it('answers 404 for a period or section that is not there, 400 for a bad format', async () => {
    expect((await get('/api/periods/2031Q1/report')).statusCode).toBe(404);
    expect((await get('/api/periods/2023Q2/report?section=九十')).statusCode).toBe(404);
    expect((await get('/api/periods/2023Q2/report?format=odt')).statusCode).toBe(400);
    expect((await get('/api/periods/2023Q2/report?unit=不存在的单位')).statusCode).toBe(400);
    const anonymous = await app.inject({ url: '/api/periods/2023Q2/report' });
    expect(anonymous.statusCode).toBe(401);
  });

  // Last in this block: it adds an earlier period (2023Q1) to the plan.
  it.skipIf(findChartFonts().length === 0)(
    'draws the summary charts, with the trend once the plan has an earlier period',
    { timeout: 60_000 },
    async () => {
      const countMedia = (body: Buffer, folder = 'word'): number =>
        body.toString('latin1').match(new RegExp(`${folder}/media/[^/]+?\\.png`, 'g'))?.length ?? 0;
      const before = await get('/api/periods/2023Q2/report?format=docx&summary=true');
      expect(before.statusCode).toBe(200);
      // Each name appears twice in a zip (local header and directory): sections and leads.
      expect(countMedia(before.rawPayload)).toBe(4);
      const q1 = { ...seed, period: { year: 2023, quarter: 1, label: '2023Q1' } } as Ledger;
      await importLedger(test.database, q1, { ...source, sha256: '1'.repeat(64) });
      const after = await get('/api/periods/2023Q2/report?format=docx&summary=true');
      expect(countMedia(after.rawPayload)).toBe(6);
      const { value: text } = await mammoth.extractRawText({ buffer: after.rawPayload });
      expect(text).toContain('各部分任务进度');
      expect(text).toContain('各期任务进度变化');
      const xlsx = await get('/api/periods/2023Q2/report?format=xlsx&summary=true');
      expect(countMedia(xlsx.rawPayload, 'xl')).toBe(6);
    },
  );

  // One dialect is enough for the slow LibreOffice run: the bytes are the same .docx.
  it.skipIf(dialect !== 'sqlite' || findSoffice() === undefined)(
    'converts the report to PDF whose first page shows the table (skipped without soffice)',
    { timeout: 180_000 },
    async () => {
      const response = await get('/api/periods/2023Q2/report?format=pdf');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      mkdirSync(OUT, { recursive: true });
      const pdf = join(OUT, 'seed-report.pdf');
      writeFileSync(pdf, response.rawPayload);
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        pdf,
        join(OUT, 'seed-report-page1'),
      ]);
      expect(readFileSync(join(OUT, 'seed-report-page1.png')).subarray(1, 4).toString()).toBe(
        'PNG',
      );
      const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], {
        encoding: 'utf8',
      }).replace(/\s+/gu, '');
      expect(page1).toContain(seed.title);
      expect(page1).toContain(seed.tasks[0]?.text.slice(0, 12));
    },
  );
});

describe('PDF conversion failures', () => {
  it('finds soffice on PATH first, and nothing where there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'duban-soffice-'));
    try {
      expect(findSoffice({ PATH: dir }, [])).toBeUndefined();
      const fake = join(dir, 'soffice');
      writeFileSync(fake, '#!/bin/sh\nexit 3\n', { mode: 0o755 });
      expect(findSoffice({ PATH: dir })).toBe(fake);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a failing or hanging converter as pdf-failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duban-soffice-'));
    try {
      const failing = join(dir, 'fail');
      writeFileSync(failing, '#!/bin/sh\nexit 3\n', { mode: 0o755 });
      await expect(convertDocxToPdf(new Uint8Array(4), { soffice: failing })).rejects.toMatchObject(
        {
          code: 'pdf-failed',
        },
      );
      const hanging = join(dir, 'hang');
      writeFileSync(hanging, '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
      const hung = convertDocxToPdf(new Uint8Array(4), { soffice: hanging, timeoutMs: 300 });
      await expect(hung).rejects.toMatchObject({ code: 'pdf-failed' });
      await expect(hung).rejects.toThrow(/超时/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
