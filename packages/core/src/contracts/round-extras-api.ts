/**
 * The HTTP contract of the round's remaining steps (issue 4): extension requests (延期), leader
 * instructions (批示) with each unit's acknowledgement, publishing with an explicit override,
 * and each unit's timeliness. Kept apart from round-api.ts so parallel work does not collide.
 */
import { z } from 'zod';
import { periodLabelSchema, unitRefSchema } from './api.ts';
import { roundPeriodSchema, roundStateSchema } from './round-api.ts';

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2023-10-10');

/** The task a request or an instruction is about, as lists show it. */
export const taskRefSchema = z.object({ id: z.number().int(), no: z.string(), text: z.string() });
export type TaskRef = z.infer<typeof taskRefSchema>;

export const EXTENSION_STATES = ['pending', 'granted', 'refused'] as const;
export const extensionStateSchema = z.enum(EXTENSION_STATES);
export type ExtensionState = z.infer<typeof extensionStateSchema>;

/** POST /api/round/tasks/:id/extensions: the caller's unit asks for a later due date. */
export const createExtensionBodySchema = z.object({
  period: periodLabelSchema,
  requestedDate: dateSchema,
  reason: z.string().trim().min(1, '请写明延期原因').max(500),
});
export type CreateExtensionBody = z.infer<typeof createExtensionBodySchema>;

/** POST /api/round/extensions/:id/decision: the office grants (maybe another date) or refuses. */
export const decideExtensionBodySchema = z.object({
  decision: z.enum(['grant', 'refuse']),
  /** For a grant: the date granted, if not the one requested. */
  grantedDate: dateSchema.optional(),
  /** Required to refuse; optional with a grant. */
  reason: z.string().trim().max(500).optional(),
});
export type DecideExtensionBody = z.infer<typeof decideExtensionBodySchema>;

export const extensionQuerySchema = z.object({
  period: periodLabelSchema.optional(),
  state: extensionStateSchema.optional(),
});

export const extensionRequestSchema = z.object({
  id: z.number().int(),
  period: z.string(),
  task: taskRefSchema,
  unit: unitRefSchema,
  /** The due date the unit had when it asked (the period's, or an earlier grant). */
  currentDueDate: z.string().nullable(),
  requestedDate: z.string(),
  reason: z.string(),
  state: extensionStateSchema,
  requestedBy: z.string().nullable(),
  createdAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  grantedDate: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export type ExtensionRequestDto = z.infer<typeof extensionRequestSchema>;

/** POST /api/round/tasks/:id/instructions: a leader's (or the office's) 批示. */
export const createInstructionBodySchema = z.object({
  period: periodLabelSchema,
  text: z.string().trim().min(1, '请填写批示内容').max(2000),
});
export type CreateInstructionBody = z.infer<typeof createInstructionBodySchema>;

export const instructionQuerySchema = z.object({ period: periodLabelSchema.optional() });

export const instructionSchema = z.object({
  id: z.number().int(),
  period: z.string(),
  task: taskRefSchema,
  text: z.string(),
  author: z.string().nullable(),
  createdAt: z.string(),
  /** Every unit on the task (lead and co) and whether a user of it acknowledged (已阅). */
  units: z.array(
    z.object({
      unit: unitRefSchema,
      role: z.enum(['lead', 'co']),
      acknowledgedAt: z.string().nullable(),
      acknowledgedBy: z.string().nullable(),
    }),
  ),
  /** For a unit's users: whether their unit still has to acknowledge it; null for others. */
  pendingForMe: z.boolean().nullable(),
});
export type InstructionDto = z.infer<typeof instructionSchema>;

/** POST /api/periods/:label/publish: an override reason is needed while tasks are not accepted. */
export const publishBodySchema = z
  .object({ overrideReason: z.string().trim().max(500).optional() })
  // A POST without a body arrives as null.
  .nullish();
export type PublishBody = z.infer<typeof publishBodySchema>;

/** The details of a 409 `publish-blocked`: which tasks the office has not accepted. */
export const publishBlockedDetailsSchema = z.object({
  notAccepted: z.number().int(),
  tasks: z.array(z.object({ id: z.number().int(), no: z.string(), state: roundStateSchema })),
});
export type PublishBlockedDetails = z.infer<typeof publishBlockedDetailsSchema>;

export const unitTimelinessSchema = z.object({
  unit: unitRefSchema,
  due: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  overdue: z.number().int(),
  pending: z.number().int(),
  lateDays: z.number().int(),
  maxLateDays: z.number().int(),
  returns: z.number().int(),
});

/** GET /api/round/timeliness: each unit's timeliness in the period. */
export const timelinessSchema = z.object({
  period: roundPeriodSchema,
  rows: z.array(unitTimelinessSchema),
});
export type TimelinessDto = z.infer<typeof timelinessSchema>;
