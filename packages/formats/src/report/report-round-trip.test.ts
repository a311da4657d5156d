import { buildReportModel } from '@duban/core';
import type { Ledger } from '@duban/core';
import { describe, expect, it } from 'vitest';
import { readLedger } from '../read-ledger.ts';
import { readSeedLedger } from './test-support.ts';
import { writeReportDocx } from './write-report-docx.ts';
import { writeReportXlsx } from './write-report-xlsx.ts';

/** What a report shows of each task, to compare a ledger with the one read back from it. */
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

// The report is also a ledger file: the office can import last quarter's report as the next plan.
describe('the written report read back as a ledger', () => {
  const seed = readSeedLedger();
  const model = buildReportModel(seed);

  it.each([
    ['report.docx', writeReportDocx],
    ['report.xlsx', writeReportXlsx],
  ] as const)('%s gives back the seed’s title, sections and tasks', async (name, write) => {
    const result = readLedger(name, await write(model));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.title).toBe(seed.title);
    expect(result.value.sections).toEqual(seed.sections);
    expect(describeTasks(result.value)).toEqual(describeTasks(seed));
  });
});
