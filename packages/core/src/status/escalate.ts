/**
 * Escalation (督办升级): a task that stays yellow or red for consecutive periods climbs a
 * ladder, e.g. a reminder (提醒) after two periods, the 约谈 list after three.
 */
import { z } from 'zod';
import { lightSchema } from '../ledger/ledger-schema.ts';
import type { Light } from '../ledger/types.ts';

export interface EscalationStep {
  /** Stable code: `reminder`, `interview` (约谈) … */
  action: string;
  /** For people, in Chinese. */
  label: string;
  /** How many consecutive periods, counting the latest, in one of `lights`. */
  periods: number;
  /** The lights that count for this step; the ladder's when absent (e.g. red only for 约谈). */
  lights?: readonly Light[];
}

export interface EscalationLadder {
  /** The lights that count as lagging. */
  lights: readonly Light[];
  /** From mildest to strongest. */
  steps: readonly EscalationStep[];
}

export const DEFAULT_ESCALATION_LADDER: EscalationLadder = {
  lights: ['yellow', 'red'],
  steps: [
    { action: 'reminder', label: '提醒督促', periods: 2 },
    { action: 'interview', label: '列入约谈名单', periods: 3 },
  ],
};

/**
 * A ladder as a plan's light rules store it (`LightRules.escalation`): 1–6 steps from mildest to
 * strongest, each reached after 1–12 consecutive lagging periods, the later never sooner.
 */
export const escalationLadderSchema = z
  .object({
    lights: z.array(lightSchema).min(1).max(5),
    steps: z
      .array(
        z.object({
          action: z.string().trim().min(1).max(40),
          label: z.string().trim().min(1).max(40),
          periods: z.number().int().min(1).max(12),
          lights: z.array(lightSchema).min(1).max(5).optional(),
        }),
      )
      .min(1)
      .max(6),
  })
  .superRefine((ladder, ctx) => {
    ladder.steps.forEach((step, i) => {
      const before = ladder.steps[i - 1];
      if (before !== undefined && step.periods < before.periods) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'periods'],
          message: `第${i + 1}级（${step.label}）所需期数不能少于上一级（${before.periods}期）`,
        });
      }
    });
  }) satisfies z.ZodType<EscalationLadder>;

export interface Escalation {
  step: EscalationStep;
  /** The consecutive lagging periods that put the task on this step. */
  periods: number;
}

/**
 * The strongest step a task's history reaches, or undefined. `history` holds one light per
 * period, oldest first; only the run of lagging periods that ends with the latest counts.
 *
 * @example
 * escalate(['green', 'yellow', 'red', 'yellow']); // { step: { action: 'interview', … }, periods: 3 }
 * escalate(['red', 'red', 'green']); // undefined: back on track
 */
export function escalate(
  history: readonly Light[],
  ladder: EscalationLadder = DEFAULT_ESCALATION_LADDER,
): Escalation | undefined {
  let reached: Escalation | undefined;
  for (const step of ladder.steps) {
    const run = countTrailing(history, step.lights ?? ladder.lights);
    if (run >= step.periods) reached = { step, periods: run };
  }
  return reached;
}

function countTrailing(history: readonly Light[], lights: readonly Light[]): number {
  let run = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const light = history[i];
    if (light === undefined || !lights.includes(light)) break;
    run += 1;
  }
  return run;
}
