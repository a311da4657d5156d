/**
 * Test support: the seed ledger as the text reader and the core parser give it, which every
 * other format must reproduce.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Ledger, Result } from '@duban/core';
import { readLedger } from '../../read-ledger.ts';

export const SEED_PATH = fileURLToPath(
  new URL('../../../../../fixtures/seed/yijiang-2023q2.txt', import.meta.url),
);
export const FIXTURES_DIR = fileURLToPath(
  new URL('../../../../../fixtures/formats/', import.meta.url),
);

export function loadSeedLedger(): Ledger {
  const result = readLedger('yijiang-2023q2.txt', readFileSync(SEED_PATH));
  return getValue(result);
}

/** The value of a Result a test expects to succeed; the issues otherwise, for the failure. */
export function getValue<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

/** What a reader must preserve: the fields a person reads, task by task. */
export function summarizeTasks(ledger: Ledger) {
  return ledger.tasks.map(({ no, section, text, lead, co, progress }) => ({
    no,
    section,
    text,
    lead,
    co,
    progress,
  }));
}
