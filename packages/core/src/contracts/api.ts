/**
 * The HTTP contract between server and web: zod schemas the server validates against (body,
 * query, params and responses) and the web infers its types from. Kept in core so both sides
 * compile against one definition.
 */
import { z } from 'zod';
import { boundSchema, lightSchema } from '../ledger/ledger-schema.ts';
import { lightRulesSchema, VERDICTS } from '../status/light-rules.ts';
import { milestonePercentsSchema } from '../status/milestones.ts';

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
  /** Only tasks with this light (issue 5). */
  light: lightSchema.optional(),
  /** Issue 6: `no` keeps the tasks without progress for the period (未填报), `yes` the others. */
  reported: z.enum(['yes', 'no']).optional(),
  /** Paging (issue 7): the rows from `offset`, at most `limit`; without `limit`, every row. */
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  /** `all`: each row also carries its progress in every period of the plan (`quarters`). */
  progress: z.enum(['period', 'all']).default('period'),
});
export type LedgerQuery = z.input<typeof ledgerQuerySchema>;

/** A figure of a task as the screens show it (issue 5); `id` is set for figures people stored. */
export const figureDtoSchema = z.object({
  id: z.number().int().nullable(),
  kind: z.enum(['target', 'actual', 'forecast']),
  metric: z.string(),
  value: z.number(),
  unit: z.string(),
  bound: boundSchema.nullable(),
  source: z.string(),
  origin: z.enum(['extracted', 'confirmed', 'corrected', 'manual']),
});
export type FigureDto = z.infer<typeof figureDtoSchema>;

/** A task's status for the period, computed by core from stored data (issue 5). */
export const taskStatusDtoSchema = z.object({
  light: lightSchema,
  completion: z.number().nullable(),
  expected: z.number(),
  /** What the light rests on: the figures, the office's or the unit's assessment, or nothing. */
  basis: z.enum(['figures', 'office', 'unit', 'none']),
});
export type TaskStatusDto = z.infer<typeof taskStatusDtoSchema>;

/**
 * Where a search term was found in a task (issues 4 and 6): its text, any progress text, a
 * unit's name, a leader's instruction (批示) or a return reason.
 */
export const SEARCH_HIT_KINDS = [
  'text',
  'progress',
  'unit',
  'instruction',
  'return_reason',
] as const;
export const searchHitKindSchema = z.enum(SEARCH_HIT_KINDS);
export type SearchHitKind = z.infer<typeof searchHitKindSchema>;

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
  /** Issue 5: the period's status and the figures it rests on. */
  status: taskStatusDtoSchema.optional(),
  targets: z.array(figureDtoSchema).optional(),
  actuals: z.array(figureDtoSchema).optional(),
  /** Issue 7, with `progress=all`: the consolidated progress in each period of the plan, in order. */
  quarters: z.array(z.object({ period: z.string(), progress: z.string().nullable() })).optional(),
  /** With a search term (`q`): where it was found in this task (issues 4 and 6). */
  matchedIn: z.array(searchHitKindSchema).optional(),
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
  /** Issue 5: tasks per light under every filter but the light. */
  lights: z.record(lightSchema, z.number().int()).optional(),
  /** Issue 7: tasks under every filter, the light's included, before paging. */
  matched: z.number().int().optional(),
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

// ── Reports out (issue 6) ──────────────────────────────────────────────────

/** A yes/no choice in a query string: `true`/`1` or `false`/`0`. */
const queryFlagSchema = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

export const reportFormatSchema = z.enum(['docx', 'xlsx', 'pdf', 'json']);
export type ReportFormat = z.infer<typeof reportFormatSchema>;

export const periodLabelParamsSchema = z.object({ label: periodLabelSchema });

/** GET /api/periods/:label/report and /notice: the file's format and the report's choices. */
export const reportQuerySchema = z.object({
  format: reportFormatSchema.default('docx'),
  /** A section's ordinal (`一`). */
  section: z.string().trim().min(1).max(8).optional(),
  /** A unit's name, exactly as the ledger has it. */
  unit: z.string().trim().min(1).max(100).optional(),
  /** The part `unit` plays; any by default. */
  unitRole: unitRoleSchema.optional(),
  behindOnly: queryFlagSchema.optional(),
  figures: queryFlagSchema.optional(),
  lights: queryFlagSchema.optional(),
  summary: queryFlagSchema.optional(),
});
export type ReportQuery = z.input<typeof reportQuerySchema>;

// ── Figures, lights and findings (issue 5) ─────────────────────────────────

export const verdictSchema = z.enum(VERDICTS);
export const confidenceSchema = z.enum(['high', 'medium', 'low']);

export const assessmentDtoSchema = z.object({
  by: z.enum(['office', 'unit']),
  verdict: verdictSchema,
  /** The unit's forecast: can the year's target be met (能否完成全年目标). */
  canComplete: z.boolean().nullable(),
  confidence: confidenceSchema.nullable(),
  author: z.string(),
  at: z.string(),
});
export type AssessmentDto = z.infer<typeof assessmentDtoSchema>;

export const targetChangeDtoSchema = z.object({
  metric: z.string(),
  before: figureDtoSchema.pick({ value: true, unit: true, bound: true }).nullable(),
  /** Null when people's target was deleted and the text states none for the metric. */
  after: figureDtoSchema.pick({ value: true, unit: true, bound: true }).nullable(),
  reason: z.string().nullable(),
  author: z.string(),
  at: z.string(),
});
export type TargetChangeDto = z.infer<typeof targetChangeDtoSchema>;

export const escalationDtoSchema = z.object({
  action: z.string(),
  label: z.string(),
  periods: z.number().int(),
});
export type EscalationDto = z.infer<typeof escalationDtoSchema>;

export const findingDtoSchema = z.object({
  kind: z.enum([
    'duplicate-progress',
    'stale-progress',
    'conflicting-figure',
    'missing-progress',
    'no-figures',
    'claim-without-figure',
  ]),
  tasks: z.array(z.object({ id: z.number().int(), no: z.string() })),
  message: z.string(),
  dismissal: z.object({ reason: z.string(), author: z.string(), at: z.string() }).nullable(),
});
export type FindingDto = z.infer<typeof findingDtoSchema>;

export const targetProgressDtoSchema = z.object({
  metric: z.string(),
  target: z.number(),
  unit: z.string(),
  bound: boundSchema,
  /** The actual that measures it, null where none does. */
  actual: z.number().nullable(),
  /** actual ÷ target; for a ceiling (max) 1 inside and 0 outside; null when unmeasured. */
  completion: z.number().nullable(),
  expected: z.number(),
  light: lightSchema,
});
export type TargetProgressDto = z.infer<typeof targetProgressDtoSchema>;

const milestonePercentsDtoSchema = z.object({
  q1: z.number(),
  q2: z.number(),
  q3: z.number(),
  q4: z.number(),
});

export const milestoneChangeDtoSchema = z.object({
  before: milestonePercentsDtoSchema.nullable(),
  after: milestonePercentsDtoSchema.nullable(),
  reason: z.string().nullable(),
  author: z.string(),
  at: z.string(),
});
export type MilestoneChangeDto = z.infer<typeof milestoneChangeDtoSchema>;

/** GET /api/tasks/:id/figures */
export const taskFiguresSchema = z.object({
  period: periodSchema,
  status: taskStatusDtoSchema,
  targets: z.array(figureDtoSchema),
  actuals: z.array(figureDtoSchema),
  forecasts: z.array(figureDtoSchema),
  /** The light and completion in each period of the plan up to this one, oldest first. */
  quarters: z.array(
    z.object({
      period: z.string(),
      light: lightSchema,
      completion: z.number().nullable(),
      expected: z.number(),
    }),
  ),
  assessments: z.array(assessmentDtoSchema),
  targetChanges: z.array(targetChangeDtoSchema),
  escalation: escalationDtoSchema.nullable(),
  findings: z.array(findingDtoSchema),
  /** Whether the caller may confirm, correct or add figures and assess the task. */
  canEdit: z.boolean(),
  /** One bar per target: its completion against expected progress, as its bound reads it. */
  targetProgress: z.array(targetProgressDtoSchema),
  /** The task's own trajectory in percent (Q1..Q4), null where progress is time-proportional. */
  milestones: milestonePercentsDtoSchema.nullable(),
  milestoneChanges: z.array(milestoneChangeDtoSchema),
  /** Whether the caller (the office) may set the milestones. */
  canSetMilestones: z.boolean(),
  /** The stored figures the caller may delete (people's figures, never extracted ones). */
  deletableFigureIds: z.array(z.number().int()),
});
export type TaskFigures = z.infer<typeof taskFiguresSchema>;

/** POST /api/tasks/:id/figures: confirm, correct or add one figure. */
export const saveFigureBodySchema = z.object({
  period: periodLabelSchema.optional(),
  kind: z.enum(['target', 'actual', 'forecast']),
  metric: z.string().trim().min(1).max(100),
  value: z.number(),
  unit: z.string().trim().max(20),
  bound: boundSchema.optional(),
  source: z.string().trim().max(500).default(''),
  origin: z.enum(['confirmed', 'corrected', 'manual']),
  /** Required for a target once a period of the plan is published. */
  reason: z.string().trim().max(500).optional(),
});
export type SaveFigureBody = z.input<typeof saveFigureBodySchema>;

/**
 * PUT /api/tasks/:id/milestones: the office sets the task's trajectory (null: back to
 * time-proportional). A reason is required once a period of the plan is published.
 */
export const saveMilestonesBodySchema = z.object({
  period: periodLabelSchema.optional(),
  milestones: milestonePercentsSchema.nullable(),
  reason: z.string().trim().max(500).optional(),
});
export type SaveMilestonesBody = z.input<typeof saveMilestonesBodySchema>;

/** DELETE /api/tasks/:id/figures/:figureId */
export const figureParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  figureId: z.coerce.number().int().positive(),
});
/** A deleted target needs a reason once a period of the plan is published. */
export const deleteFigureBodySchema = z
  .object({
    period: periodLabelSchema.optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .default({});
export type DeleteFigureBody = z.input<typeof deleteFigureBodySchema>;

/** PUT /api/tasks/:id/assessment: the office's or the unit's verdict and forecast. */
export const saveAssessmentBodySchema = z.object({
  period: periodLabelSchema.optional(),
  verdict: verdictSchema,
  canComplete: z.boolean().optional(),
  confidence: confidenceSchema.optional(),
});
export type SaveAssessmentBody = z.input<typeof saveAssessmentBodySchema>;

export const findingsQuerySchema = z.object({
  plan: z.coerce.number().int().positive().optional(),
  period: periodLabelSchema.optional(),
});

/** GET /api/findings */
export const findingsViewSchema = z.object({
  plan: planSchema,
  period: periodSchema,
  findings: z.array(findingDtoSchema),
  /** Tasks on the escalation ladder (提醒, 约谈), strongest first. */
  escalations: z.array(
    z.object({
      task: z.object({ id: z.number().int(), no: z.string(), text: z.string() }),
      light: lightSchema,
      escalation: escalationDtoSchema,
    }),
  ),
});
export type FindingsView = z.infer<typeof findingsViewSchema>;

/** POST /api/findings/dismissals */
export const dismissFindingBodySchema = z.object({
  period: periodLabelSchema,
  kind: findingDtoSchema.shape.kind,
  tasks: z.array(z.string().min(1)).min(1).max(200),
  reason: z.string().trim().min(1).max(500),
});
export type DismissFindingBody = z.infer<typeof dismissFindingBodySchema>;

/** GET/PUT /api/plans/:id/light-rules */
export const planLightRulesSchema = z.object({
  rules: lightRulesSchema,
  /** False while the plan uses Duban's defaults. */
  stored: z.boolean(),
  presets: z.array(lightRulesSchema),
});
export type PlanLightRules = z.infer<typeof planLightRulesSchema>;
export const saveLightRulesBodySchema = z.object({ rules: lightRulesSchema });

// ── Dashboard (issue 6) ────────────────────────────────────────────────────

export const dashboardQuerySchema = z.object({
  plan: z.coerce.number().int().positive().optional(),
  period: periodLabelSchema.optional(),
});
export type DashboardQuery = z.input<typeof dashboardQuerySchema>;

const lightCountsSchema = z.object({
  done: z.number().int(),
  green: z.number().int(),
  yellow: z.number().int(),
  red: z.number().int(),
  grey: z.number().int(),
  total: z.number().int(),
});

/** GET /api/dashboard: `summarizeDashboard` plus the ids the screens link with. */
export const dashboardSchema = z.object({
  plan: z.object({ id: z.number().int(), title: z.string() }),
  period: periodSchema,
  /** The plan's periods, for the period picker. */
  periods: z.array(periodSchema),
  organization: z.string(),
  kpis: z.object({
    total: z.number().int(),
    done: z.number().int(),
    onTrack: z.number().int(),
    behind: z.number().int(),
    notReported: z.number().int(),
  }),
  lights: lightCountsSchema,
  bySection: z.array(
    z.object({ ordinal: z.string(), title: z.string(), counts: lightCountsSchema }),
  ),
  byLead: z.array(
    z.object({ unit: z.string(), unitId: z.number().int().nullable(), counts: lightCountsSchema }),
  ),
  trend: z.array(
    z.object({ period: z.string(), counts: lightCountsSchema, notReported: z.number().int() }),
  ),
  behind: z.array(
    z.object({
      taskId: z.number().int().nullable(),
      no: z.string(),
      section: z.string(),
      text: z.string(),
      lead: z.array(z.string()),
      light: z.enum(['yellow', 'red']),
      completion: z.number().nullable(),
      expected: z.number(),
      gapText: z.string(),
    }),
  ),
  findings: z.array(
    z.object({ kind: z.string(), tasks: z.array(z.string()), message: z.string() }),
  ),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
