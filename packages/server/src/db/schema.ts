/**
 * The tables as the repositories see them. Both dialects store the same representation, so a
 * row reads back identically from SQLite and PostgreSQL:
 * - timestamps are ISO-8601 UTC text (`2026-11-29T08:00:00.000Z`), which sorts and compares
 *   correctly as text;
 * - booleans are integers 0/1 (SQLite has no boolean type);
 * - structured values (warnings, extra columns, audit detail) are JSON text.
 * Every row that belongs to an organisation carries `org_id`.
 */
import type { Generated, Kysely } from 'kysely';
import type { Role } from '@duban/core';

/** ISO-8601 UTC text. */
export type Timestamp = string;
/** 0 or 1. */
export type Flag = 0 | 1;

export type PeriodState = 'open' | 'closed' | 'published';
export type UnitRole = 'lead' | 'co';
/**
 * `imported` comes from a ledger file; the reporting round adds its own states
 * (draft, submitted, returned, approved).
 */
export type ProgressState = 'imported' | 'draft' | 'submitted' | 'returned' | 'approved';

export interface OrganizationsTable {
  id: Generated<number>;
  name: string;
  created_at: Timestamp;
  /** A random stamp, renewed by triggers on every change of the analysis' inputs (0010). */
  data_version: Generated<string>;
}

export interface UnitsTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  created_at: Timestamp;
}

/** Other spellings of a unit's name that resolve to it on import. */
export interface UnitAliasesTable {
  id: Generated<number>;
  org_id: number;
  unit_id: number;
  alias: string;
}

/** A year's tasks. */
export interface PlansTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  title: string;
  created_at: Timestamp;
}

export interface PeriodsTable {
  id: Generated<number>;
  org_id: number;
  plan_id: number;
  year: number;
  quarter: number;
  /** `2023Q2` */
  label: string;
  /** The report's title, e.g. 弋江区2023年二季度重点工作进展和完成情况. */
  title: string;
  /** `YYYY-MM-DD` */
  due_date: string | null;
  state: PeriodState;
  created_at: Timestamp;
}

export interface SectionsTable {
  id: Generated<number>;
  org_id: number;
  plan_id: number;
  ordinal: string;
  title: string;
  position: number;
}

export interface TasksTable {
  id: Generated<number>;
  org_id: number;
  plan_id: number;
  section_id: number;
  no: string;
  position: number;
  text: string;
  /** JSON object of the columns Duban does not model, or null when the source had none. */
  extra: string | null;
  /** JSON array of LedgerWarning. */
  warnings: string;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TaskUnitsTable {
  id: Generated<number>;
  org_id: number;
  task_id: number;
  unit_id: number;
  role: UnitRole;
  position: number;
  /** Rebuilt from a merged cell of the row above. */
  inferred: Flag;
}

/**
 * The current progress text of a task in a period: one row per unit, plus the consolidated
 * text with `unit_id` null. Uniqueness is kept by two partial unique indexes, because a plain
 * unique constraint treats NULLs as distinct.
 */
export interface ProgressEntriesTable {
  id: Generated<number>;
  org_id: number;
  task_id: number;
  period_id: number;
  unit_id: number | null;
  text: string;
  version: number;
  state: ProgressState;
  updated_by: number | null;
  updated_at: Timestamp;
  /** When the office accepted it (state stays `approved`); null until then (issue 4). */
  accepted_at: Generated<Timestamp | null>;
  /** Why it was last returned; the reporter sees it until the entry is submitted again. */
  return_reason: Generated<string | null>;
  /** Reopened by the office after the period was published: editable again until accepted. */
  reopened: Generated<Flag>;
}

/** Every version of every progress text; rows are only ever inserted. */
export interface ProgressVersionsTable {
  id: Generated<number>;
  org_id: number;
  entry_id: number;
  version: number;
  text: string;
  author_id: number | null;
  created_at: Timestamp;
}

export interface UsersTable {
  id: Generated<number>;
  org_id: number;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  unit_id: number | null;
  must_change_password: Flag;
  failed_logins: number;
  first_failed_at: Timestamp | null;
  locked_until: Timestamp | null;
  last_login_at: Timestamp | null;
  created_at: Timestamp;
  /** A disabled account cannot log in and its sessions end (issue 4). */
  disabled: Generated<Flag>;
  /** Where reminders are e-mailed; null: in-app only (issue 4). */
  email: Generated<string | null>;
}

export interface SessionsTable {
  /** sha256 (hex) of the cookie's token: a stolen table does not yield usable cookies. */
  id: string;
  user_id: number;
  org_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

/** Append-only: no code path updates or deletes a row. */
export interface AuditLogTable {
  id: Generated<number>;
  /** Null only for events outside any organisation (a failed login with an unknown name). */
  org_id: number | null;
  actor_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  /** JSON object. */
  detail: string;
  at: Timestamp;
}

export interface ImportBatchesTable {
  id: Generated<number>;
  org_id: number;
  period_id: number;
  file_name: string;
  /** sha256 (hex) of the file's bytes. */
  sha256: string;
  task_count: number;
  /** JSON array of the ledger-level LedgerWarning the file raised (extra columns, skipped rows…). */
  warnings: string;
  actor_id: number | null;
  at: Timestamp;
}

/** Who runs a job among several server instances, until when (issue 7). */
export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: Timestamp;
}

/** Figures people confirmed, corrected or added (issue 5); they win over extracted ones. */
export interface TaskFiguresTable {
  id: Generated<number>;
  org_id: number;
  task_id: number;
  /** Null for a target (it holds for the plan's year). */
  period_id: number | null;
  kind: 'target' | 'actual' | 'forecast';
  metric: string;
  value: number;
  unit: string;
  bound: 'min' | 'max' | 'exact' | null;
  source: string;
  origin: 'confirmed' | 'corrected' | 'manual';
  created_by: number;
  created_at: Timestamp;
}

/** Append-only log of target changes; `before`/`after` are JSON of the figure. */
export interface TargetChangesTable {
  id: Generated<number>;
  org_id: number;
  task_id: number;
  metric: string;
  before: string | null;
  after: string;
  reason: string | null;
  actor_id: number;
  at: Timestamp;
}

export interface TaskAssessmentsTable {
  id: Generated<number>;
  org_id: number;
  task_id: number;
  period_id: number;
  assessor: 'office' | 'unit';
  verdict: 'done' | 'on-track' | 'behind' | 'far-behind';
  /** The unit's forecast: can the year's target be met (能否完成全年目标). */
  can_complete: Flag | null;
  confidence: 'high' | 'medium' | 'low' | null;
  actor_id: number;
  at: Timestamp;
}

/** A finding is keyed by period, kind and its task numbers joined by commas. */
export interface FindingDismissalsTable {
  id: Generated<number>;
  org_id: number;
  period_id: number;
  kind: string;
  tasks: string;
  reason: string;
  actor_id: number;
  at: Timestamp;
}

/** JSON of core's LightRules, validated with lightRulesSchema on write and read. */
export interface PlanLightRulesTable {
  id: Generated<number>;
  org_id: number;
  plan_id: number;
  rules: string;
  actor_id: number;
  updated_at: Timestamp;
}

/** A task's own trajectory in percent per quarter, set by the office (issue 5). */
export interface TaskMilestonesTable {
  id: Generated<number>;
  org_id: number;
  task_id: number;
  q1: number;
  q2: number;
  q3: number;
  q4: number;
  actor_id: number;
  updated_at: Timestamp;
}

/** Append-only log of milestone changes; `before`/`after` are JSON of { q1..q4 } or null. */
export interface MilestoneChangesTable {
  id: Generated<number>;
  org_id: number;
  task_id: number;
  before: string | null;
  after: string | null;
  reason: string | null;
  actor_id: number;
  at: Timestamp;
}

/** In-app reminders (催办) to a unit; every user of the unit sees them (issue 4). */
export interface NotificationsTable {
  id: Generated<number>;
  org_id: number;
  unit_id: number;
  period_id: number | null;
  kind: string;
  message: string;
  created_by: number | null;
  created_at: Timestamp;
}

/** Who has read which notification, when (issue 4): notifications go to a unit, reads are per user. */
export interface NotificationReadsTable {
  notification_id: number;
  user_id: number;
  read_at: Timestamp;
}

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

/**
 * The e-mail outbox (issue 4): one row per recipient of a notification, written in the
 * notification's transaction and sent after it commits; failures are kept with their error.
 */
export interface NotificationDeliveriesTable {
  id: Generated<number>;
  org_id: number;
  notification_id: number;
  user_id: number;
  address: string;
  subject: string;
  body: string;
  status: DeliveryStatus;
  attempts: Generated<number>;
  error: string | null;
  /** Not before this time (retries back off). */
  next_attempt_at: Timestamp;
  /** The instance sending it while `sending`. */
  claimed_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ReminderKind = 'due-soon' | 'late';

/**
 * Automatic reminders already sent: at most one per period, unit, kind and due date (issue 4;
 * a granted 延期 moves a unit's date, and the new date earns its own reminders — migration 0013).
 */
export interface ReminderRunsTable {
  id: Generated<number>;
  org_id: number;
  period_id: number;
  unit_id: number;
  kind: ReminderKind;
  /** The due date the reminder was about: the period's, or a date granted by 延期. */
  due_date: string;
  notification_id: number | null;
  created_at: Timestamp;
}

/** A parsed ledger file awaiting the person's confirmation (issue 3); deleted on confirm. */
export interface ImportPreviewsTable {
  id: Generated<number>;
  org_id: number;
  user_id: number;
  file_name: string;
  sha256: string;
  sheet: string | null;
  /** JSON array of { name, hasLedger }. */
  sheets: string;
  /** The parsed ledger, duban.ledger/1 JSON. */
  ledger: string;
  /** sha256 of the plan's tasks and the period's imports when previewed. */
  plan_stamp: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** 延期: a unit asks for a later due date on a task for a period; the office decides (issue 4). */
export interface ExtensionRequestsTable {
  id: Generated<number>;
  org_id: number;
  task_id: number;
  period_id: number;
  unit_id: number;
  requested_date: string;
  reason: string;
  state: 'pending' | 'granted' | 'refused';
  requested_by: number;
  created_at: Timestamp;
  decided_by: number | null;
  decided_at: Timestamp | null;
  /** The date granted (the requested one or another); the unit's due date for the task. */
  granted_date: string | null;
  decision_reason: string | null;
}

/** 批示: a leader's (or the office's) instruction on a task in a period (issue 4). */
export interface InstructionsTable {
  id: Generated<number>;
  org_id: number;
  task_id: number;
  period_id: number;
  author_id: number;
  text: string;
  created_at: Timestamp;
}

/** A unit's acknowledgement (已阅) of an instruction: one per unit, with who and when. */
export interface InstructionAcksTable {
  id: Generated<number>;
  org_id: number;
  instruction_id: number;
  unit_id: number;
  user_id: number;
  acked_at: Timestamp;
}

/** Every return or reopening of an entry with its reason, kept after the entry moves on. */
export interface EntryReturnsTable {
  id: Generated<number>;
  org_id: number;
  entry_id: number;
  task_id: number;
  period_id: number;
  unit_id: number | null;
  action: 'return' | 'reopen';
  reason: string;
  actor_id: number | null;
  created_at: Timestamp;
}

export interface DatabaseSchema {
  organizations: OrganizationsTable;
  units: UnitsTable;
  unit_aliases: UnitAliasesTable;
  plans: PlansTable;
  periods: PeriodsTable;
  sections: SectionsTable;
  tasks: TasksTable;
  task_units: TaskUnitsTable;
  progress_entries: ProgressEntriesTable;
  progress_versions: ProgressVersionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  import_batches: ImportBatchesTable;
  import_previews: ImportPreviewsTable;
  notifications: NotificationsTable;
  notification_reads: NotificationReadsTable;
  notification_deliveries: NotificationDeliveriesTable;
  reminder_runs: ReminderRunsTable;
  task_figures: TaskFiguresTable;
  target_changes: TargetChangesTable;
  task_assessments: TaskAssessmentsTable;
  finding_dismissals: FindingDismissalsTable;
  plan_light_rules: PlanLightRulesTable;
  task_milestones: TaskMilestonesTable;
  milestone_changes: MilestoneChangesTable;
  leases: LeasesTable;
  extension_requests: ExtensionRequestsTable;
  instructions: InstructionsTable;
  instruction_acks: InstructionAcksTable;
  entry_returns: EntryReturnsTable;
}

/** A connection or a transaction: repositories accept either. */
export type Db = Kysely<DatabaseSchema>;

export function toFlag(value: boolean): Flag {
  return value ? 1 : 0;
}

export function nowIso(): Timestamp {
  return new Date().toISOString();
}
