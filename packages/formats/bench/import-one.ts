/**
 * One import measured in a process of its own, so its peak memory is its own: reads the file
 * named on the command line, parses it, prints `{ readMs, parseMs, tasks, maxRssMb }` as JSON.
 * Run by import.bench.ts.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseLedgerGrid } from '@duban/core';
import { readGrid } from '../src/read-grid.ts';
import { readLedger } from '../src/read-ledger.ts';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: import-one.ts FILE [--warm]');
const name = basename(path);
const bytes = readFileSync(path);

function importOnce(): { readMs: number; parseMs: number; tasks: number } {
  const started = performance.now();
  if (name.endsWith('.json')) {
    // JSON is not a grid: reading and parsing are one step.
    const result = readLedger(name, bytes);
    if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 2)));
    return { readMs: 0, parseMs: performance.now() - started, tasks: result.value.tasks.length };
  }
  const grid = readGrid(name, bytes);
  if (!grid.ok) throw new Error(JSON.stringify(grid.issues.slice(0, 2)));
  const read = performance.now();
  const result = parseLedgerGrid(grid.value);
  if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 2)));
  return {
    readMs: read - started,
    parseMs: performance.now() - read,
    tasks: result.value.tasks.length,
  };
}

// A small file is imported once first, so the figure is the import, not compiling the code.
if (process.argv.includes('--warm')) importOnce();
const measured = importOnce();
console.log(JSON.stringify({ ...measured, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
