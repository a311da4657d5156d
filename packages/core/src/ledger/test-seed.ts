/**
 * Test support: the seed (弋江区 2023Q2, fixtures/seed/yijiang-2023q2.txt) as a parsed ledger,
 * split into a Grid here by the file's own line rule so that core's tests do not lean on
 * formats. The test reads the file: core does no IO. Not exported from the package.
 */
import type { Grid } from '../grid/grid.ts';
import { parseLedgerGrid } from './parse-ledger-grid.ts';
import type { Ledger } from './types.ts';

/** The seed file, for `readFileSync(SEED_URL, 'utf8')`. */
export const SEED_URL = new URL('../../../../fixtures/seed/yijiang-2023q2.txt', import.meta.url);

/** Parses the seed's text (not analysed: no figures, status or findings yet). */
export function parseSeedText(text: string): Ledger {
  const lines = text.split('\n');
  const cells: string[] = [];
  for (const line of lines.slice(1)) {
    const pipes = /^\|+$/u.exec(line.trim());
    if (pipes) cells.push(...Array.from({ length: pipes[0].length }, () => ''));
    else if (line.trim() !== '') cells.push(line.replace(/\s*\|\s*$/u, '').trim());
  }
  const rows: Grid['rows'] = [];
  for (const cell of cells) {
    const startsRow = /^\d+$/u.test(cell) || /^[(（][一二三四][)）]/u.test(cell) || cell === '序号';
    if (startsRow || rows.length === 0) rows.push({ cells: [], ref: { row: rows.length + 1 } });
    rows.at(-1)?.cells.push({ text: cell });
  }
  const result = parseLedgerGrid({
    name: 'seed.txt',
    preamble: [lines[0] ?? ''],
    rows,
    mergesLost: true,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}
