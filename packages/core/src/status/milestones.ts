/**
 * Milestones (节点目标): a task's own trajectory through the year, set by the office. Where a
 * task has them, expected progress (序时进度) follows them instead of the time elapsed: a
 * project that builds in the second half is not behind in Q2 because it has done 10 %.
 */
import { z } from 'zod';
import type { Milestones } from './expected-progress.ts';

const percentSchema = z.number().min(0).max(100);

/**
 * Expected completion in percent at the end of each quarter, as people enter it: 0–100,
 * never decreasing, and Q4 = 100 unless `finalBelowTarget` says the year is planned to end
 * short of the target (a multi-year project, a target carried over).
 */
export const milestonePercentsSchema = z
  .object({
    q1: percentSchema,
    q2: percentSchema,
    q3: percentSchema,
    q4: percentSchema,
    finalBelowTarget: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    const order = ['q1', 'q2', 'q3', 'q4'] as const;
    // A value outside 0–100 is already reported; one issue per field is enough.
    if (order.some((key) => value[key] < 0 || value[key] > 100)) return;
    for (let i = 1; i < order.length; i++) {
      const key = order[i];
      const before = order[i - 1];
      if (key === undefined || before === undefined) continue;
      if (value[key] < value[before]) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `节点目标不能倒退：Q${i + 1}（${value[key]}%）小于 Q${i}（${value[before]}%）`,
        });
      }
    }
    if (value.finalBelowTarget !== true && value.q4 !== 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['q4'],
        message: `四季度节点目标应为100%（现为${value.q4}%）；全年不要求完成目标时请注明`,
      });
    }
  });

export type MilestonePercents = z.infer<typeof milestonePercentsSchema>;

/**
 * People's percentages as core's {@link Milestones} (shares, 0–1).
 *
 * @example
 * toMilestones({ q1: 10, q2: 30, q3: 60, q4: 100 }); // { 1: 0.1, 2: 0.3, 3: 0.6, 4: 1 }
 */
export function toMilestones(
  percents: Pick<MilestonePercents, 'q1' | 'q2' | 'q3' | 'q4'>,
): Milestones {
  return {
    1: percents.q1 / 100,
    2: percents.q2 / 100,
    3: percents.q3 / 100,
    4: percents.q4 / 100,
  };
}
