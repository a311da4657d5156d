import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { analyseLedger, type Ledger } from '@duban/core';
import { readLedger } from '@duban/formats';
import { DEMO_LEDGER_PATH } from '../services/demo.service.ts';

/** The real seed (弋江区 2023 Q2) as `duban import` reads it: parsed, then analysed. */
export function readSeedLedger(): Ledger {
  const result = readLedger(basename(DEMO_LEDGER_PATH), readFileSync(DEMO_LEDGER_PATH));
  if (!result.ok) throw new Error(`the seed does not parse: ${JSON.stringify(result.issues)}`);
  return analyseLedger(result.value);
}
