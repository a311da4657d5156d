/**
 * Bytes → Ledger: table files go through `readGrid` and the one ledger parser of core; `.json`
 * is the ledger itself (`duban.ledger/1`) and is validated against its schema.
 */
import type { Ledger, ParseLedgerOptions, Result } from '@duban/core';
import { parseLedgerGrid, parseLedgerJson } from '@duban/core';
import { GRID_EXTENSIONS, getExtension, readGrid, unsupportedFormat } from './read-grid.ts';
import type { ReadGridOptions } from './read-grid.ts';
import { decodeText } from './text/decode-text.ts';

/** Extensions `readLedger` accepts. */
export const LEDGER_EXTENSIONS: readonly string[] = [...GRID_EXTENSIONS, '.json'];

/**
 * Reads a ledger file. `options` (period, organisation) override what a table's title says,
 * and `sheet` names the worksheet of an .xlsx;
 * a `.json` ledger already states both and is returned as written.
 *
 * @example
 * ```ts
 * const result = readLedger('yijiang-2023q2.txt', bytes);
 * if (result.ok) result.value.tasks.length; // 126
 * readLedger('x.json', new TextEncoder().encode(JSON.stringify(ledger))); // the same ledger
 * ```
 */
export function readLedger(
  name: string,
  bytes: Uint8Array,
  options: ParseLedgerOptions & ReadGridOptions = {},
): Result<Ledger> {
  const extension = getExtension(name);
  if (extension === '.json') {
    const text = decodeText(bytes);
    return text.ok ? parseLedgerJson(text.value) : text;
  }
  if (!GRID_EXTENSIONS.includes(extension)) return unsupportedFormat(name, LEDGER_EXTENSIONS);
  const grid = readGrid(name, bytes, options);
  return grid.ok ? parseLedgerGrid(grid.value, options) : grid;
}
