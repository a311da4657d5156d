/**
 * The HTTP contract of the reporting round (issue 4): periods with a due date, "my tasks" with
 * their entries, saving with optimistic locking, transitions, the chasing board, reminders,
 * user administration and version history. Kept beside api.ts so parallel work does not
 * collide in one file.
 */
import { z } from 'zod';
import { ROUND_FILTERS } from '../round/round-list.ts';
import { ROUND_ACTIONS, ROUND_STATES } from '../round/round-state.ts';
import { periodLabelSchema, periodSchema, roleSchema, unitRefSchema } from './api.ts';

export const roundStateSchema = z.enum(ROUND_STATES);
export const roundActionSchema = z.enum(ROUND_ACTIONS);

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2023-10-10');

/** POST /api/periods: the office opens a round. */
export const openPeriodBodySchema = z.object({ label: periodLabelSchema, dueDate: dateSchema });
export type OpenPeriodBody = z.infer<typeof openPeriodBodySchema>;

export const roundPeriodSchema = periodSchema.extend({
  title: z.string(),
  dueDate: z.string().nullable(),
  state: z.enum(['open', 'closed', 'published']),
});
export type RoundPeriod = z.infer<typeof roundPeriodSchema>;

/** Which text of a task: the lead unit's consolidated progress, or a co-unit's part (unit id). */
export const progressPartSchema = z.union([z.literal('consolidated'), z.number().int().positive()]);
export type ProgressPart = z.infer<typeof progressPartSchema>;

export const roundEntrySchema = z.object({
  part: progressPartSchema,
  /** The unit that writes it; null for the consolidated text (the lead units write it). */
  unit: unitRefSchema.nullable(),
  text: z.string(),
  /** 0 while nothing was saved: the version the next save is based on. */
  version: z.number().int(),
  state: roundStateSchema,
  returnReason: z.string().nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** The same part's text in the previous period ("report once"). */
  previousText: z.string().nullable(),
  /** What the caller may do with it now. */
  actions: z.array(roundActionSchema),
});
export type RoundEntryDto = z.infer<typeof roundEntrySchema>;

export const roundTaskSchema = z.object({
  id: z.number().int(),
  no: z.string(),
  section: z.string(),
  text: z.string(),
  lead: z.array(unitRefSchema),
  co: z.array(unitRefSchema),
  /** How the caller's unit serves the task; null for the office, leaders and viewers. */
  myRole: z.enum(['lead', 'co']).nullable(),
  /** The caller's unit's due date for this task: a granted extension (延期), else the period's. */
  dueDate: z.string().nullable().optional(),
  entries: z.array(roundEntrySchema),
});
export type RoundTask = z.infer<typeof roundTaskSchema>;

export const roundQuerySchema = z.object({ period: periodLabelSchema.optional() });

export const roundViewSchema = z.object({
  period: roundPeriodSchema,
  tasks: z.array(roundTaskSchema),
});
export type RoundView = z.infer<typeof roundViewSchema>;

/** Most tasks one page of 本期填报 carries (issue 7): a city must not load 10 000 at once. */
export const ROUND_PAGE_MAX = 200;

/**
 * GET /api/round (issue 7): one page of the round's tasks, filtered on the server. Without
 * parameters: the first 50 of every task the caller sees.
 */
export const roundListQuerySchema = roundQuerySchema.extend({
  filter: z.enum(ROUND_FILTERS).default('all'),
  state: roundStateSchema.optional(),
  unit: z.coerce.number().int().positive().optional(),
  section: z.string().max(8).optional(),
  /** A 序号 (exact; listed first) or words of the task's text or its units' names. */
  q: z.string().trim().max(100).optional(),
  /** Task ids that stay in `todo` although done (acted on during this visit), comma-separated. */
  keep: z
    .string()
    .regex(/^\d{1,10}(,\d{1,10}){0,199}$/, '应为逗号分隔的任务编号（最多 200 个）')
    .transform((value) => value.split(',').map(Number))
    .optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(ROUND_PAGE_MAX).default(50),
});
export type RoundListQuery = z.input<typeof roundListQuerySchema>;
/** The query as the server reads it: defaults filled in, `keep` split into ids. */
export type RoundListParams = z.output<typeof roundListQuerySchema>;

export const roundPageSchema = roundViewSchema.extend({
  /** Tasks that pass the filters, on every page. */
  total: z.number().int(),
  /** Per tab, with the same state, unit, section and search: the tabs' numbers. */
  counts: z.record(z.enum(ROUND_FILTERS), z.number().int()),
  offset: z.number().int(),
  limit: z.number().int(),
});
export type RoundPage = z.infer<typeof roundPageSchema>;

/** PUT /api/round/tasks/:id/progress: a draft save, based on the version the editor loaded. */
export const saveProgressBodySchema = z.object({
  period: periodLabelSchema,
  part: progressPartSchema,
  baseVersion: z.number().int().min(0),
  text: z.string().max(20_000),
});
export type SaveProgressBody = z.infer<typeof saveProgressBodySchema>;

/** The details of a 409 `stale-version`: both texts, so nobody's work is lost. */
export const staleVersionDetailsSchema = z.object({
  yours: z.string(),
  baseVersion: z.number().int(),
  current: z.object({
    text: z.string(),
    version: z.number().int(),
    updatedBy: z.string().nullable(),
    updatedAt: z.string().nullable(),
  }),
});
export type StaleVersionDetails = z.infer<typeof staleVersionDetailsSchema>;

export const transitionBodySchema = z.object({
  period: periodLabelSchema,
  part: progressPartSchema,
  action: z.enum(['submit', 'approve', 'accept', 'return', 'reopen']),
  /** Required to return or reopen: the reporter sees it. */
  reason: z.string().trim().max(500).optional(),
});
export type TransitionBody = z.infer<typeof transitionBodySchema>;

export const BOARD_COLUMNS = [
  'not_started',
  'draft',
  'submitted',
  'returned',
  'approved',
  'accepted',
  'late',
] as const;

export const boardSchema = z.object({
  period: roundPeriodSchema,
  rows: z.array(
    z.object({
      unit: unitRefSchema,
      counts: z.record(z.enum(BOARD_COLUMNS), z.number().int()),
      total: z.number().int(),
    }),
  ),
});
export type Board = z.infer<typeof boardSchema>;

export const remindBodySchema = z.object({
  period: periodLabelSchema,
  unitId: z.number().int().positive(),
  message: z.string().trim().max(500).optional(),
});

export const notificationSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  message: z.string(),
  period: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationDto = z.infer<typeof notificationSchema>;

export const adminUserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  unit: unitRefSchema.nullable(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  /** Where reminders are e-mailed (issue 4); null: in-app only. */
  email: z.string().nullable(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const createUserBodySchema = z.object({
  username: z.string().trim().min(1).max(64),
  displayName: z.string().trim().max(64).optional(),
  role: roleSchema,
  unitId: z.number().int().positive().optional(),
  email: z.email('电子邮箱格式不正确').max(254).optional(),
});
export type CreateUserBody = z.infer<typeof createUserBodySchema>;

/** The initial password, shown once. */
export const initialPasswordSchema = z.object({ user: adminUserSchema, password: z.string() });

export const versionHistorySchema = z.array(
  z.object({
    id: z.number().int(),
    period: z.string(),
    part: progressPartSchema,
    unit: unitRefSchema.nullable(),
    version: z.number().int(),
    text: z.string(),
    author: z.string().nullable(),
    createdAt: z.string(),
  }),
);
export type VersionHistory = z.infer<typeof versionHistorySchema>;
