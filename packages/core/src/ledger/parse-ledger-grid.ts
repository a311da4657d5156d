/**
 * The one ledger parser: any Grid (from .txt, .csv, .xlsx, .docx) → `duban.ledger/1`.
 *
 * It finds the header row and maps columns by name, reads section and task rows, rebuilds
 * merged unit cells (`lead-inherited`, `co-inherited`), splits unit cells into names, and adds
 * the findings it can make alone. Expected failures come back as issues naming the row.
 */
import type { Grid, GridRow, SourceRef } from '../grid/grid.ts';
import { describeRef } from '../grid/grid.ts';
import { detectProgressFindings } from '../findings/progress-findings.ts';
import { computeExpectedProgress, createPeriod, findPeriodInText } from '../period/period.ts';
import type { Issue, Result } from '../result/result.ts';
import { fail, ok } from '../result/result.ts';
import type { UnitJoin, UnitVocabulary } from '../units/split-units.ts';
import { buildUnitVocabulary, splitUnitCell } from '../units/split-units.ts';
import type { ColumnLayout } from './columns.ts';
import { COLUMN_LABELS, detectColumns, isHeaderRow, isKnownExtraColumn } from './columns.ts';
import { findSectionHeading, findTaskNumber } from './row-patterns.ts';
import type { TaskCells } from './task-layout.ts';
import { resolveTaskCells } from './task-layout.ts';
import { findOrganizationInTitle } from './title.ts';
import type { Ledger, LedgerTask, LedgerWarning, PeriodRef, Section } from './types.ts';
import { LEDGER_FORMAT } from './types.ts';

export interface ParseLedgerOptions {
  /** Overrides (or supplies) the period the title names; the CLI's `--period`. */
  period?: PeriodRef;
  /** Overrides (or supplies) the organisation the title names; the CLI's `--org`. */
  organization?: string;
  /**
   * Keep a row whose 序号 repeats an earlier one, under a provisional number (`5（重复2）`) with
   * a `duplicate-number` warning on its 序号, for a person to renumber or drop in the import
   * preview. By default a repeated 序号 is an issue that refuses the file (the CLI: a batch
   * import cannot ask which of two rows is meant).
   */
  keepRepeatedNumbers?: boolean;
}

type UnitRole = 'lead' | 'co';

interface TaskRow {
  no: string;
  row: GridRow;
  section: string;
  cells: TaskCells;
  /** Nothing above this task can have been merged into it (a section or the header is). */
  firstInSection: boolean;
  /** Set when the row repeats an earlier row's 序号 and was kept under a provisional number. */
  repeatOf?: { no: string; ref: SourceRef };
}

function cellTexts(row: GridRow): string[] {
  return row.cells.map((cell) => cell.text.trim());
}

function pathOf(ref: SourceRef): string {
  return describeRef(ref) || '表格';
}

function preview(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

/** The section heading a row opens, when its only content is that heading. */
function findSectionRow(row: GridRow): { ordinal: string; title: string } | undefined {
  const texts = cellTexts(row).filter((text) => text !== '');
  const first = texts[0];
  if (first === undefined) return undefined;
  const heading = findSectionHeading(first);
  // Readers of merged ranges repeat the heading across the row (`merged: 'left'`).
  return heading !== undefined && texts.every((text) => text === first) ? heading : undefined;
}

function describeJoin(join: UnitJoin): string {
  const parts = join.fragments.map((fragment) => `“${fragment}”`).join('');
  const reason =
    join.rule === 'document'
      ? '文中别处连写为一个名称'
      : join.rule === 'head-noun'
        ? '后一段只是“成员单位”之类的通称'
        : '前一段没有单位名称的结尾';
  return `${parts}合为一个单位“${join.unit}”（${reason}），请核对`;
}

interface Header {
  index: number;
  layout: ColumnLayout;
}

function findHeader(grid: Grid, issues: Issue[], titles: string[]): Header | undefined {
  for (const [index, row] of grid.rows.entries()) {
    const texts = cellTexts(row);
    if (isHeaderRow(texts)) return { index, layout: detectColumns(texts) };
    const number = findTaskNumber(texts[0] ?? '');
    if (number !== undefined && texts.slice(1).some((text) => text !== '')) {
      issues.push({
        code: 'row-before-header',
        path: pathOf(row.ref),
        message: `表头之前出现了任务行（序号${number}）：表格应先有“序号”“目标与任务”等列名`,
      });
    } else {
      const text = texts.filter((cell) => cell !== '').join(' ');
      if (text !== '') titles.push(text);
    }
  }
  return undefined;
}

function checkColumns(layout: ColumnLayout, ref: SourceRef, issues: Issue[]): LedgerWarning[] {
  for (const role of ['no', 'text'] as const) {
    if (layout.index[role] === undefined) {
      issues.push({
        code: 'missing-column',
        path: pathOf(ref),
        message: `表头缺少“${COLUMN_LABELS[role]}”列`,
      });
    }
  }
  const warnings: LedgerWarning[] = [];
  for (const role of ['lead', 'co', 'progress'] as const) {
    if (layout.index[role] === undefined) {
      warnings.push({
        code: 'column-missing',
        message: `表头没有“${COLUMN_LABELS[role]}”列，该项按空白处理`,
        field: role,
        ref,
      });
    }
  }
  // A column found under another name is a guess a person should see at that column.
  for (const role of ['no', 'text', 'lead', 'co', 'progress'] as const) {
    const position = layout.index[role];
    const header = position === undefined ? undefined : layout.headers[position];
    if (header === undefined || header === COLUMN_LABELS[role]) continue;
    warnings.push({
      code: 'column-guessed',
      message: `“${header}”列按“${COLUMN_LABELS[role]}”读取，请核对`,
      field: role,
      ref,
    });
  }
  layout.roles.forEach((role, position) => {
    const header = layout.headers[position] ?? '';
    if (role !== undefined || header === '' || isKnownExtraColumn(header)) return;
    warnings.push({
      code: 'extra-column',
      message: `“${header}”不是台账的标准列，已原样保留在附加字段中`,
      ref,
    });
  });
  return warnings;
}

interface TitleFacts {
  title: string;
  organization: string;
  period: PeriodRef;
  warnings: LedgerWarning[];
}

function resolveTitle(
  titles: readonly string[],
  options: ParseLedgerOptions,
  issues: Issue[],
): TitleFacts | undefined {
  const warnings: LedgerWarning[] = [];
  const found = titles.find((text) => findPeriodInText(text) !== undefined) ?? titles[0];
  const fromTitle = found === undefined ? undefined : findOrganizationInTitle(found);
  const organization = options.organization?.trim() || fromTitle;
  const titlePeriod = found === undefined ? undefined : findPeriodInText(found);
  const period =
    options.period === undefined
      ? titlePeriod
      : createPeriod(options.period.year, options.period.quarter);
  if (organization === undefined) {
    issues.push({
      code: 'organization-missing',
      path: '标题',
      message: '无法从标题确定是哪个单位的台账（如“弋江区”），请另行指定单位名称',
    });
  }
  if (period === undefined) {
    issues.push({
      code: 'period-missing',
      path: '标题',
      message: '无法从标题确定期次（如“2023年二季度”），请另行指定期次，如 2023Q2',
    });
  }
  if (organization === undefined || period === undefined) return undefined;
  if (fromTitle !== undefined && fromTitle !== organization) {
    warnings.push({
      code: 'organization-overridden',
      message: `标题写的是“${fromTitle}”，按指定的“${organization}”导入`,
    });
  }
  if (titlePeriod !== undefined && titlePeriod.label !== period.label) {
    warnings.push({
      code: 'period-overridden',
      message: `标题写的是${titlePeriod.label}，按指定的期次${period.label}导入`,
    });
  }
  let title = found ?? '';
  if (title === '') {
    title = `${organization}${period.year}年第${period.quarter}季度重点工作进展情况`;
    warnings.push({ code: 'title-generated', message: `表格上方没有标题，已使用“${title}”` });
  }
  return { title, organization, period, warnings };
}

interface Body {
  sections: Section[];
  tasks: TaskRow[];
  warnings: LedgerWarning[];
}

function readBody(grid: Grid, header: Header, issues: Issue[], keepRepeatedNumbers: boolean): Body {
  const { layout } = header;
  const width = layout.roles.length;
  const noIndex = layout.index.no ?? 0;
  const body: Body = { sections: [], tasks: [], warnings: [] };
  const seen = new Map<string, SourceRef>();
  let section = '';
  let previousInSection = false;

  for (const row of grid.rows.slice(header.index + 1)) {
    const texts = cellTexts(row);
    const number = findTaskNumber(texts[noIndex] ?? '');
    // A header repeated on a new page; a task whose cells happen to read like headers is not.
    if (texts.every((text) => text === '') || (number === undefined && isHeaderRow(texts))) {
      continue;
    }
    const heading = number === undefined ? findSectionRow(row) : undefined;
    if (heading !== undefined) {
      if (body.sections.some((known) => known.ordinal === heading.ordinal)) {
        body.warnings.push({
          code: 'section-repeated',
          message: `部分“${heading.ordinal}”出现了不止一次`,
          ref: row.ref,
        });
      } else {
        body.sections.push(heading);
      }
      section = heading.ordinal;
      previousInSection = false;
      continue;
    }
    if (number === undefined) {
      body.warnings.push({
        code: 'row-skipped',
        message: `这一行既不是任务也不是部分标题，已跳过：“${preview(texts.filter((text) => text !== '').join(' '))}”`,
        ref: row.ref,
      });
      continue;
    }
    const tooMany = grid.mergesLost
      ? row.cells.length > width
      : texts.slice(width).some((text) => text !== '');
    if (tooMany) {
      issues.push({
        code: 'too-many-cells',
        path: pathOf(row.ref),
        message: `序号${number}这一行有${row.cells.length}个单元格，但表头只有${width}列`,
      });
      continue;
    }
    const first = seen.get(number);
    if (first !== undefined && keepRepeatedNumbers) {
      let provisional = '';
      for (let k = 2; provisional === '' || seen.has(provisional); k++) {
        provisional = `${number}（重复${k}）`;
      }
      seen.set(provisional, row.ref);
      const cells = resolveTaskCells(row, layout, grid.mergesLost);
      const repeatOf = { no: number, ref: first };
      body.tasks.push({
        no: provisional,
        row,
        section,
        cells,
        firstInSection: !previousInSection,
        repeatOf,
      });
      previousInSection = true;
      continue;
    }
    if (first !== undefined) {
      issues.push({
        code: 'duplicate-number',
        path: pathOf(row.ref),
        message: `序号${number}重复：${pathOf(first)}和${pathOf(row.ref)}都是${number}号`,
      });
      continue;
    }
    seen.set(number, row.ref);
    const cells = resolveTaskCells(row, layout, grid.mergesLost);
    body.tasks.push({ no: number, row, section, cells, firstInSection: !previousInSection });
    previousInSection = true;
  }
  return body;
}

function buildVocabulary(tasks: readonly TaskRow[]): UnitVocabulary {
  const cells: string[] = [];
  for (const task of tasks) {
    for (const role of ['lead', 'co'] as const) {
      const value = task.cells.values[role];
      if (value !== undefined && !task.cells.inherited.has(role)) cells.push(value);
    }
  }
  return buildUnitVocabulary(cells);
}

function resolveUnits(
  task: TaskRow,
  role: UnitRole,
  previous: LedgerTask | undefined,
  vocabulary: UnitVocabulary,
  warnings: LedgerWarning[],
): string[] {
  const ref = task.row.ref;
  const value = task.cells.values[role];
  const label = COLUMN_LABELS[role];
  if (task.cells.inherited.has(role) && value === undefined && task.firstInSection) {
    warnings.push({
      code: `${role}-missing`,
      message: `${label}缺失：这一行像是与上一行合并了单元格，但上一行不是任务，无从继承`,
      field: role,
      ref,
    });
    return [];
  }
  if (task.cells.inherited.has(role)) {
    warnings.push({
      code: `${role}-inherited`,
      message: `${label}取自上一行（合并单元格）`,
      field: role,
      ref,
    });
    // A lost cell repeats what the task above resolved; a merged-above cell holds it already.
    if (value === undefined) return [...(previous?.[role] ?? [])];
    return splitUnitCell(value, vocabulary).units;
  }
  const split = splitUnitCell(value ?? '', vocabulary);
  for (const join of split.joins) {
    warnings.push({ code: 'unit-joined', message: describeJoin(join), field: role, ref });
  }
  return split.units;
}

function buildTask(
  task: TaskRow,
  previous: LedgerTask | undefined,
  vocabulary: UnitVocabulary,
  period: PeriodRef,
): LedgerTask {
  const warnings: LedgerWarning[] = [];
  const ref = task.row.ref;
  const { values, extra } = task.cells;
  if (task.repeatOf !== undefined) {
    const { no, ref: first } = task.repeatOf;
    warnings.push({
      code: 'duplicate-number',
      message: `序号${no}重复（${pathOf(first)}也是${no}号），暂记为“${task.no}”：请改为正确的序号，或删除这一行`,
      field: 'no',
      ref,
    });
  }
  if (task.cells.ambiguous) {
    warnings.push({
      code: 'layout-ambiguous',
      message:
        '这一行末尾的空单元格既可能是合并单元格，也可能是未填写的进展情况；按后者处理，请核对',
      field: 'progress',
      ref,
    });
  }
  const lead = resolveUnits(task, 'lead', previous, vocabulary, warnings);
  const coAll = resolveUnits(task, 'co', previous, vocabulary, warnings);
  const co = coAll.filter((unit) => !lead.includes(unit));
  for (const unit of coAll.filter((name) => lead.includes(name))) {
    warnings.push({
      code: 'co-same-as-lead',
      message: `“${unit}”已是牵头责任单位，不能同时作为责任单位，已从责任单位中去掉`,
      field: 'co',
      ref,
    });
  }
  const text = values.text ?? '';
  if (text === '') {
    warnings.push({ code: 'text-missing', message: '目标与任务为空', field: 'text', ref });
  }
  if (lead.length === 0 && !warnings.some((warning) => warning.code === 'lead-missing')) {
    warnings.push({ code: 'lead-missing', message: '没有牵头责任单位', field: 'lead', ref });
  }
  const result: LedgerTask = {
    no: task.no,
    section: task.section,
    text,
    lead,
    co,
    progress: values.progress ?? '',
    targets: [],
    actuals: [],
    status: { completion: null, expected: computeExpectedProgress(period), light: 'grey' },
    warnings,
  };
  if (Object.keys(extra).length > 0) result.extra = extra;
  return result;
}

/**
 * Parses a Grid into a ledger. The title (first preamble line, or a text row above the header)
 * gives the organisation and period unless `options` supply them.
 *
 * Never throws: bad input comes back as `{ ok: false, issues }`, each issue naming its row
 * (`第63行`). Problems that do not stop the import are `warnings` on the task or the ledger.
 *
 * @example
 * ```ts
 * const grid: Grid = {
 *   name: 'a.txt',
 *   preamble: ['弋江区2023年二季度重点工作进展和完成情况'],
 *   mergesLost: true,
 *   rows: [
 *     { ref: { line: 2 }, cells: ['序号', '目标与任务', '牵头责任单位', '责任单位', '进展情况'].map((text) => ({ text })) },
 *     { ref: { line: 7 }, cells: ['1', '任务一', '区发改委', '区商务局', '已完成'].map((text) => ({ text })) },
 *     { ref: { line: 12 }, cells: ['2', '任务二', '区经信局', '进行中', ''].map((text) => ({ text })) },
 *   ],
 * };
 * const result = parseLedgerGrid(grid);
 * // result.value.tasks[1].lead → ['区发改委'] (lead-inherited), .co → ['区经信局']
 * ```
 */
export function parseLedgerGrid(grid: Grid, options: ParseLedgerOptions = {}): Result<Ledger> {
  const issues: Issue[] = [];
  const titles = grid.preamble.map((line) => line.trim()).filter((line) => line !== '');
  const header = findHeader(grid, issues, titles);
  if (header === undefined) {
    const empty = titles.length === 0 && grid.rows.length === 0;
    issues.push(
      empty
        ? { code: 'empty', path: '全文', message: '没有任何内容' }
        : {
            code: 'no-header',
            path: '表头',
            message: '没有找到表头：台账应有“序号”“目标与任务”“牵头责任单位”“进展情况”等列',
          },
    );
    return fail(...issues);
  }
  const headerRef = grid.rows[header.index]?.ref ?? {};
  const columnWarnings = checkColumns(header.layout, headerRef, issues);
  const facts = resolveTitle(titles, options, issues);
  const body = readBody(grid, header, issues, options.keepRepeatedNumbers === true);
  if (issues.length === 0 && body.tasks.length === 0) {
    issues.push({ code: 'no-tasks', path: pathOf(headerRef), message: '表头之后没有任务行' });
  }
  if (issues.length > 0 || facts === undefined) return fail(...issues);

  const vocabulary = buildVocabulary(body.tasks);
  const tasks: LedgerTask[] = [];
  for (const task of body.tasks) {
    tasks.push(buildTask(task, tasks.at(-1), vocabulary, facts.period));
  }
  return ok({
    format: LEDGER_FORMAT,
    title: facts.title,
    organization: facts.organization,
    period: facts.period,
    sections: body.sections,
    tasks,
    findings: detectProgressFindings(tasks),
    warnings: [...facts.warnings, ...columnWarnings, ...body.warnings],
  });
}
