/**
 * .xlsx → Grid. Reads the workbook with our own zip and XML readers, synchronously: the zip
 * reader refuses a bomb before inflating anything, and the whole read stays a pure function
 * of the bytes.
 */
import type { Grid, Result } from '@duban/core';
import { ok } from '@duban/core';
import { openOfficeZip } from '../shared/container.ts';
import { failWith, quote } from '../shared/issues.ts';
import { DEFAULT_LIMITS } from '../shared/limits.ts';
import type { ReadLimits } from '../shared/limits.ts';
import { readXmlPart } from '../shared/opc.ts';
import { assembleGrid, HEADER_SEARCH_ROWS, splitTable } from '../shared/table.ts';
import type { RawRow } from '../shared/table.ts';
import { readWorkbook } from './workbook.ts';
import type { SheetInfo, Workbook } from './workbook.ts';
import { readWorksheet } from './worksheet.ts';

export interface ReadXlsxOptions {
  /** The sheet holding the ledger; by default the open sheet, else the first with a header. */
  sheet?: string;
  limits?: ReadLimits;
}

export interface SheetSummary {
  name: string;
  hidden: boolean;
  /** True when the sheet has a ledger header in its first rows. */
  hasLedger: boolean;
}

const HEADER_HINT =
  '台账应有“序号”“目标与任务”“牵头责任单位”“责任单位”“进展情况”等列（至少两列，其中有“序号”或“目标与任务”）';

/**
 * Reads the ledger sheet of an .xlsx into a Grid.
 *
 * @example
 * ```ts
 * const grid = readXlsxGrid('台账.xlsx', bytes, { sheet: '二季度' });
 * if (grid.ok) parseLedgerGrid(grid.value);
 * ```
 */
export function readXlsxGrid(
  name: string,
  bytes: Uint8Array,
  options: ReadXlsxOptions = {},
): Result<Grid> {
  const book = openWorkbook(name, bytes, options.limits);
  if (!book.ok) return book;
  const workbook = book.value;

  if (options.sheet !== undefined) {
    const wanted = options.sheet.trim();
    const sheet =
      workbook.sheets.find((candidate) => candidate.name === wanted) ??
      workbook.sheets.find(
        (candidate) => candidate.name.trim().toLowerCase() === wanted.toLowerCase(),
      );
    if (sheet === undefined) {
      const names = workbook.sheets.map((candidate) => quote(candidate.name)).join('、');
      return failWith(
        'sheet-not-found',
        `文件${quote(name)}中没有名为${quote(wanted)}的工作表（现有：${names}）`,
      );
    }
    const rows = readSheetRows(workbook, sheet);
    if (!rows.ok) return rows;
    const parts = splitTable(rows.value);
    if (parts === undefined) return noHeader(name, [sheet], [rows.value]);
    return ok(assembleGrid(name, parts));
  }

  const candidates = orderCandidates(workbook);
  if (candidates.length === 0) {
    return failWith('no-sheet', `文件${quote(name)}中没有可见的工作表`);
  }
  const searched: RawRow[][] = [];
  for (const sheet of candidates) {
    const rows = readSheetRows(workbook, sheet);
    if (!rows.ok) return rows;
    const parts = splitTable(rows.value);
    if (parts !== undefined) return ok(assembleGrid(name, parts));
    searched.push(rows.value);
  }
  return noHeader(name, candidates, searched);
}

/** The sheets of a workbook and which of them hold a ledger, for a person to choose from. */
export function listXlsxSheets(
  name: string,
  bytes: Uint8Array,
  limits?: ReadLimits,
): Result<SheetSummary[]> {
  const book = openWorkbook(name, bytes, limits);
  if (!book.ok) return book;
  const summaries: SheetSummary[] = [];
  for (const sheet of book.value.sheets) {
    const rows = readSheetRows(book.value, sheet);
    if (!rows.ok) return rows;
    summaries.push({
      name: sheet.name,
      hidden: sheet.hidden,
      hasLedger: splitTable(rows.value) !== undefined,
    });
  }
  return ok(summaries);
}

function openWorkbook(
  name: string,
  bytes: Uint8Array,
  limits: ReadLimits = DEFAULT_LIMITS,
): Result<Workbook> {
  const archive = openOfficeZip(name, bytes, 'xlsx', limits);
  if (!archive.ok) return archive;
  return readWorkbook(archive.value);
}

/** The open sheet first (it is what the person last looked at), then the others in order. */
function orderCandidates(workbook: Workbook): SheetInfo[] {
  const visible = workbook.sheets.filter((sheet) => !sheet.hidden && sheet.path !== undefined);
  const active = workbook.sheets[workbook.activeIndex];
  if (active === undefined || !visible.includes(active)) return visible;
  return [active, ...visible.filter((sheet) => sheet !== active)];
}

function readSheetRows(workbook: Workbook, sheet: SheetInfo): Result<RawRow[]> {
  if (sheet.path === undefined) return ok([]);
  const xml = readXmlPart(workbook.archive, sheet.path);
  if (!xml.ok) return xml;
  if (xml.value === undefined) return ok([]);
  return ok(readWorksheet(xml.value, sheet.name, workbook));
}

function noHeader(
  name: string,
  sheets: readonly SheetInfo[],
  rows: readonly RawRow[][],
): Result<never> {
  const describe = (sheet: SheetInfo, index: number): string => {
    const sheetRows = rows[index] ?? [];
    const last = sheetRows[Math.min(sheetRows.length, HEADER_SEARCH_ROWS) - 1]?.ref.row;
    return last === undefined
      ? `工作表${quote(sheet.name)}是空的`
      : `工作表${quote(sheet.name)}第1–${last}行中没有表头`;
  };
  const first = sheets[0];
  return failWith(
    'no-header',
    `文件${quote(name)}中找不到台账表头：${sheets.map(describe).join('；')}。${HEADER_HINT}`,
    first === undefined ? undefined : { sheet: first.name },
  );
}
