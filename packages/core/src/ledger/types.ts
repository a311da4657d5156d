/**
 * The ledger (台账): the contract shape `duban.ledger/1` of CONTRACT.md. Fields may be added;
 * none may be renamed or change meaning.
 */
import type { SourceRef } from '../grid/grid.ts';

export const LEDGER_FORMAT = 'duban.ledger/1';

export interface PeriodRef {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** `2023Q2` */
  label: string;
}

export interface Section {
  /** The section's ordinal as written: 一, 二 … */
  ordinal: string;
  title: string;
}

export interface LedgerWarning {
  /** Stable code, e.g. `lead-inherited`, `co-inherited`, `unit-joined`. */
  code: string;
  message: string;
  /** The field the warning is about, so a screen can mark that cell. */
  field?: 'no' | 'text' | 'lead' | 'co' | 'progress' | 'section';
  ref?: SourceRef;
}

export type Bound = 'min' | 'max' | 'exact';

export interface Target {
  metric: string;
  value: number;
  unit: string;
  bound: Bound;
  source: string;
}

export interface Actual {
  metric: string;
  value: number;
  unit: string;
  source: string;
}

export type Light = 'done' | 'green' | 'yellow' | 'red' | 'grey';

export interface TaskStatus {
  /** actual ÷ target, or null where nothing can be measured. */
  completion: number | null;
  /** Time-proportional progress (序时进度) for the period: Q2 → 0.5. */
  expected: number;
  light: Light;
}

export interface LedgerTask {
  /** As numbered in the source: "12", "3.1". */
  no: string;
  /** The ordinal of the task's section. */
  section: string;
  text: string;
  lead: string[];
  co: string[];
  progress: string;
  targets: Target[];
  actuals: Actual[];
  status: TaskStatus;
  warnings: LedgerWarning[];
  /** Columns Duban does not model (完成时限, 分管领导 …), kept by header. */
  extra?: Record<string, string>;
}

export type FindingKind =
  | 'duplicate-progress'
  | 'stale-progress'
  | 'conflicting-figure'
  | 'missing-progress'
  | 'no-figures'
  | 'claim-without-figure';

export interface Finding {
  kind: FindingKind;
  /** Task numbers (`no`) the finding is about. */
  tasks: string[];
  message: string;
}

export interface Ledger {
  format: typeof LEDGER_FORMAT;
  title: string;
  organization: string;
  period: PeriodRef;
  sections: Section[];
  tasks: LedgerTask[];
  findings: Finding[];
  warnings: LedgerWarning[];
}
