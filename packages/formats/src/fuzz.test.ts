import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildReportModel } from '@duban/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLedger } from './read-ledger.ts';
import { readSeedLedger } from './report/test-support.ts';
import { writeReportDocx } from './report/write-report-docx.ts';
import { writeReportXlsx } from './report/write-report-xlsx.ts';

/**
 * Mutation fuzzing of every importer: real files (the seed as text and JSON, the CSV fixtures,
 * the seed's report as .xlsx and .docx) with random bytes changed, inserted, deleted or cut
 * off. Whatever the bytes, readLedger returns a result (a ledger or issues with a message):
 * it never throws and never hangs. `npm test` runs each for DUBAN_FUZZ_SECONDS (default 2);
 * `npm run fuzz` for longer.
 */
const SECONDS = Number(process.env.DUBAN_FUZZ_SECONDS ?? '2');
/** One read may take this long before it counts as a hang. */
const HANG_MS = 5000;

const fixture = (path: string): Uint8Array =>
  readFileSync(fileURLToPath(new URL(`../../../fixtures/${path}`, import.meta.url)));

type Mutation =
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 64 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(base: Uint8Array, mutations: Mutation[]): Uint8Array {
  let bytes = Array.from(base);
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === 'set') bytes[at] = m.byte;
    else if (m.kind === 'insert') bytes.splice(at, 0, ...m.bytes);
    else if (m.kind === 'delete') bytes.splice(at, m.length);
    else bytes = bytes.slice(0, at);
  }
  return Uint8Array.from(bytes);
}

function expectReadable(name: string, bytes: Uint8Array): void {
  const started = performance.now();
  const result = readLedger(name, bytes);
  expect(performance.now() - started).toBeLessThan(HANG_MS);
  if (!result.ok) {
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(0);
  }
}

async function buildFiles(): Promise<[string, Uint8Array][]> {
  const seed = readSeedLedger();
  const model = buildReportModel(seed);
  const encoder = new TextEncoder();
  return [
    ['seed.txt', fixture('seed/yijiang-2023q2.txt')],
    ['extra-columns.csv', fixture('formats/extra-columns.csv')],
    ['two-row-header.csv', fixture('formats/two-row-header.csv')],
    ['seed.json', encoder.encode(JSON.stringify(seed))],
    ['report.xlsx', await writeReportXlsx(model)],
    ['report.docx', await writeReportDocx(model)],
  ];
}

describe('importers under mutation fuzzing', async () => {
  const files = await buildFiles();
  it.each(files)(
    '%s: mutated bytes give a result, never an exception or a hang',
    (name, base) => {
      // The unmutated file is a real ledger.
      expect(readLedger(name, base).ok).toBe(true);
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), (mutations) => {
          expectReadable(name, mutate(base, mutations));
        }),
        { numRuns: 1_000_000, plugins: [fc.interruptAfterTimeLimit(SECONDS * 1000)] },
      );
    },
    SECONDS * 1000 + 60_000,
  );

  it(
    'arbitrary bytes under every extension give a result',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom('x.txt', 'x.csv', 'x.json', 'x.xlsx', 'x.docx'),
          fc.uint8Array({ maxLength: 4096 }),
          (name, bytes) => {
            expectReadable(name, bytes);
          },
        ),
        { numRuns: 1_000_000, plugins: [fc.interruptAfterTimeLimit(SECONDS * 1000)] },
      );
    },
    SECONDS * 1000 + 60_000,
  );
});
