/**
 * Figures, status and findings of a ledger, computed from its text alone: the targets in each
 * task's text, the actuals in its progress, the light against time-proportional progress, and
 * the review findings. Pure, so the CLI's dry run, the server's export and the screens all show
 * the same numbers for the same stored data.
 */
import { extractActuals } from '../figures/actuals.ts';
import { extractTargets } from '../figures/targets.ts';
import { findFigureFindings, findStaleProgress } from '../findings/figure-findings.ts';
import { detectProgressFindings } from '../findings/progress-findings.ts';
import { computeStatus } from '../status/compute-status.ts';
import type { LightRules } from '../status/light-rules.ts';
import type { Ledger, LedgerTask } from './types.ts';

export interface AnalyseLedgerOptions {
  /** The plan's light rules; the defaults otherwise. */
  rules?: LightRules;
  /** The previous period's progress by task number, for `stale-progress`. */
  previous?: readonly Pick<LedgerTask, 'no' | 'progress'>[];
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
    const targets = extractTargets(task.text);
    const actuals = extractActuals(task.progress, targets);
    const { completion, expected, light } = computeStatus({
      targets,
      actuals,
      period: { quarter },
      rules: options.rules,
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
