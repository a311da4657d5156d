/**
 * Figures, status and findings of a ledger, computed from its text alone: the targets in each
 * task's text, the actuals in its progress, the light against time-proportional progress, and
 * the review findings. Pure, so the CLI's dry run, the server's export and the screens all show
 * the same numbers for the same stored data.
 */
import { extractActuals } from '../figures/actuals.ts';
import { mergeConfirmedFigures, type ConfirmedFigure } from '../figures/confirmed-figures.ts';
import { extractTargets } from '../figures/targets.ts';
import { findFigureFindings, findStaleProgress } from '../findings/figure-findings.ts';
import { detectProgressFindings } from '../findings/progress-findings.ts';
import { computeStatus, type Assessment } from '../status/compute-status.ts';
import type { Milestones } from '../status/expected-progress.ts';
import type { LightRules } from '../status/light-rules.ts';
import type { Ledger, LedgerTask } from './types.ts';

export interface AnalyseLedgerOptions {
  /** The plan's light rules; the defaults otherwise. */
  rules?: LightRules;
  /** The previous period's progress by task number, for `stale-progress`. */
  previous?: readonly Pick<LedgerTask, 'no' | 'progress'>[];
  /** Figures people confirmed, corrected or added, by task number: they win over extraction. */
  confirmed?: ReadonlyMap<string, readonly ConfirmedFigure[]>;
  /** The office's and units' verdicts by task number, for tasks with no measurable figure. */
  assessments?: ReadonlyMap<string, readonly Assessment[]>;
  /** Tasks' own trajectories by task number; expected progress follows them where set. */
  milestones?: ReadonlyMap<string, Milestones>;
}

/**
 * Returns the ledger with every task's `targets`, `actuals` and `status` and the ledger's
 * `findings` recomputed; everything else is kept as it is.
 *
 * @example
 * const ledger = analyseLedger(parsed.value);
 * ledger.tasks[0]?.status; // { completion: …, expected: 0.5, light: 'green' }
 */
export function analyseLedger(ledger: Ledger, options: AnalyseLedgerOptions = {}): Ledger {
  const quarter = ledger.period.quarter;
  const tasks = ledger.tasks.map((task): LedgerTask => {
    const extractedTargets = extractTargets(task.text);
    const people = options.confirmed?.get(task.no) ?? [];
    const { targets, actuals } = mergeConfirmedFigures(
      {
        targets: extractedTargets,
        actuals: extractActuals(task.progress, extractedTargets),
      },
      people,
    );
    const { completion, expected, light } = computeStatus({
      targets,
      actuals,
      period: { quarter },
      rules: options.rules,
      milestones: options.milestones?.get(task.no),
      assessment: options.assessments?.get(task.no),
    });
    return { ...task, targets, actuals, status: { completion, expected, light } };
  });
  const findings = [
    ...detectProgressFindings(tasks),
    ...findFigureFindings(tasks),
    ...(options.previous === undefined ? [] : findStaleProgress(tasks, options.previous)),
  ];
  return { ...ledger, tasks, findings };
}
