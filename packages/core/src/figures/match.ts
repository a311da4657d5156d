/**
 * Pairs actuals with the targets they measure: same metric (or a similar one) and a unit of the
 * same kind, or a completion percentage of the target (农贸市场改造任务完成50%).
 */
import type { Actual, Target } from '../ledger/types.ts';
import { isSameUnitKind } from '../numbers/units.ts';
import { compareMetrics, sharesHead } from './metric.ts';

/** Below this similarity two metrics are not taken to name the same thing. */
export const MIN_METRIC_SIMILARITY = 0.3;
/**
 * When a target has a single candidate of its unit and the candidate names the target's head
 * noun (登云企业 ↔ 推动90余家企业注册…平台), a weaker likeness is enough.
 */
export const MIN_SOLE_CANDIDATE_SIMILARITY = 0.15;

/** A percentage that reports how far a task has come, rather than a rate. */
const COMPLETION_PERCENT = /(任务|进度|完成|工程量)/;

/**
 * Whether `actual` is a completion percentage that can measure `target`: a percentage of a
 * target counted in something else, named as progress (任务完成50%) or already paired with the
 * target (its metric is the target's).
 */
export function isCompletionPercent(target: Target, actual: Actual): boolean {
  if (actual.unit !== '%' || target.unit === '%') return false;
  return actual.metric === target.metric || COMPLETION_PERCENT.test(actual.metric);
}

/**
 * For each target, the index in `actuals` of the actual that measures it, or undefined. Each
 * actual measures at most one target; a metric equal to the target's wins, then the most
 * similar.
 *
 * @example
 * matchActuals(
 *   [{ metric: '新增城镇就业', value: 18000, unit: '人', bound: 'min', source: '' }],
 *   [{ metric: '城镇新增就业', value: 14093, unit: '人', source: '' }],
 * ); // [0]
 */
export function matchActuals(
  targets: readonly Target[],
  actuals: readonly Actual[],
): (number | undefined)[] {
  const pairs: { t: number; a: number; score: number }[] = [];
  targets.forEach((target, t) => {
    const sameUnit = actuals.filter((actual) => isSameUnitKind(target.unit, actual.unit)).length;
    actuals.forEach((actual, a) => {
      const comparable =
        isSameUnitKind(target.unit, actual.unit) || isCompletionPercent(target, actual);
      if (!comparable) return;
      const score =
        actual.metric === target.metric ? 2 : compareMetrics(target.metric, actual.metric);
      const sole =
        sameUnit === 1 &&
        isSameUnitKind(target.unit, actual.unit) &&
        sharesHead(target.metric, actual.metric);
      if (score >= (sole ? MIN_SOLE_CANDIDATE_SIMILARITY : MIN_METRIC_SIMILARITY))
        pairs.push({ t, a, score });
    });
  });
  pairs.sort((x, y) => y.score - x.score || x.t - y.t || x.a - y.a);
  const result: (number | undefined)[] = targets.map(() => undefined);
  const used = new Set<number>();
  for (const { t, a } of pairs) {
    if (result[t] !== undefined || used.has(a)) continue;
    result[t] = a;
    used.add(a);
  }
  return result;
}
