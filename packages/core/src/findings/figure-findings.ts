/**
 * Review findings about figures: the same quantity with different numbers in different rows
 * (conflicting-figure), a numeric target with no measurable progress (no-figures), progress that
 * says 已完成 while its figure is short of the target or missing (claim-without-figure), and
 * progress copied unchanged from the previous period (stale-progress).
 */
import { matchActuals } from '../figures/match.ts';
import { compareMetrics, sharesHead, trimMetric } from '../figures/metric.ts';
import type { Actual, Finding, LedgerTask, Target } from '../ledger/types.ts';
import { findQuantities } from '../numbers/quantities.ts';

type FigureTask = Pick<LedgerTask, 'no' | 'progress' | 'targets' | 'actuals'>;
type ProgressOf = Pick<LedgerTask, 'no' | 'progress'>;

/**
 * All figure findings of one period's tasks: conflicting-figure, then no-figures, then
 * claim-without-figure.
 *
 * @example
 * findFigureFindings(ledger.tasks);
 * // [{ kind: 'conflicting-figure', tasks: ['35', '38', '100'], message: '“大学生”在3项任务中的数字不一致：…' }, …]
 */
export function findFigureFindings(tasks: readonly FigureTask[]): Finding[] {
  return [
    ...findConflictingFigures(tasks),
    ...findTargetsWithoutFigures(tasks),
    ...findClaimsWithoutFigures(tasks),
  ];
}

/** Leading words that change how a quantity is said, not which quantity it is. */
const SAME_QUANTITY_PREFIX =
  /^(新引进|引进|引育|新招引|招引|新增|新|累计|已|全区|我区|共|其中|截至目前)/;
/** Ratios, shares and totals depend on their context; the same name rarely means one figure. */
const CONTEXTUAL = /(率|度|支出|金额|总投资额?|增幅|增速|同比.*|占比|比重|共处)$/;
/** Shorter names (整改, 处罚) are too general to say two rows mean the same quantity. */
const MIN_CONFLICT_METRIC = 3;

function quantityName(metric: string): string {
  let name = trimMetric(metric);
  for (let next = name.replace(SAME_QUANTITY_PREFIX, ''); next !== name && next.length >= 2;) {
    name = next;
    next = name.replace(SAME_QUANTITY_PREFIX, '');
  }
  return name;
}

function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

interface Occurrence {
  no: string;
  order: number;
  name: string;
  actual: Actual;
}

/**
 * `conflicting-figure`: the same quantity (same unit, same name once words such as 新引进 or
 * 全区 are set aside) reported with different numbers by different tasks of one period.
 * Percentages and ratios are left out (工程量30% of one project is not 工程量47% of another),
 * and so is a name a task uses for two different numbers, which says too little.
 *
 * @example
 * findConflictingFigures(tasks); // the seed: 新引进大学生8718人 (35, 100) vs 大学生9168人 (38)
 */
export function findConflictingFigures(tasks: readonly FigureTask[]): Finding[] {
  const occurrences: Occurrence[] = [];
  tasks.forEach((task, order) => {
    const mine = task.actuals
      .map((actual) => ({ no: task.no, order, name: quantityName(actual.metric), actual }))
      .filter(
        (o) =>
          o.actual.unit !== '%' &&
          Array.from(o.name).length >= MIN_CONFLICT_METRIC &&
          !CONTEXTUAL.test(o.name),
      );
    for (const o of mine) {
      const ambiguous = mine.some(
        (other) =>
          other.name === o.name &&
          other.actual.unit === o.actual.unit &&
          !sameValue(other.actual.value, o.actual.value),
      );
      if (!ambiguous) occurrences.push(o);
    }
  });
  // Only equal names group: names that are merely alike (5亿元以上项目, 50亿元以上项目) are
  // too often different quantities, and a false conflict costs the office a search.
  const groups = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    const key = `${o.name}|${o.actual.unit}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const findings: Finding[] = [];
  for (const group of groups.values()) {
    const taskNos = [...new Set(group.map((o) => o.no))];
    const values: { value: number; unit: string; tasks: string[] }[] = [];
    for (const o of Array.from(group).sort((a, b) => a.order - b.order)) {
      const seen = values.find((v) => sameValue(v.value, o.actual.value));
      if (seen === undefined)
        values.push({ value: o.actual.value, unit: o.actual.unit, tasks: [o.no] });
      else if (!seen.tasks.includes(o.no)) seen.tasks.push(o.no);
    }
    if (taskNos.length < 2 || values.length < 2) continue;
    const name = group[0]?.name ?? '';
    const ordered = Array.from(group)
      .sort((a, b) => a.order - b.order)
      .map((o) => o.no);
    findings.push({
      kind: 'conflicting-figure',
      tasks: [...new Set(ordered)],
      message: `“${name}”在${taskNos.length}项任务中的数字不一致：${values
        .map((v) => `${formatFigure(v.value, v.unit)}（第${v.tasks.join('、')}项）`)
        .join('，')}`,
    });
  }
  return findings;
}

/**
 * `no-figures`: a task with a numeric target whose progress has no figure that measures any of
 * its targets (新增公共停车位不少于9330个, progress without a count). Tasks with no progress
 * at all are left to `missing-progress`.
 */
export function findTargetsWithoutFigures(tasks: readonly FigureTask[]): Finding[] {
  return tasks
    .filter((task) => task.targets.length > 0 && task.progress.trim() !== '')
    .filter((task) => matchActuals(task.targets, task.actuals).every((m) => m === undefined))
    .map((task) => ({
      kind: 'no-figures',
      tasks: [task.no],
      message: `第${task.no}项任务有量化目标（${task.targets.map((t) => t.source).join('；')}），但进展情况中没有可对照的数字`,
    }));
}

/** A clause that says its subject is finished: 仓津A地块和仓津C地块规划支路建设已完成. */
const CLAIM =
  /(已经|均已|已全部|已全面|已|全部|全面|圆满|顺利)(完成|完工|建成|竣工|达标)(了)?$|完成(了)?(全年)?(目标)?任务$/;
const CLAUSES = /[,，;；。!！?？]/;

/**
 * `claim-without-figure`: progress says a target's work is finished (…已完成) while the figure
 * that measures the target is below it, or there is no such figure. Claims with a number of
 * their own (已建成12个助餐点) report partial progress and are not claims of completion.
 */
export function findClaimsWithoutFigures(tasks: readonly FigureTask[]): Finding[] {
  const findings: Finding[] = [];
  for (const task of tasks) {
    if (task.targets.length === 0) continue;
    const claims = task.progress
      .split(CLAUSES)
      .map((c) => c.trim())
      .filter(
        (c) => CLAIM.test(c) && !findQuantities(c).some((q) => !q.qualifier && q.unit !== ''),
      );
    if (claims.length === 0) continue;
    const matches = matchActuals(task.targets, task.actuals);
    task.targets.forEach((target, i) => {
      const claim = claims.find((c) => isAbout(c, target));
      if (claim === undefined) return;
      const index = matches[i];
      const actual = index === undefined ? undefined : task.actuals[index];
      if (actual === undefined) {
        findings.push({
          kind: 'claim-without-figure',
          tasks: [task.no],
          message: `第${task.no}项任务进展称“${claim}”，但没有对应目标（${target.source}）的数字`,
        });
      } else if (isShort(target, actual)) {
        findings.push({
          kind: 'claim-without-figure',
          tasks: [task.no],
          message: `第${task.no}项任务进展称“${claim}”，但数字（${formatFigure(actual.value, actual.unit)}）未达到目标（${target.source}）`,
        });
      }
    });
  }
  return findings;
}

function isAbout(claim: string, target: Target): boolean {
  const subject = claim.replace(CLAIM, '');
  // 已全部完成 on its own speaks of the whole task.
  if (Array.from(subject).length <= 2) return true;
  return compareMetrics(target.metric, subject) >= 0.3 || sharesHead(target.metric, subject);
}

function isShort(target: Target, actual: Actual): boolean {
  if (target.bound === 'max') return actual.value > target.value;
  if (actual.unit === '%' && target.unit !== '%') return actual.value < 100;
  return actual.value < target.value;
}

/** Spacing and the width of punctuation differ between copies of the same words. */
function comparableText(text: string): string {
  return text
    .replace(/[\s\u3000]+/gu, '')
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/**
 * `stale-progress`: tasks whose progress this period is the same text as last period's (same
 * task number; spacing and full- or half-width punctuation ignored). Empty progress is left to
 * `missing-progress`.
 *
 * @example
 * findStaleProgress([{ no: '63', progress: '已完成。' }], [{ no: '63', progress: '已完成。' }]);
 * // [{ kind: 'stale-progress', tasks: ['63'], message: '第63项任务的进展情况与上期完全相同' }]
 */
export function findStaleProgress(
  current: readonly ProgressOf[],
  previous: readonly ProgressOf[],
): Finding[] {
  const before = new Map(previous.map((task) => [task.no, comparableText(task.progress)]));
  return current
    .filter((task) => {
      const now = comparableText(task.progress);
      return now !== '' && before.get(task.no) === now;
    })
    .map((task) => ({
      kind: 'stale-progress',
      tasks: [task.no],
      message: `第${task.no}项任务的进展情况与上期完全相同`,
    }));
}

/** 14055000000 元 → 140.55亿元; 14093 人 → 14093人. */
export function formatFigure(value: number, unit: string): string {
  if (unit === '元' && Math.abs(value) >= 1e8) return `${trimNumber(value / 1e8)}亿元`;
  if (unit === '元' && Math.abs(value) >= 1e4) return `${trimNumber(value / 1e4)}万元`;
  return `${trimNumber(value)}${unit}`;
}

function trimNumber(value: number): string {
  return String(Number(value.toFixed(4)));
}
