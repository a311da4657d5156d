/**
 * A task's status for a period: completion against its targets, expected progress (序时进度)
 * and a traffic light under the plan's rules. Tasks with no figure take their light from the
 * office's or the unit's assessment, and are grey without one.
 */
import type { Actual, Light, Target, TaskStatus } from '../ledger/types.ts';
import { isCompletionPercent, matchActuals } from '../figures/match.ts';
import { expectedProgress, type Milestones, type Quarter } from './expected-progress.ts';
import { DEFAULT_LIGHT_RULES, type LightRules, type Verdict } from './light-rules.ts';

export interface Assessment {
  /** Who assessed: the supervision office's verdict wins over the unit's own. */
  by: 'office' | 'unit';
  verdict: Verdict;
}

export interface StatusInput {
  targets: readonly Target[];
  actuals: readonly Actual[];
  period: { quarter: Quarter };
  rules?: LightRules;
  milestones?: Milestones;
  assessment?: Assessment | readonly Assessment[];
}

export interface TargetProgress {
  target: Target;
  /** The actual that measures the target, if one does. */
  actual?: Actual;
  /** actual ÷ target; for a ceiling (max), 1 inside it and 0 outside; null when unmeasured. */
  completion: number | null;
  light: Light;
}

/** {@link TaskStatus} with how it was reached. */
export interface StatusDetail extends TaskStatus {
  /** What the light rests on: the figures, an assessment, or nothing (grey). */
  basis: 'figures' | 'office' | 'unit' | 'none';
  targets: TargetProgress[];
}

/** Floating-point slack when comparing a shortfall with a threshold. */
const EPSILON = 1e-9;

/**
 * Computes a task's status.
 *
 * @example
 * computeStatus({
 *   targets: [{ metric: '新增城镇就业', value: 18000, unit: '人', bound: 'min', source: '…' }],
 *   actuals: [{ metric: '新增城镇就业', value: 14093, unit: '人', source: '…' }],
 *   period: { quarter: 2 },
 * }); // { completion: 0.78…, expected: 0.5, light: 'green', basis: 'figures', … }
 */
export function computeStatus(input: StatusInput): StatusDetail {
  const rules = input.rules ?? DEFAULT_LIGHT_RULES;
  const expected = expectedProgress(input.period.quarter, input.milestones);
  const finalPeriod = input.period.quarter === 4;
  const matches = matchActuals(input.targets, input.actuals);
  const targets = input.targets.map((target, i): TargetProgress => {
    const index = matches[i];
    const actual = index === undefined ? undefined : input.actuals[index];
    if (actual === undefined) return { target, completion: null, light: 'grey' };
    return measureTarget(target, actual, expected, rules, finalPeriod);
  });
  const measured = targets.filter((t) => t.completion !== null);
  if (measured.length === 0) {
    const assessment = pickAssessment(input.assessment);
    if (assessment === undefined)
      return { completion: null, expected, light: 'grey', basis: 'none', targets };
    return {
      completion: null,
      expected,
      light: rules.verdicts[assessment.verdict],
      basis: assessment.by,
      targets,
    };
  }
  const completions = measured.map((t) => t.completion ?? 0);
  const completion =
    rules.combine === 'min'
      ? Math.min(...completions)
      : completions.reduce((sum, c) => sum + c, 0) / completions.length;
  let light = lightFor(completion, expected, rules);
  // A broken ceiling cannot be made up by other targets.
  if (measured.some((t) => t.target.bound === 'max' && t.light === 'red')) light = 'red';
  // A target nobody measured, or a ceiling that must hold to the end of the year, keeps the
  // task from counting as done.
  const open =
    measured.length < targets.length ||
    (!finalPeriod && measured.some((t) => t.target.bound === 'max'));
  if (light === 'done' && open) light = 'green';
  return { completion, expected, light, basis: 'figures', targets };
}

function measureTarget(
  target: Target,
  actual: Actual,
  expected: number,
  rules: LightRules,
  finalPeriod: boolean,
): TargetProgress {
  if (target.bound === 'max' && !isCompletionPercent(target, actual)) {
    // A ceiling (控制在4%以内) is kept or broken, at any time of the year.
    const inside = actual.value <= target.value;
    return {
      target,
      actual,
      completion: inside ? 1 : 0,
      light: inside ? (finalPeriod ? 'done' : 'green') : 'red',
    };
  }
  const completion = isCompletionPercent(target, actual)
    ? actual.value / 100
    : target.value === 0
      ? null
      : actual.value / target.value;
  if (completion === null) return { target, actual, completion: null, light: 'grey' };
  return { target, actual, completion, light: lightFor(completion, expected, rules) };
}

/**
 * The light for a completion against expected progress under `rules`.
 *
 * @example
 * lightFor(0.3, 0.5, POINTS_10_30_LIGHT_RULES); // 'yellow': 20 points behind
 */
export function lightFor(completion: number, expected: number, rules: LightRules): Light {
  if (completion >= rules.doneAt - EPSILON) return 'done';
  const shortfall =
    rules.measure === 'points'
      ? expected - completion
      : expected <= 0
        ? 0
        : 1 - completion / expected;
  if (shortfall <= EPSILON) return 'green';
  if (shortfall < rules.yellowFrom - EPSILON) return 'green';
  if (shortfall <= rules.redAbove + EPSILON) return 'yellow';
  return 'red';
}

function pickAssessment(assessment: StatusInput['assessment']): Assessment | undefined {
  if (assessment === undefined) return undefined;
  const all: readonly Assessment[] = Array.isArray(assessment) ? assessment : [assessment];
  return all.find((a) => a.by === 'office') ?? all.find((a) => a.by === 'unit');
}
