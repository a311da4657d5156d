import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { analyseLedger, type Ledger, type LedgerTask } from '@duban/core';
import { readLedger } from '@duban/formats';
import { DEMO_LEDGER_PATH } from '../services/demo.service.ts';

/** The real seed (弋江区 2023 Q2) as `duban import` reads it: parsed, then analysed. */
export function readSeedLedger(): Ledger {
  const result = readLedger(basename(DEMO_LEDGER_PATH), readFileSync(DEMO_LEDGER_PATH));
  if (!result.ok) throw new Error(`the seed does not parse: ${JSON.stringify(result.issues)}`);
  return analyseLedger(result.value);
}

/**
 * A real task of the seed with one lead unit and co-units other than the lead, and progress:
 * the reporting round's interesting case. Throws if the seed has none.
 */
export function getSeedTaskWithCoUnits(seed: Ledger): {
  task: LedgerTask;
  leadUnit: string;
  coUnit: string;
} {
  const task = seed.tasks.find(
    (candidate) =>
      candidate.lead.length === 1 &&
      candidate.co.length >= 1 &&
      !candidate.co.includes(candidate.lead[0] ?? '') &&
      candidate.progress !== '',
  );
  if (task === undefined) throw new Error('the seed has no task with a lead and co-units');
  return { task, leadUnit: task.lead[0] ?? '', coUnit: task.co[0] ?? '' };
}
