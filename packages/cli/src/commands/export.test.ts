import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLedger } from '@duban/formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/duban.js');
const SEED = join(ROOT, 'fixtures/seed/yijiang-2023q2.txt');

const work = mkdtempSync(join(tmpdir(), 'duban-cli-export-'));
const env = { DUBAN_DB: join(work, 'store.db') };

function duban(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, DUBAN_LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 150_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function readBack(file: string) {
  const result = readLedger(file, new Uint8Array(readFileSync(file)));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe('duban export --format docx|xlsx|pdf', () => {
  let seed: ReturnType<typeof readBack>;
  beforeAll(() => {
    const imported = duban(['import', SEED]);
    expect(imported.status, imported.stderr).toBe(0);
    seed = readBack(SEED);
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it.each(['docx', 'xlsx'])('writes the whole report as .%s', (format) => {
    const out = join(work, `report.${format}`);
    const r = duban(['export', '--period', '2023Q2', '--format', format, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${seed.title}.${format}`);
    expect(readBack(out).tasks.map((t) => t.text)).toEqual(seed.tasks.map((t) => t.text));
  });

  it('takes the report’s choices: --section and --unit', () => {
    const out = join(work, 'section.docx');
    const r = duban([
      'export',
      '--period',
      '2023Q2',
      '--format',
      'docx',
      '--out',
      out,
      '--section',
      '三',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(readBack(out).tasks.map((t) => t.no)).toEqual(
      seed.tasks.filter((t) => t.section === '三').map((t) => t.no),
    );
    const unit = seed.tasks[3]?.lead[0] ?? '';
    const byUnit = join(work, 'unit.xlsx');
    const u = duban([
      'export',
      '--period',
      '2023Q2',
      '--format',
      'xlsx',
      '--out',
      byUnit,
      '--unit',
      unit,
    ]);
    expect(u.status, u.stderr).toBe(0);
    expect(readBack(byUnit).tasks.map((t) => t.text)).toEqual(
      seed.tasks.filter((t) => t.lead.includes(unit) || t.co.includes(unit)).map((t) => t.text),
    );
  });

  it('writes the notice, and says what is wrong with a bad choice', () => {
    const out = join(work, 'notice.docx');
    const r = duban(['export', '--period', '2023Q2', '--format', 'docx', '--notice', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    const bad = duban([
      'export',
      '--period',
      '2023Q2',
      '--format',
      'docx',
      '--out',
      out,
      '--section',
      '九十',
    ]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('九十');
  });

  it('writes a PDF through LibreOffice, or says how to install it', { timeout: 160_000 }, () => {
    const out = join(work, 'report.pdf');
    const r = duban(['export', '--period', '2023Q2', '--format', 'pdf', '--out', out]);
    if (r.status === 0) {
      expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    } else {
      expect(r.stderr).toContain('libreoffice-writer-nogui');
    }
  });
});
