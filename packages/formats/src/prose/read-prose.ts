/**
 * A prose notice (通知, 分解方案) → Grid. Such a notice lists its tasks as numbered items under
 * 一、/（一）/1、 headings, and names each task's units either in a trailing bracket —
 * “……（牵头单位：区发改委；责任单位：区经信局、区商务局）” — or on lines of their own
 * (牵头单位：…, 责任单位：…). We turn it into the table the ledger parser already reads: the
 * five standard columns 序号 | 目标与任务 | 牵头责任单位 | 责任单位 | 进展情况 (plus 完成时限,
 * 分管领导 … when the notice gives them), with section rows written `(一)…`.
 */
import type { Grid, GridRow, Result, SourceRef } from '@duban/core';
import { ok } from '@duban/core';
import { normalizeCellText } from '../shared/cell-text.ts';
import { failWith, quote } from '../shared/issues.ts';

/** One line (or paragraph) of the notice and where it came from. */
export interface ProseLine {
  text: string;
  ref: SourceRef;
}

type Kind = 'chapter' | 'section' | 'item' | 'subitem' | 'circled';

interface Node {
  kind: Kind;
  /** The number as written, Chinese numerals converted (`三` → 3, `⑤` → 5). */
  number: number;
  /** The whole line as written, for an item below the task level that joins its task. */
  line: string;
  text: string;
  lead: string[];
  co: string[];
  /** Labelled units that do not say which is the lead (责任单位：A、B). */
  responsible: string[];
  extra: Map<string, string>;
  ref: SourceRef;
  /** Set once the task's units are given: later plain lines are not part of its text. */
  closed: boolean;
}

const CHINESE_NUMERAL = '[一二三四五六七八九十]{1,3}';
const PATTERNS: readonly [Kind, RegExp][] = [
  ['chapter', new RegExp(`^(${CHINESE_NUMERAL})\\s*[、.．]\\s*(.*)$`, 'su')],
  ['section', new RegExp(`^[(（]\\s*(${CHINESE_NUMERAL})\\s*[)）]\\s*(.*)$`, 'su')],
  // `1.8万人` is a figure, not item 1: the separator must not be followed by a digit.
  ['item', /^(\d{1,3})\s*(?:[、．)）]|\.(?!\d))\s*(.*)$/su],
  ['subitem', /^[(（]\s*(\d{1,3})\s*[)）]\s*(.*)$/su],
  ['circled', /^([\u2460-\u2473\u2474-\u2487])\s*(.*)$/su],
];

const LEAD_LABEL = '牵头责任单位|牵头单位|牵头部门';
const RESPONSIBLE_LABEL = '责任单位|责任部门|主体单位';
const CO_LABEL = '配合单位|配合部门|协办单位|协同单位|参与单位';
const EXTRA_LABEL =
  '完成时限|完成时间|时间节点|时限要求|分管领导|责任领导|牵头领导|区领导|责任人|备注';
const LABEL = new RegExp(
  `(${LEAD_LABEL}|${RESPONSIBLE_LABEL}|${CO_LABEL}|${EXTRA_LABEL})\\s*[:：]`,
  'gu',
);
const LABEL_LINE = new RegExp(
  `^(?:${LEAD_LABEL}|${RESPONSIBLE_LABEL}|${CO_LABEL}|${EXTRA_LABEL})\\s*[:：]`,
  'u',
);
const UNIT_SEPARATOR = /[、，,；;\s]+/u;
const TRAILING_PUNCTUATION = /[\s。；;，,]+$/u;

const STANDARD_HEADER = ['序号', '目标与任务', '牵头责任单位', '责任单位', '进展情况'];
const EXTRA_HEADERS: Record<string, string> = { 完成时间: '完成时限', 时限要求: '完成时限' };

function toNumber(kind: Kind, written: string): number {
  if (kind === 'circled') {
    const code = written.codePointAt(0) ?? 0;
    return code >= 0x2474 ? code - 0x2473 : code - 0x245f;
  }
  if (kind === 'item' || kind === 'subitem') return Number(written);
  return parseChineseNumeral(written);
}

/** 一 → 1, 十 → 10, 十二 → 12, 二十三 → 23. */
export function parseChineseNumeral(text: string): number {
  const digits = '零一二三四五六七八九';
  const [tens, ones] = text.includes('十') ? text.split('十') : ['', text];
  const tensValue = text.includes('十') ? Math.max(digits.indexOf(tens ?? ''), 1) : 0;
  const onesValue = ones === undefined || ones === '' ? 0 : digits.indexOf(ones);
  return tensValue * 10 + Math.max(onesValue, 0);
}

function toChineseNumeral(value: number): string {
  const digits = '零一二三四五六七八九';
  if (value < 10) return digits[value] ?? String(value);
  const tens = Math.floor(value / 10);
  const ones = value % 10;
  return `${tens === 1 ? '' : (digits[tens] ?? '')}十${ones === 0 ? '' : (digits[ones] ?? '')}`;
}

function matchNumbered(text: string): { kind: Kind; number: number; rest: string } | undefined {
  for (const [kind, pattern] of PATTERNS) {
    const match = pattern.exec(text);
    if (match?.[1] !== undefined)
      return { kind, number: toNumber(kind, match[1]), rest: (match[2] ?? '').trim() };
  }
  return undefined;
}

function splitUnits(text: string): string[] {
  return text
    .replace(TRAILING_PUNCTUATION, '')
    .split(UNIT_SEPARATOR)
    .map((unit) => unit.trim())
    .filter((unit) => unit !== '' && unit !== '等');
}

/**
 * Reads labelled fields (牵头单位：…；责任单位：…；完成时限：…) into the node. A value runs to
 * the next label, so both `；` and `，` work as separators between fields.
 */
function applyLabels(node: Node, text: string): boolean {
  const labels = [...text.matchAll(LABEL)];
  if (labels.length === 0) return false;
  labels.forEach((match, index) => {
    const label = match[1] ?? '';
    const start = match.index + match[0].length;
    const end = labels[index + 1]?.index ?? text.length;
    const value = text.slice(start, end).replace(TRAILING_PUNCTUATION, '').trim();
    if (new RegExp(`^(?:${LEAD_LABEL})$`, 'u').test(label)) {
      node.lead.push(...splitUnits(value));
    } else if (new RegExp(`^(?:${CO_LABEL})$`, 'u').test(label)) {
      node.co.push(...splitUnits(value));
    } else if (new RegExp(`^(?:${RESPONSIBLE_LABEL})$`, 'u').test(label)) {
      applyResponsible(node, value);
    } else if (value !== '') {
      node.extra.set(EXTRA_HEADERS[label] ?? label, value);
    }
  });
  return true;
}

/** 责任单位：区发改委（牵头）、区经信局 — a unit marked 牵头 is the lead. */
function applyResponsible(node: Node, value: string): void {
  for (const unit of splitUnits(value.replace(/[(（]\s*牵头\s*[)）]/gu, '#LEAD#'))) {
    if (unit.endsWith('#LEAD#')) node.lead.push(unit.slice(0, -'#LEAD#'.length));
    else node.responsible.push(unit);
  }
}

/** 区发改委牵头，区经信局、区商务局配合 — the form without labels. */
function applyUnlabelled(node: Node, text: string): boolean {
  const parts = text.split(/[，,；;]/u).map((part) => part.trim());
  let found = false;
  for (const part of parts) {
    const lead = /^(.+?)(?:牵头负责|牵头)$/u.exec(part);
    const co = /^(.+?)(?:配合|参与|协助|协办)$/u.exec(part);
    if (lead?.[1] !== undefined) {
      node.lead.push(...splitUnits(lead[1]));
      found = true;
    } else if (co?.[1] !== undefined) {
      node.co.push(...splitUnits(co[1]));
      found = true;
    }
  }
  return found;
}

/**
 * The bracket a task's text ends with, matched from the end so a bracket inside it (区发改委
 * （牵头）) does not cut it short: `[text before, inside]`, or undefined.
 */
function findTrailingBracket(text: string): [string, string] | undefined {
  const trimmed = text.replace(/[\s。；;]+$/u, '');
  const last = trimmed.at(-1);
  if (last !== ')' && last !== '）') return undefined;
  let depth = 0;
  for (let position = trimmed.length - 1; position >= 0; position--) {
    const ch = trimmed[position];
    if (ch === ')' || ch === '）') depth++;
    else if (ch === '(' || ch === '（') depth--;
    if (depth === 0) return [trimmed.slice(0, position), trimmed.slice(position + 1, -1)];
  }
  return undefined;
}

/** Moves the units of a trailing bracket out of the node's text. */
function extractBracket(node: Node): void {
  const bracket = findTrailingBracket(node.text);
  if (bracket === undefined) return;
  const [before, inside] = bracket;
  const probe: Node = { ...node, lead: [], co: [], responsible: [], extra: new Map() };
  if (!applyLabels(probe, inside) && !applyUnlabelled(probe, inside)) return;
  node.text = before.replace(/[\s，,；;]+$/u, '');
  node.lead.push(...probe.lead);
  node.co.push(...probe.co);
  node.responsible.push(...probe.responsible);
  for (const [key, value] of probe.extra) node.extra.set(key, value);
  node.closed = true;
}

function hasOpenBracket(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '（') depth++;
    else if ((ch === ')' || ch === '）') && depth > 0) depth--;
  }
  return depth > 0;
}

function hasUnits(node: Node): boolean {
  return node.lead.length + node.co.length + node.responsible.length > 0;
}

function appendText(node: Node, text: string): void {
  node.text = node.text === '' ? text : normalizeCellText(`${node.text}\n${text}`);
}

interface Parsed {
  preamble: string[];
  nodes: Node[];
}

function parseLines(lines: readonly ProseLine[]): Parsed {
  const preamble: string[] = [];
  const nodes: Node[] = [];
  let current: Node | undefined;
  for (const line of lines) {
    const text = line.text.trim();
    if (text === '') continue;
    const numbered = matchNumbered(text);
    if (numbered !== undefined) {
      if (current !== undefined) extractBracket(current);
      current = {
        kind: numbered.kind,
        number: numbered.number,
        line: text,
        text: numbered.rest,
        lead: [],
        co: [],
        responsible: [],
        extra: new Map(),
        ref: line.ref,
        closed: false,
      };
      nodes.push(current);
      extractBracket(current);
    } else if (current === undefined) {
      preamble.push(text);
    } else if (LABEL_LINE.test(text) && !hasOpenBracket(current.text)) {
      applyLabels(current, text);
      current.closed = true;
    } else if (!current.closed) {
      // A bracket wrapped onto the next line closes here.
      appendText(current, text);
      extractBracket(current);
    }
  }
  return { preamble, nodes };
}

const KIND_ORDER: readonly Kind[] = ['chapter', 'section', 'item', 'subitem', 'circled'];

/** The kind most of the unit-bearing nodes have: the notice's task level. */
function findTaskKind(nodes: readonly Node[]): Kind | undefined {
  const counts = new Map<Kind, number>();
  for (const node of nodes)
    if (hasUnits(node)) counts.set(node.kind, (counts.get(node.kind) ?? 0) + 1);
  let best: Kind | undefined;
  for (const [kind, count] of counts)
    if (best === undefined || count > (counts.get(best) ?? 0)) best = kind;
  return best;
}

function resolveUnits(node: Node): { lead: string[]; co: string[] } {
  // Notices list the lead first when they name only 责任单位 (排在首位的为牵头单位).
  const responsible = node.lead.length === 0 ? node.responsible : [];
  const lead = node.lead.length > 0 ? node.lead : responsible.slice(0, 1);
  const co = [...(node.lead.length > 0 ? node.responsible : responsible.slice(1)), ...node.co];
  return { lead: dedupe(lead), co: dedupe(co).filter((unit) => !lead.includes(unit)) };
}

function dedupe(units: readonly string[]): string[] {
  return [...new Set(units)];
}

/**
 * Reads the lines of a notice into a Grid with the standard columns. Fails with `no-tasks`
 * when no numbered item names its units.
 *
 * @example
 * ```ts
 * readProseLines('通知.txt', [
 *   { text: '一、以更实举措提升经济高质量发展质效', ref: { line: 3 } },
 *   { text: '1.坚持壮大主导产业（牵头单位：区发改委；责任单位：区经信局、区商务局）', ref: { line: 4 } },
 * ]);
 * // rows: 序号|目标与任务|牵头责任单位|责任单位|进展情况, (一)以更实举措…, 1|坚持壮大主导产业|区发改委|区经信局、区商务局|
 * ```
 */
export function readProseLines(name: string, lines: readonly ProseLine[]): Result<Grid> {
  const { preamble, nodes } = parseLines(lines);
  const taskKind = findTaskKind(nodes);
  if (taskKind === undefined) {
    return failWith(
      'no-tasks',
      `文件${quote(name)}中找不到任务：既没有表格，也没有按“一、”“（一）”“1、”编号并注明“牵头单位：”“责任单位：”的条目`,
    );
  }
  const taskLevel = KIND_ORDER.indexOf(taskKind);
  const isTask = (node: Node) =>
    node.kind === taskKind || (hasUnits(node) && KIND_ORDER.indexOf(node.kind) < taskLevel);
  const headingKinds = KIND_ORDER.filter(
    (kind, level) => level < taskLevel && nodes.some((node) => node.kind === kind && !isTask(node)),
  );
  const sectionKind = headingKinds[0];
  const groupKind = headingKinds.at(-1);

  const tasks = nodes.filter(isTask);
  const numbers = tasks.map((node) => node.number);
  const composite = new Set(numbers).size !== numbers.length;
  const extraHeaders = [...new Set(tasks.flatMap((node) => [...node.extra.keys()]))];
  const header = [...STANDARD_HEADER, ...extraHeaders];

  const first = tasks[0];
  const rows: GridRow[] = [{ cells: header.map((text) => ({ text })), ref: first?.ref ?? {} }];
  let group = 0;
  let sectionCount = 0;
  let lastTask: GridRow | undefined;
  for (const node of nodes) {
    const textCell = lastTask?.cells[1];
    if (!isTask(node) && KIND_ORDER.indexOf(node.kind) > taskLevel && textCell !== undefined) {
      // Points listed under a task ((1)…, ①…) are part of its text.
      textCell.text = normalizeCellText(`${textCell.text}\n${node.line}`);
      continue;
    }
    if (isTask(node)) {
      const { lead, co } = resolveUnits(node);
      const no = composite ? `${Math.max(group, 1)}.${node.number}` : String(node.number);
      const cells = [
        no,
        node.text,
        lead.join('、'),
        co.join('、'),
        '',
        ...extraHeaders.map((key) => node.extra.get(key) ?? ''),
      ];
      lastTask = { cells: cells.map((text) => ({ text })), ref: node.ref };
      rows.push(lastTask);
      continue;
    }
    if (node.kind === groupKind) group++;
    if (node.kind === sectionKind) {
      sectionCount++;
      const ordinal =
        node.kind === 'chapter' || node.kind === 'section'
          ? toChineseNumeral(node.number)
          : toChineseNumeral(sectionCount);
      rows.push({
        cells: [{ text: `(${ordinal})${node.text}` }, ...header.slice(1).map(() => ({ text: '' }))],
        ref: node.ref,
      });
    }
  }
  return ok({ name, preamble: withDocumentTitle(preamble), rows, mergesLost: false });
}

/**
 * A notice is titled 关于印发《弋江区2024年一季度重点工作任务清单》的通知; the ledger's title is
 * the document it issues, so that comes first and names the organisation and period.
 */
function withDocumentTitle(preamble: readonly string[]): string[] {
  const issued = /《([^》]+)》/u.exec(preamble[0] ?? '')?.[1];
  return issued === undefined ? [...preamble] : [issued, ...preamble];
}

/** Reads a notice held as plain text, one paragraph per line. */
export function readProseText(name: string, text: string): Result<Grid> {
  const lines = text
    .split(/\r\n|\r|\n/u)
    .map((line, index): ProseLine => ({ text: line, ref: { line: index + 1 } }));
  return readProseLines(name, lines);
}
