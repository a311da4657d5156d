/**
 * Expected progress (序时进度): the share of the year's target a task should have reached by the
 * end of a quarter. By default the time elapsed (Q2 → 0.5); a task with its own milestones
 * (a trajectory per quarter) uses those.
 */
import type { PeriodRef } from '../ledger/types.ts';

export type Quarter = PeriodRef['quarter'];

/** Cumulative share of the year's target due by the end of each quarter, 0 to 1. */
export type Milestones = Partial<Record<Quarter, number>>;

/**
 * The expected progress at the end of `quarter`.
 *
 * @example
 * expectedProgress(2); // 0.5
 * expectedProgress(2, { 1: 0.1, 2: 0.3, 3: 0.6, 4: 1 }); // 0.3
 */
export function expectedProgress(quarter: Quarter, milestones?: Milestones): number {
  const milestone = milestones?.[quarter];
  if (milestone !== undefined && Number.isFinite(milestone))
    return Math.min(Math.max(milestone, 0), 1);
  return quarter / 4;
}
