/**
 * The HTTP contract between server and web: zod schemas the server validates against (body,
 * query, params and responses) and the web infers its types from. Kept in core so both sides
 * compile against one definition.
 */
import { z } from 'zod';

export const ROLES = ['admin', 'reporter', 'unit_head', 'leader', 'viewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Every error response: `{ error: { code, message, details } }` (CONTRACT.md). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const unitRefSchema = z.object({ id: z.number().int(), name: z.string() });
export type UnitRef = z.infer<typeof unitRefSchema>;

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  organization: z.object({ id: z.number().int(), name: z.string() }),
  unit: unitRefSchema.nullable(),
  mustChangePassword: z.boolean(),
});
export type User = z.infer<typeof userSchema>;

export const loginBodySchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const periodLabelSchema = z.string().regex(/^\d{4}Q[1-4]$/, '期次格式应为 2023Q2');

export const periodSchema = z.object({
  id: z.number().int(),
  label: periodLabelSchema,
  year: z.number().int(),
  quarter: z.number().int().min(1).max(4),
});
export type PeriodDto = z.infer<typeof periodSchema>;

export const planSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  organization: z.string(),
  year: z.number().int(),
  periods: z.array(periodSchema),
});
export type PlanDto = z.infer<typeof planSchema>;

export const warningSchema = z.object({
  code: z.string(),
  message: z.string(),
  field: z.enum(['no', 'text', 'lead', 'co', 'progress', 'section']).optional(),
});
export type WarningDto = z.infer<typeof warningSchema>;

export const unitRoleSchema = z.enum(['lead', 'co', 'any']);

export const ledgerQuerySchema = z.object({
  plan: z.coerce.number().int().positive().optional(),
  period: periodLabelSchema.optional(),
  section: z.string().max(8).optional(),
  unit: z.coerce.number().int().positive().optional(),
  unitRole: unitRoleSchema.default('any'),
  q: z.string().trim().max(100).optional(),
});
export type LedgerQuery = z.input<typeof ledgerQuerySchema>;

export const taskRowSchema = z.object({
  id: z.number().int(),
  no: z.string(),
  section: z.string(),
  text: z.string(),
  lead: z.array(unitRefSchema),
  co: z.array(unitRefSchema),
  /** The consolidated progress for the requested period, null where none was written. */
  progress: z.string().nullable(),
  /** Which unit cells were rebuilt from a merged cell of the row above. */
  inferred: z.object({ lead: z.boolean(), co: z.boolean() }),
  warnings: z.array(warningSchema),
});
export type TaskRow = z.infer<typeof taskRowSchema>;

export const ledgerViewSchema = z.object({
  plan: planSchema,
  period: periodSchema,
  sections: z.array(z.object({ ordinal: z.string(), title: z.string() })),
  units: z.array(unitRefSchema),
  tasks: z.array(taskRowSchema),
  /** Tasks in the plan before filters. */
  total: z.number().int(),
});
export type LedgerView = z.infer<typeof ledgerViewSchema>;

export const taskDetailSchema = taskRowSchema.extend({
  plan: planSchema,
  sectionTitle: z.string(),
  extra: z.record(z.string(), z.string()),
  history: z.array(
    z.object({
      period: z.string(),
      text: z.string(),
      version: z.number().int(),
      updatedAt: z.string(),
      author: z.string().nullable(),
    }),
  ),
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;

export const idParamsSchema = z.object({ id: z.coerce.number().int().positive() });

/** POST /api/session/password. The policy (length, character classes) is the server's. */
export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;

/** GET /api/tasks/:id: the period whose progress the row shows (default: the plan's latest). */
export const taskDetailQuerySchema = z.object({ period: periodLabelSchema.optional() });
export type TaskDetailQuery = z.infer<typeof taskDetailQuerySchema>;
