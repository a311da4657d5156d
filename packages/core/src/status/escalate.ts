/**
 * Escalation (督办升级): a task that stays yellow or red for consecutive periods climbs a
 * ladder, e.g. a reminder (提醒) after two periods, the 约谈 list after three.
 */
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
