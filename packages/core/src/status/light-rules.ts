/**
 * The rules that turn figures into a traffic light. Places differ, so the rules are data: one
 * city lights yellow at 10–30 points behind time-proportional progress and red beyond; another
 * lights yellow up to 50 % behind. A rule set is chosen per plan and year.
 */
import { z } from 'zod';
import { lightSchema } from '../ledger/ledger-schema.ts';
import type { Light } from '../ledger/types.ts';
import {
  DEFAULT_ESCALATION_LADDER,
  escalationLadderSchema,
  type EscalationLadder,
} from './escalate.ts';

/** The office's or a unit's own verdict on a task, used when the task has no figure. */
export const VERDICTS = ['done', 'on-track', 'behind', 'far-behind'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const lightRulesSchema = z
  .object({
    /** For people: what the rule set says, e.g. 落后序时进度10–30个百分点为黄灯. */
    name: z.string(),
    /**
     * How the shortfall behind expected progress is measured: `points` = expected − completion
     * (0.5 − 0.3 = 0.2, i.e. 20 points); `relative` = 1 − completion ÷ expected (0.3 of 0.5 is 40 %
     * behind).
     */
    measure: z.enum(['points', 'relative']),
    /** A shortfall at or above this is yellow; below it, green. */
    yellowFrom: z.number().min(0),
    /** A shortfall above this is red. */
    redAbove: z.number().min(0),
    /** Completion at or above this is done (1 = the whole target). */
    doneAt: z.number().positive(),
    /** How the completions of a task's several targets make one: the weakest, or their mean. */
    combine: z.enum(['min', 'mean']),
    /** The light for each verdict, for tasks that have no figure. */
    verdicts: z.object({
      done: lightSchema,
      'on-track': lightSchema,
      behind: lightSchema,
      'far-behind': lightSchema,
    }),
    /**
     * The escalation ladder (提醒 → 约谈) of the plan; rules stored before it existed have none
     * and use {@link DEFAULT_ESCALATION_LADDER} (see {@link selectEscalationLadder}).
     */
    escalation: escalationLadderSchema.optional(),
  })
  .refine((rules) => rules.redAbove >= rules.yellowFrom, {
    error: '红灯阈值不能小于黄灯阈值',
    path: ['redAbove'],
  });

export type LightRules = z.infer<typeof lightRulesSchema>;

const VERDICT_LIGHTS: Record<Verdict, Light> = {
  done: 'done',
  'on-track': 'green',
  behind: 'yellow',
  'far-behind': 'red',
};

/**
 * Duban's defaults: green on or ahead of time-proportional progress, yellow when behind by up
 * to 20 points, red beyond; the weakest target decides.
 */
export const DEFAULT_LIGHT_RULES: LightRules = {
  name: '落后序时进度即为黄灯，落后超过20个百分点为红灯',
  measure: 'points',
  yellowFrom: 0,
  redAbove: 0.2,
  doneAt: 1,
  combine: 'min',
  verdicts: { ...VERDICT_LIGHTS },
};

/** A city's rule: 10–30 points behind expected progress is yellow, more than 30 red. */
export const POINTS_10_30_LIGHT_RULES: LightRules = {
  name: '落后序时进度10–30个百分点为黄灯，超过30个百分点为红灯',
  measure: 'points',
  yellowFrom: 0.1,
  redAbove: 0.3,
  doneAt: 1,
  combine: 'min',
  verdicts: { ...VERDICT_LIGHTS },
};

/** Another city's rule: up to 50 % behind expected progress is yellow, more red. */
export const HALF_BEHIND_LIGHT_RULES: LightRules = {
  name: '落后序时进度50%以内为黄灯，超过50%为红灯',
  measure: 'relative',
  yellowFrom: 0,
  redAbove: 0.5,
  doneAt: 1,
  combine: 'min',
  verdicts: { ...VERDICT_LIGHTS },
};

/** The plan's escalation ladder: its own, or {@link DEFAULT_ESCALATION_LADDER}. */
export function selectEscalationLadder(rules: LightRules): EscalationLadder {
  return rules.escalation ?? DEFAULT_ESCALATION_LADDER;
}

/** A rule set that applies to one plan, one year, or one plan in one year. */
export interface LightRulesChoice {
  plan?: string;
  year?: number;
  rules: LightRules;
}

/**
 * The rule set for a plan in a year: the most specific choice that fits (plan and year, then
 * plan, then year), or {@link DEFAULT_LIGHT_RULES}.
 *
 * @example
 * selectLightRules([{ year: 2023, rules: HALF_BEHIND_LIGHT_RULES }], { plan: '弋江区', year: 2023 });
 * // HALF_BEHIND_LIGHT_RULES
 */
export function selectLightRules(
  choices: readonly LightRulesChoice[],
  where: { plan?: string; year?: number },
): LightRules {
  const fits = (c: LightRulesChoice): boolean =>
    (c.plan === undefined || c.plan === where.plan) &&
    (c.year === undefined || c.year === where.year);
  const specificity = (c: LightRulesChoice): number =>
    (c.plan === undefined ? 0 : 2) + (c.year === undefined ? 0 : 1);
  const best = choices.filter(fits).sort((a, b) => specificity(b) - specificity(a))[0];
  return best?.rules ?? DEFAULT_LIGHT_RULES;
}
