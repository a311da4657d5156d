/**
 * Actual figures read from a progress text: 上半年，全区城镇新增就业14093人 → 14093 人. Forecasts
 * and plans (预计实现产值12亿元, 计划改造的6个小区, 力争…) are told apart and returned separately.
 */
import type { Actual, Target } from '../ledger/types.ts';
import { findQuantities, type Quantity } from '../numbers/quantities.ts';
import { MEASURE_UNITS } from '../numbers/units.ts';
import { matchActuals } from './match.ts';
import {
  CLAUSE_BREAK,
  describeMetric,
  isDependentMetric,
  SENTENCE_BREAK,
  trimMetric,
} from './metric.ts';
import { findSegmentStart } from './targets.ts';

export interface ProgressFigures {
  /** What has been done or measured as of the period. */
  actuals: Actual[];
  /** Figures stated as forecasts, plans or aims (预计, 计划, 拟, 力争 …). */
  forecasts: Actual[];
}

/** Words that make a figure a forecast or plan when they come before it in its clause. */
const FORECAST_BEFORE =
  /(预计|计划(?!生育)|拟|力争|争取|即将|(?<!将)将(?!军)|筹备|下一步|有望|预期)/;
/** 预计 anywhere in the clause: 其余3个助餐点预计8月底前建成. */
const FORECAST_ANYWHERE = /预计/;
/** A clause with one of these reports what is done, so a forecast before it does not reach it. */
const DONE_MARKER = /(已|目前|截至|截止|现有)/;
/** A capacity, not an output: 年产能80-100万套, 国威通年产50万套. */
const CAPACITY_BEFORE = /(年产能?|产能)$/;
/** The size of a project, not progress on it: 工程共16.9公里, 工程总投资约1695.07万元. */
const SCOPE_BEFORE = /(工程|项目|计划)(共计|共|总投资|总计|合计)$/;
/** 9000亩高标准农田建设项目: an amount that sizes the project named after it. */
const SCOPE_AFTER = /^[^\d,，。;；、()（）]{0,12}?(项目|工程)/;

/**
 * Reads the actual figures of a progress text, leaving out forecasts and plans. With the task's
 * targets, an actual that measures a target takes the target's metric, so the pair can be
 * found again (城镇新增就业14093人 ↔ 新增城镇就业1.8万人).
 *
 * @example
 * extractActuals('上半年，全区城镇新增就业14093人，城镇登记失业率1.12%。');
 * // [{ metric: '城镇新增就业', value: 14093, unit: '人', source: '全区城镇新增就业14093人' },
 * //  { metric: '城镇登记失业率', value: 1.12, unit: '%', source: '城镇登记失业率1.12%' }]
 */
export function extractActuals(progressText: string, targets?: readonly Target[]): Actual[] {
  return extractProgressFigures(progressText, targets).actuals;
}

/**
 * Like {@link extractActuals}, and also returns the forecasts and plans it left out.
 *
 * @example
 * extractProgressFigures('1-6月奇瑞商用车预计实现产值12亿元，增长5%').forecasts.length; // 2
 */
export function extractProgressFigures(
  progressText: string,
  targets?: readonly Target[],
): ProgressFigures {
  const text = progressText;
  const figures = findQuantities(text).filter((q) => !q.qualifier && q.unit !== '');
  const actuals: Actual[] = [];
  const forecasts: Actual[] = [];
  let sentenceStart = -1;
  let base: string | undefined; // the last metric that stands on its own, in this sentence
  const lastForecast = new Map<Quantity, boolean>();
  figures.forEach((q, i) => {
    const sentence = findBreak(text, q.start, SENTENCE_BREAK);
    if (sentence !== sentenceStart) {
      sentenceStart = sentence;
      base = undefined;
    }
    const previous = figures[i - 1];
    const segmentStart = findSegmentStart(text, q, previous);
    const next = figures[i + 1];
    const span = describeMetric(text, q, segmentStart, next?.start ?? text.length);
    let metric = span.metric;
    if (metric === '' || isDependentMetric(metric)) {
      // 2742人次，支出928.9万元 → 大病补充保险享受待遇支出; 6户15人 → 新识别监测对象.
      metric = (base ?? '') + metric;
    } else {
      base = metric;
    }
    const figure: Actual = {
      metric: metric === '' ? describePreviousClause(text, segmentStart) : metric,
      value: q.value,
      unit: q.unit,
      source: text.slice(span.sourceStart, span.sourceEnd).replace(/^[、\s]+/, ''),
    };
    if (isNotAFigure(text, q)) return;
    const previousIsForecast = previous !== undefined && lastForecast.get(previous) === true;
    const forecast = isForecast(text, q, sentence, previous, previousIsForecast);
    lastForecast.set(q, forecast);
    if (forecast) forecasts.push(figure);
    else actuals.push(figure);
  });
  if (targets !== undefined && targets.length > 0) {
    matchActuals(targets, actuals).forEach((actualIndex, t) => {
      const target = targets[t];
      const actual = actualIndex === undefined ? undefined : actuals[actualIndex];
      if (target !== undefined && actual !== undefined) actual.metric = target.metric;
    });
  }
  return { actuals, forecasts };
}

function findBreak(text: string, at: number, breaks: RegExp): number {
  let start = at;
  while (start > 0 && !breaks.test(text.charAt(start - 1))) start -= 1;
  return start;
}

/** Distributive counts (各1个), capacities and the sizes of projects are not progress. */
function isNotAFigure(text: string, q: Quantity): boolean {
  const clause = text.slice(findBreak(text, q.start, CLAUSE_BREAK), q.start);
  if (clause.endsWith('各')) return true;
  if (CAPACITY_BEFORE.test(clause)) return true;
  if (SCOPE_BEFORE.test(clause)) return true;
  return MEASURE_UNITS.has(q.unit) && SCOPE_AFTER.test(text.slice(q.end));
}

/** The tail of the clause before `at`: 打造花景大道，共计8.5公里 → 花景大道. */
function describePreviousClause(text: string, at: number): string {
  const end = at - 1;
  const start = findBreak(text, Math.max(end, 0), CLAUSE_BREAK);
  return trimMetric(text.slice(start, Math.max(end, start))).slice(-PREVIOUS_CLAUSE_TAIL);
}

/** How much of the previous clause names a figure that has no words of its own. */
const PREVIOUS_CLAUSE_TAIL = 8;

/**
 * A figure is a forecast when its clause says so before it (预计, 计划, 力争 …). Otherwise it
 * takes after the clauses before it in its sentence: a clause that reports something done (已,
 * 目前) makes it an actual, a forecast word or a forecast figure makes it a forecast
 * (预计实现产值12亿元，增长5%).
 */
function isForecast(
  text: string,
  q: Quantity,
  sentenceStart: number,
  previous: Quantity | undefined,
  previousIsForecast: boolean,
): boolean {
  const clauseStart = findBreak(text, q.start, CLAUSE_BREAK);
  const own = text.slice(clauseStart, q.start);
  if (FORECAST_BEFORE.test(own)) return true;
  let clauseEnd = q.end;
  while (clauseEnd < text.length && !CLAUSE_BREAK.test(text.charAt(clauseEnd))) clauseEnd += 1;
  if (FORECAST_ANYWHERE.test(text.slice(clauseStart, clauseEnd))) return true;
  if (DONE_MARKER.test(own)) return false;
  if (previous !== undefined && previous.start >= clauseStart) return previousIsForecast;
  let end = clauseStart - 1;
  while (end > sentenceStart) {
    const start = findBreak(text, end, CLAUSE_BREAK);
    const clause = text.slice(start, end);
    if (DONE_MARKER.test(clause)) return false;
    if (previous !== undefined && previous.start >= start) return previousIsForecast;
    if (FORECAST_BEFORE.test(clause)) return true;
    end = start - 1;
  }
  return false;
}
