/**
 * .docx → Grid. The ledger is the first table with a ledger header; tables after it join it
 * when they repeat (or rename) the header, or continue it at the same width — a ledger is often
 * one table per section, each under its own heading paragraph, which becomes a section row. A
 * document with no ledger table but numbered items with units is read as a prose notice.
 */
import type { Grid, Result } from '@duban/core';
import { findSectionHeading, normalizeHeader, ok } from '@duban/core';
import { normalizeCellText } from '../shared/cell-text.ts';
import { openOfficeZip } from '../shared/container.ts';
import { failWith, quote } from '../shared/issues.ts';
import { DEFAULT_LIMITS } from '../shared/limits.ts';
import type { ReadLimits } from '../shared/limits.ts';
import {
  findMainPart,
  hasRelationshipType,
  readRelationships,
  readXmlPart,
} from '../shared/opc.ts';
import {
  assembleGrid,
  describePreambleRow,
  findHeaderIndex,
  HEADER_SEARCH_ROWS,
  rowTexts,
  splitTable,
} from '../shared/table.ts';
import type { RawCell, RawRow, TableParts } from '../shared/table.ts';
import { findChild } from '../shared/xml.ts';
import type { XmlElement } from '../shared/xml.ts';
import { readProseLines } from '../prose/read-prose.ts';
import { readBodyBlocks } from './document.ts';
import type { Block } from './document.ts';
import { NumberingCounter, readNumberingDefinitions } from './numbering.ts';

export interface ReadDocxOptions {
  limits?: ReadLimits;
}

/**
 * Reads the ledger table(s) of a .docx into a Grid.
 *
 * @example
 * ```ts
 * const grid = readDocxGrid('台账.docx', bytes);
 * if (grid.ok) parseLedgerGrid(grid.value);
 * ```
 */
export function readDocxGrid(
  name: string,
  bytes: Uint8Array,
  options: ReadDocxOptions = {},
): Result<Grid> {
  const blocks = readDocxBlocks(name, bytes, options.limits ?? DEFAULT_LIMITS);
  if (!blocks.ok) return blocks;
  const parts = collectLedger(blocks.value);
  if (parts !== undefined) return ok(assembleGrid(name, parts));

  const paragraphs = blocks.value.flatMap((block) =>
    block.kind === 'paragraph' ? [{ text: block.text, ref: { line: block.index } }] : [],
  );
  const prose = readProseLines(name, paragraphs);
  if (prose.ok) return prose;
  const tables = blocks.value.filter((block) => block.kind === 'table');
  if (tables.length === 0) return prose;
  const described = tables.map((table) => {
    const last = table.rows[Math.min(table.rows.length, HEADER_SEARCH_ROWS) - 1]?.ref.row;
    return last === undefined
      ? `第${table.index}个表格是空的`
      : `第${table.index}个表格第1–${last}行中没有表头`;
  });
  return failWith(
    'no-header',
    `文件${quote(name)}中找不到台账表头：${described.join('；')}。台账应有“序号”“目标与任务”“牵头责任单位”“责任单位”“进展情况”等列（至少两列，其中有“序号”或“目标与任务”）`,
    { table: 1 },
  );
}

function readDocxBlocks(name: string, bytes: Uint8Array, limits: ReadLimits): Result<Block[]> {
  const archive = openOfficeZip(name, bytes, 'docx', limits);
  if (!archive.ok) return archive;
  const main = findMainPart(archive.value, 'word/document.xml');
  if (!main.ok) return main;
  if (main.value === undefined) {
    return failWith(
      'not-docx',
      `文件${quote(name)}不是 Word 文档（.docx）：压缩包中没有正文。如果它是 Excel 工作簿，请改用 .xlsx 扩展名`,
    );
  }
  const rels = readRelationships(archive.value, main.value);
  if (!rels.ok) return rels;
  const partOf = (kind: string): Result<XmlElement | undefined> => {
    const rel = rels.value.find(
      (candidate) => hasRelationshipType(candidate, kind) && !candidate.external,
    );
    return rel === undefined ? ok(undefined) : readXmlPart(archive.value, rel.target);
  };
  const numbering = partOf('numbering');
  if (!numbering.ok) return numbering;
  const styles = partOf('styles');
  if (!styles.ok) return styles;
  const document = readXmlPart(archive.value, main.value);
  if (!document.ok) return document;
  if (document.value?.name === 'workbook') {
    return failWith(
      'not-docx',
      `文件${quote(name)}是 Excel 工作簿，不是 Word 文档。请改用 .xlsx 扩展名`,
    );
  }
  const body = document.value?.name === 'document' ? findChild(document.value, 'body') : undefined;
  if (body === undefined) return failWith('not-docx', `文件${quote(name)}的正文是空的`);
  const counter = new NumberingCounter(readNumberingDefinitions(numbering.value, styles.value));
  return ok(readBodyBlocks(body, counter));
}

interface Ledger {
  parts: TableParts;
  headers: string[];
}

/** Joins the ledger tables of a document into one table; undefined when there is none. */
function collectLedger(blocks: readonly Block[]): TableParts | undefined {
  let ledger: Ledger | undefined;
  const preamble: string[] = [];
  // Section headings right above the first ledger table open its first section.
  let leadingSections: RawRow[] = [];
  let tablesSeen = 0;
  for (const block of blocks) {
    if (block.kind === 'paragraph') {
      const text = normalizeCellText(block.text);
      if (text === '') continue;
      const isSection = findSectionHeading(text) !== undefined;
      if (ledger !== undefined) {
        if (isSection) ledger.parts.body.push(sectionRow(text, tablesSeen + 1));
      } else if (isSection) {
        leadingSections.push(sectionRow(text, tablesSeen + 1));
      } else {
        preamble.push(...leadingSections.map((row) => row.cells[0]?.text ?? ''), text);
        leadingSections = [];
      }
      continue;
    }
    tablesSeen = block.index;
    const parts = splitTable(block.rows);
    if (ledger === undefined) {
      if (parts === undefined) {
        preamble.push(...leadingSections.map((row) => row.cells[0]?.text ?? ''));
        preamble.push(...block.rows.map(describePreambleRow).filter((text) => text !== ''));
        leadingSections = [];
        continue;
      }
      ledger = {
        parts: {
          preamble: [...preamble, ...parts.preamble],
          header: parts.header,
          body: [...leadingSections, ...parts.body],
        },
        headers: rowTexts(parts.header).map(normalizeHeader),
      };
      continue;
    }
    if (parts !== undefined) {
      // Rows above a repeated header: a section heading, or a title to drop.
      for (const row of block.rows.slice(0, findHeaderIndex(block.rows) ?? 0)) {
        const text = describePreambleRow(row);
        if (findSectionHeading(text) !== undefined)
          ledger.parts.body.push(sectionRow(text, block.index, row.ref.row));
      }
      const mapping = mapColumns(ledger, rowTexts(parts.header).map(normalizeHeader));
      ledger.parts.body.push(...parts.body.map((row) => remapRow(row, mapping)));
    } else if (widthOf(block.rows) === ledger.headers.length) {
      ledger.parts.body.push(...block.rows);
    }
  }
  return ledger?.parts;
}

function sectionRow(text: string, table: number, row?: number): RawRow {
  return { cells: [{ text }], ref: row === undefined ? { table } : { table, row } };
}

function widthOf(rows: readonly RawRow[]): number {
  return rows.reduce((widest, row) => Math.max(widest, row.cells.length), 0);
}

/**
 * Where each column of a later table goes in the ledger: to the column with the same header,
 * or to a new column added at the end, so nothing a table holds is lost.
 */
function mapColumns(ledger: Ledger, headers: readonly string[]): number[] {
  const used = new Set<number>();
  return headers.map((header) => {
    const index = ledger.headers.findIndex(
      (known, position) => known === header && !used.has(position),
    );
    if (index !== -1) {
      used.add(index);
      return index;
    }
    ledger.headers.push(header);
    ledger.parts.header.cells.push({ text: header });
    used.add(ledger.headers.length - 1);
    return ledger.headers.length - 1;
  });
}

function remapRow(row: RawRow, mapping: readonly number[]): RawRow {
  if (mapping.every((target, source) => target === source)) return row;
  const cells: RawCell[] = [];
  row.cells.forEach((cell, source) => {
    const target = mapping[source] ?? source;
    while (cells.length <= target) cells.push({ text: '' });
    cells[target] = cell;
  });
  return { cells, ref: row.ref };
}
