/**
 * The zod schema of `duban.ledger/1` (CONTRACT.md), mirroring `types.ts`: it validates ledgers
 * read from JSON and generates the JSON Schema shipped in `packages/core/schema/`. Its tests
 * check at compile time that it infers exactly the `Ledger` interface.
 */
import { z } from 'zod';
import { LEDGER_FORMAT } from './types.ts';

const text = z.string();

export const sourceRefSchema = z.object({
  line: z.number().int().positive().optional(),
  row: z.number().int().positive().optional(),
  sheet: z.string().optional(),
  table: z.number().int().positive().optional(),
});

export const periodRefSchema = z
  .object({
    year: z.number().int().min(1900).max(2999),
    quarter: z.literal([1, 2, 3, 4]),
    label: z
      .string()
      .regex(/^\d{4}Q[1-4]$/u)
      .describe('`2023Q2`: the year and the quarter'),
  })
  .refine((period) => period.label === `${period.year}Q${period.quarter}`, {
    error: '期次的 label 与 year、quarter 不一致',
    path: ['label'],
  });

export const sectionSchema = z.object({
  ordinal: text.min(1).describe('As written: 一, 二 …'),
  title: text,
});

export const ledgerWarningSchema = z.object({
  code: text.min(1).describe('Stable code, e.g. `lead-inherited`, `co-inherited`, `unit-joined`'),
  message: text,
  field: z.enum(['no', 'text', 'lead', 'co', 'progress', 'section']).optional(),
  ref: sourceRefSchema.optional(),
});

export const boundSchema = z.enum(['min', 'max', 'exact']);

export const targetSchema = z.object({
  metric: text,
  value: z.number(),
  unit: text,
  bound: boundSchema,
  source: text,
});

export const actualSchema = z.object({
  metric: text,
  value: z.number(),
  unit: text,
  source: text,
});

export const lightSchema = z.enum(['done', 'green', 'yellow', 'red', 'grey']);

export const taskStatusSchema = z.object({
  completion: z
    .number()
    .min(0)
    .nullable()
    .describe('actual ÷ target; null where nothing is measured'),
  expected: z.number().min(0).max(1).describe('Time-proportional progress (序时进度): Q2 → 0.5'),
  light: lightSchema,
});

export const ledgerTaskSchema = z.object({
  no: text.min(1).describe('As numbered in the source: "12", "3.1"'),
  section: text.describe("The ordinal of the task's section"),
  text,
  lead: z.array(text.min(1)),
  co: z.array(text.min(1)),
  progress: text,
  targets: z.array(targetSchema),
  actuals: z.array(actualSchema),
  status: taskStatusSchema,
  warnings: z.array(ledgerWarningSchema),
  extra: z.record(z.string(), z.string()).optional(),
});

export const findingKindSchema = z.enum([
  'duplicate-progress',
  'stale-progress',
  'conflicting-figure',
  'missing-progress',
  'no-figures',
  'claim-without-figure',
]);

export const findingSchema = z.object({
  kind: findingKindSchema,
  tasks: z.array(text),
  message: text,
});

export const ledgerSchema = z
  .object({
    format: z.literal(LEDGER_FORMAT),
    title: text,
    organization: text.min(1),
    period: periodRefSchema,
    sections: z.array(sectionSchema),
    tasks: z.array(ledgerTaskSchema),
    findings: z.array(findingSchema),
    warnings: z.array(ledgerWarningSchema),
  })
  .meta({
    title: 'Duban ledger (duban.ledger/1)',
    description:
      'A ledger (台账) of key tasks with their units and progress for one period. Fields may be added; none may be renamed or change meaning.',
  });

/** The JSON Schema of the ledger, as committed in `packages/core/schema/ledger.schema.json`. */
export function generateLedgerJsonSchema(): Record<string, unknown> {
  // Input mode: the contract lets fields be added, so objects must not forbid extra properties.
  return z.toJSONSchema(ledgerSchema, { io: 'input' });
}
