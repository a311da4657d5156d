import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildReportModel } from '@duban/core';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readLedger } from './read-ledger.ts';
import { readSeedLedger } from './report/test-support.ts';
import {
  buildLedgerSpec,
  writeLedgerDocx,
  writeLedgerXlsx,
} from './shared/test-support/ledger-tables.ts';
import { writeZip } from './shared/test-support/zip-writer.ts';
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

/**
 * XML-level mutation fuzzing inside .xlsx and .docx: unpack a real file, damage one of its XML
 * parts the way a broken producer or a hostile sender would (cut off, bad entities, a DTD,
 * huge or negative numbers in merge references, spans and counts, thousands of nested
 * elements, repeated elements, relationships pointing elsewhere), pack it again and read it.
 * Byte mutations of a zip mostly stop at the checksum; these reach the XML readers.
 */
type XmlMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'attribute'; at: number; value: string }
  | { kind: 'nest'; at: number; depth: number }
  | { kind: 'repeat'; at: number; times: number }
  | { kind: 'delete'; at: number; length: number };

const HOSTILE_TEXT = [
  '&bogus;',
  '&#xFFFFFFFF;',
  '&#0;',
  '&#x110000;',
  '&',
  '<',
  ']]>',
  '<![CDATA[',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
  '&a;&a;&a;',
  '<!--',
  '</w:tc>',
  '</row>',
  '<c r="ZZZ9999999" t="s"><v>99999999</v></c>',
  '<mergeCell ref="A1:IV9999999"/>',
  '<row r="9999999"><c r="A9999999" t="inlineStr"><is><t>x</t></is></c></row>',
  '<col min="-1000000000" max="1000000000" hidden="1"/>',
  '<w:gridSpan w:val="1000000000"/>',
  '<w:gridBefore w:val="1000000000"/>',
  '<w:vMerge/>',
  '<w:numPr><w:ilvl w:val="99999999"/><w:numId w:val="-1"/></w:numPr>',
];

const HOSTILE_VALUES = [
  '-1',
  '-1000000000',
  '1000000000',
  '99999999999999999999999',
  '1e308',
  'NaN',
  '',
  'A1:XFD1048576',
  'A1:IV9999999',
  'ZZZ9999999',
  '$A$1:$B$2',
  '../../../../etc/passwd',
  '/xl/workbook.xml',
  'word/document.xml',
  'http://example.com/x.xml',
  'rId1',
  '\u0000',
  '甲'.repeat(1000),
];

const xmlMutation: fc.Arbitrary<XmlMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ maxLength: 12 })),
  }),
  fc.record({
    kind: fc.constant('attribute' as const),
    at: fc.nat(),
    value: fc.oneof(fc.constantFrom(...HOSTILE_VALUES), fc.integer().map(String)),
  }),
  fc.record({
    kind: fc.constant('nest' as const),
    at: fc.nat(),
    depth: fc.constantFrom(10, 1000, 20_000, 100_000),
  }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.nat(),
    times: fc.integer({ min: 2, max: 2000 }),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 200 }),
  }),
);

/** Start positions of every `<` (tag boundaries), where structural mutations go. */
function tagStarts(xml: string): number[] {
  const starts: number[] = [];
  for (let i = xml.indexOf('<'); i !== -1; i = xml.indexOf('<', i + 1)) starts.push(i);
  return starts;
}

function mutateXml(xml: string, m: XmlMutation): string {
  const at = xml.length === 0 ? 0 : m.at % xml.length;
  const starts = tagStarts(xml);
  const tag = starts.length === 0 ? 0 : (starts[m.at % starts.length] ?? 0);
  switch (m.kind) {
    case 'truncate':
      return xml.slice(0, at);
    case 'insert':
      return xml.slice(0, tag) + m.text + xml.slice(tag);
    case 'attribute': {
      // Replace the value of one attribute (ref, r, w:val, min, max, Target, s, t …).
      const values = [...xml.matchAll(/="[^"]*"/gu)];
      const hit = values.length === 0 ? undefined : values[m.at % values.length];
      if (hit?.index === undefined) return xml;
      const escaped = m.value
        .replace(/&/gu, '&amp;')
        .replace(/"/gu, '&quot;')
        .replace(/</gu, '&lt;');
      return `${xml.slice(0, hit.index)}="${escaped}"${xml.slice(hit.index + hit[0].length)}`;
    }
    case 'nest': {
      // Deep nesting of the element found here (or of the body when there is none).
      const name = /^<([A-Za-z][\w:.-]*)/u.exec(xml.slice(tag))?.[1] ?? 'w:sdt';
      return `${xml.slice(0, tag)}${`<${name}>`.repeat(m.depth)}${`</${name}>`.repeat(m.depth)}${xml.slice(tag)}`;
    }
    case 'repeat': {
      // Repeat one element (a row, a cell, a merge, a relationship) many times.
      const open = /^<([A-Za-z][\w:.-]*)[^>]*?(\/?)>/u.exec(xml.slice(tag));
      if (open?.[1] === undefined) return xml;
      const close = open[2] === '/' ? tag + open[0].length : xml.indexOf(`</${open[1]}>`, tag);
      if (close === -1) return xml;
      const end = open[2] === '/' ? close : close + open[1].length + 3;
      // At most ~2 MB more: the point is many elements, not a slow test zipping hundreds of MB.
      const element = xml.slice(tag, end);
      const times = Math.min(m.times, Math.max(2, Math.floor(2_000_000 / (element.length + 1))));
      return xml.slice(0, tag) + element.repeat(times) + xml.slice(end);
    }
    case 'delete':
      return xml.slice(0, at) + xml.slice(at + m.length);
  }
}

/** The XML parts worth damaging, per format. */
const XML_TARGETS: Record<string, RegExp> = {
  xlsx: /^(?:xl\/(?:sharedStrings|workbook|styles)\.xml|xl\/worksheets\/[^/]+\.xml|xl\/_rels\/workbook\.xml\.rels|_rels\/\.rels)$/u,
  docx: /^(?:word\/(?:document|numbering|styles)\.xml|word\/_rels\/document\.xml\.rels|_rels\/\.rels)$/u,
};

/** Heap growth one read may cause before it counts as unbounded. */
const MAX_HEAP_GROWTH = 512 * 1024 * 1024;

function expectClearResult(name: string, bytes: Uint8Array): void {
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  let result: ReturnType<typeof readLedger>;
  try {
    result = readLedger(name, bytes);
  } catch (error) {
    throw new Error(`readLedger threw: ${String(error)}`, { cause: error });
  }
  expect(performance.now() - started).toBeLessThan(HANG_MS);
  expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(MAX_HEAP_GROWTH);
  if (result.ok) return;
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) {
    expect(issue.message.length).toBeGreaterThan(0);
    // A location: the message names the file, or the issue points at a sheet/table and row.
    expect(issue.path !== '' || issue.message.includes(name), JSON.stringify(issue)).toBe(true);
  }
}

describe('xlsx and docx readers under XML-level mutation fuzzing', async () => {
  const spec = buildLedgerSpec(readSeedLedger());
  const files: [string, Uint8Array][] = [
    ['ledger.xlsx', await writeLedgerXlsx(spec, { mergeColumns: [2, 3] })],
    ['ledger.docx', await writeLedgerDocx(spec, { mergeColumns: [2, 3] })],
  ];
  it.each(files)(
    '%s: damaged XML parts give a ledger or clear issues, never an exception, a hang or a heap blow-up',
    (name, base) => {
      expect(readLedger(name, base).ok).toBe(true);
      const entries = unzipSync(base);
      const pattern = XML_TARGETS[name.slice(name.lastIndexOf('.') + 1)] ?? /$^/u;
      const targets = Object.keys(entries).filter((path) => pattern.test(path));
      expect(targets.length).toBeGreaterThan(1);
      const decoder = new TextDecoder();
      const encoder = new TextEncoder();
      fc.assert(
        fc.property(
          fc.constantFrom(...targets),
          fc.array(xmlMutation, { minLength: 1, maxLength: 3 }),
          (target, mutations) => {
            let xml = decoder.decode(entries[target]);
            for (const m of mutations) xml = mutateXml(xml, m);
            const zipped = writeZip(
              Object.entries(entries).map(([path, data]) => ({
                name: path,
                data: path === target ? encoder.encode(xml) : data,
              })),
            );
            expectClearResult(name, zipped);
          },
        ),
        { numRuns: 1_000_000, plugins: [fc.interruptAfterTimeLimit(SECONDS * 1000)] },
      );
    },
    SECONDS * 1000 + 60_000,
  );
});

/**
 * Structural fuzzing of the JSON importer (`duban import x.json`, the browser's .json upload):
 * the seed ledger with one value anywhere replaced by any JSON value (wrong types, huge
 * numbers, deep arrays) or removed. The answer is the ledger or issues that each name where.
 */
describe('the JSON importer under structural fuzzing', () => {
  const seed = readSeedLedger();
  const DEEP = '\u0000deep\u0000';
  // Deep arrays are spliced into the text, so a counterexample prints as a depth, not as itself.
  const hostile = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((value) => ({ value, depth: 0 })),
    fc
      .constantFrom(1e308, -1, 2 ** 53 + 1, '', '甲'.repeat(100_000), null)
      .map((value) => ({ value, depth: 0 })),
    fc.integer({ min: 1, max: 50_000 }).map((depth) => ({ value: DEEP, depth })),
  );

  /** Every path to a value in the document (object keys and array indexes). */
  function paths(
    value: unknown,
    prefix: (string | number)[] = [],
    out: (string | number)[][] = [],
  ) {
    if (prefix.length > 0) out.push(prefix);
    if (Array.isArray(value)) value.forEach((item, index) => paths(item, [...prefix, index], out));
    else if (value !== null && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) paths(item, [...prefix, key], out);
    return out;
  }
  const all = paths(seed);

  it(
    'a changed or missing value anywhere gives the ledger or located issues',
    () => {
      fc.assert(
        fc.property(fc.nat(), hostile, fc.boolean(), (at, { value, depth }, remove) => {
          const document = structuredClone(seed) as unknown as Record<string | number, unknown>;
          const path = all[at % all.length] ?? [];
          let parent: Record<string | number, unknown> = document;
          for (const key of path.slice(0, -1))
            parent = parent[key] as Record<string | number, unknown>; // a path of the clone
          const last = path.at(-1) ?? '';
          if (remove && !Array.isArray(parent)) Reflect.deleteProperty(parent, last);
          else parent[last] = value;
          const name = 'ledger.json';
          const started = performance.now();
          const text = JSON.stringify(document).replace(
            JSON.stringify(DEEP),
            `${'['.repeat(depth)}${']'.repeat(depth)}`,
          );
          const result = readLedger(name, new TextEncoder().encode(text));
          expect(performance.now() - started).toBeLessThan(HANG_MS);
          if (result.ok) return;
          for (const issue of result.issues) {
            expect(issue.message.length).toBeGreaterThan(0);
            expect(issue.path, JSON.stringify(issue)).not.toBe('');
          }
        }),
        { numRuns: 1_000_000, plugins: [fc.interruptAfterTimeLimit(SECONDS * 1000)] },
      );
    },
    SECONDS * 1000 + 60_000,
  );
});
