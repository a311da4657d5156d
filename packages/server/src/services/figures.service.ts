/**
 * Figures, lights and findings of stored ledgers (issue 5). Nothing here decides a rule: core's
 * analyseLedger computes figures, status and findings from the stored text, the figures people
 * confirmed, the assessments and the plan's light rules; this service gathers them and answers.
 */
import {
  analyseLedger,
  computeExpectedProgress,
  computeStatus,
  DEFAULT_LIGHT_RULES,
  escalate,
  extractTargets,
  HALF_BEHIND_LIGHT_RULES,
  LEDGER_FORMAT,
  POINTS_10_30_LIGHT_RULES,
  selectEscalationLadder,
  toMilestones,
  type Assessment,
  type ConfirmedFigure,
  type DismissFindingBody,
  type FigureDto,
  type Finding,
  type FindingDto,
  type FindingsView,
  type Ledger,
  type LedgerTask,
  type Light,
  type LightRules,
  type MilestoneChangeDto,
  type Milestones,
  type PeriodRef,
  type PlanLightRules,
  type SaveAssessmentBody,
  type SaveMilestonesBody,
  type TargetProgressDto,
  type TaskFigures,
  type TaskRow,
  type TaskStatusDto,
  type saveFigureBodySchema,
} from '@duban/core';
import type { z } from 'zod';
import type { Database } from '../db/dialect.ts';
import { nowIso, type Db } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { cachedAnalysis } from './analysis-cache.ts';
import {
  deleteStoredFigure,
  findStoredFigure,
  listFigureCreatorUnits,
  findPlanLightRules,
  hasPublishedPeriod,
  insertTargetChange,
  listAssessments,
  listDismissals,
  listStoredFigures,
  listTargetChanges,
  replaceStoredFigure,
  saveAssessment,
  saveDismissal,
  savePlanLightRules,
  type AssessmentRecord,
  type StoredFigure,
} from '../repos/figures.repo.ts';
import {
  insertMilestoneChange,
  listMilestoneChanges,
  listTaskMilestones,
  replaceTaskMilestones,
  type MilestonePercentsRecord,
} from '../repos/milestones.repo.ts';
import {
  findPlanById,
  listPeriods,
  listPlans,
  type PeriodRecord,
  type PlanRecord,
} from '../repos/plans.repo.ts';
import { listConsolidatedProgress } from '../repos/progress.repo.ts';
import {
  findTask,
  listPlanTasks,
  listSections,
  listTaskUnits,
  type TaskRecord,
  type TaskUnitRecord,
} from '../repos/tasks.repo.ts';
import type { UserRecord } from '../repos/users.repo.ts';

type Viewer = Pick<UserRecord, 'id' | 'orgId' | 'orgName' | 'role' | 'unitId'>;

/** One period of a plan, analysed by core, with the stored rows behind it. */
export interface AnalysedPeriod {
  period: PeriodRecord;
  ledger: Ledger;
  tasks: TaskRecord[];
  /** Task id by number (unique within a plan). */
  idByNo: Map<string, number>;
  stored: StoredFigure[];
  assessments: AssessmentRecord[];
  /** The office's milestones by task id (issue 5), in percent; absent where none are set. */
  milestones: Map<number, MilestonePercentsRecord>;
  /** The light rules the period was analysed with. */
  rules: LightRules;
}

function toPeriodRef(period: PeriodRecord): PeriodRef {
  // Labels are stored only in this form (periods_org_label_unique and the import's check).
  return { year: period.year, quarter: period.quarter, label: period.label } as PeriodRef;
}

/** The plan's light rules: those the office chose, or Duban's defaults. */
export async function getPlanRules(db: Db, planId: number): Promise<LightRules> {
  return (await findPlanLightRules(db, planId)) ?? DEFAULT_LIGHT_RULES;
}

/**
 * What people said about these tasks in the period: their figures (targets of the year, the
 * period's actuals and forecasts) and verdicts, raw and by task number as analyseLedger takes
 * them.
 */
export async function loadPeopleFigures(
  db: Db,
  tasks: readonly Pick<TaskRecord, 'id' | 'no'>[],
  periodId: number,
): Promise<{
  stored: StoredFigure[];
  assessments: AssessmentRecord[];
  confirmed: Map<string, ConfirmedFigure[]>;
  assessed: Map<string, Assessment[]>;
}> {
  const taskIds = tasks.map((task) => task.id);
  const stored = await listStoredFigures(db, taskIds, periodId);
  const assessments = await listAssessments(db, taskIds, periodId);
  const noById = new Map(tasks.map((task) => [task.id, task.no]));
  const confirmed = new Map<string, ConfirmedFigure[]>();
  for (const figure of stored) {
    const no = noById.get(figure.taskId);
    if (no === undefined) continue;
    const list = confirmed.get(no) ?? [];
    list.push(figure);
    confirmed.set(no, list);
  }
  const assessed = new Map<string, Assessment[]>();
  for (const assessment of assessments) {
    const no = noById.get(assessment.taskId);
    if (no === undefined) continue;
    const list = assessed.get(no) ?? [];
    list.push({ by: assessment.assessor, verdict: assessment.verdict });
    assessed.set(no, list);
  }
  return { stored, assessments, confirmed, assessed };
}

function milestonesByTaskNo(
  tasks: readonly Pick<TaskRecord, 'id' | 'no'>[],
  milestones: ReadonlyMap<number, MilestonePercentsRecord>,
): Map<string, Milestones> {
  const byNo = new Map<string, Milestones>();
  for (const task of tasks) {
    const percents = milestones.get(task.id);
    if (percents !== undefined) byNo.set(task.no, toMilestones(percents));
  }
  return byNo;
}

/** The office's milestones of these tasks by task number, as analyseLedger takes them. */
export async function loadMilestones(
  db: Db,
  tasks: readonly Pick<TaskRecord, 'id' | 'no'>[],
): Promise<Map<string, Milestones>> {
  return milestonesByTaskNo(
    tasks,
    await listTaskMilestones(
      db,
      tasks.map((task) => task.id),
    ),
  );
}

/**
 * Every task of the plan in one period, analysed: figures (people's over extracted), status
 * under the plan's rules and assessments, and findings (stale-progress against the period
 * before). Cached while the organisation's data version holds (services/analysis-cache.ts);
 * `rules`, when given, are the plan's own (a caller that already read them).
 */
export function analysePeriod(
  db: Db,
  plan: PlanRecord,
  periods: readonly PeriodRecord[],
  period: PeriodRecord,
  rules?: LightRules,
): Promise<AnalysedPeriod> {
  return cachedAnalysis(
    db,
    plan.orgId,
    `analysis:${plan.id}:${period.id}`,
    () => computeAnalysedPeriod(db, plan, periods, period, rules),
    (analysed) => analysed.tasks.length,
  );
}

async function computeAnalysedPeriod(
  db: Db,
  plan: PlanRecord,
  periods: readonly PeriodRecord[],
  period: PeriodRecord,
  rules?: LightRules,
): Promise<AnalysedPeriod> {
  const sections = await listSections(db, plan.id);
  const ordinalById = new Map(sections.map((section) => [section.id, section.ordinal]));
  const tasks = await listPlanTasks(db, plan.id);
  const taskIds = tasks.map((task) => task.id);
  const units = await listTaskUnits(db, taskIds);
  const progress = await listConsolidatedProgress(db, period.id, taskIds);
  const index = periods.findIndex((p) => p.id === period.id);
  const before = index > 0 ? periods[index - 1] : undefined;
  const previousProgress =
    before === undefined ? undefined : await listConsolidatedProgress(db, before.id, taskIds);
  const { stored, assessments, confirmed, assessed } = await loadPeopleFigures(
    db,
    tasks,
    period.id,
  );
  const milestones = await listTaskMilestones(db, taskIds);
  const milestonesByNo = milestonesByTaskNo(tasks, milestones);
  const planRules = rules ?? (await getPlanRules(db, plan.id));
  const ref = toPeriodRef(period);
  const expected = computeExpectedProgress(ref);
  const ledgerTasks = tasks.map((task): LedgerTask => ({
    no: task.no,
    section: ordinalById.get(task.sectionId) ?? '',
    text: task.text,
    lead: (units.get(task.id) ?? []).filter((u) => u.role === 'lead').map((u) => u.name),
    co: (units.get(task.id) ?? []).filter((u) => u.role === 'co').map((u) => u.name),
    progress: progress.get(task.id)?.text ?? '',
    targets: [],
    actuals: [],
    status: { completion: null, expected, light: 'grey' },
    warnings: task.warnings,
  }));
  const ledger = analyseLedger(
    {
      format: LEDGER_FORMAT,
      title: period.title,
      organization: '',
      period: ref,
      sections: sections.map(({ ordinal, title }) => ({ ordinal, title })),
      tasks: ledgerTasks,
      findings: [],
      warnings: [],
    },
    {
      rules: planRules,
      confirmed,
      assessments: assessed,
      milestones: milestonesByNo,
      previous:
        previousProgress === undefined
          ? undefined
          : tasks.map((task) => ({
              no: task.no,
              progress: previousProgress.get(task.id)?.text ?? '',
            })),
    },
  );
  return {
    period,
    ledger,
    tasks,
    idByNo: new Map(tasks.map((task) => [task.no, task.id])),
    stored,
    assessments,
    milestones,
    rules: planRules,
  };
}

/**
 * The figures as the screens show them: a figure that equals one people stored carries its id
 * and origin, the others are `extracted`.
 */
function toFigureDtos(
  kind: FigureDto['kind'],
  figures: readonly {
    metric: string;
    value: number;
    unit: string;
    source: string;
    bound?: string;
  }[],
  stored: readonly StoredFigure[],
): FigureDto[] {
  const used = new Set<number>();
  return figures.map((figure): FigureDto => {
    const match = stored.find(
      (s) =>
        !used.has(s.id) &&
        s.kind === kind &&
        s.metric === figure.metric &&
        s.value === figure.value &&
        s.unit === figure.unit,
    );
    if (match !== undefined) used.add(match.id);
    const bound = kind === 'target' ? ((figure.bound ?? 'min') as FigureDto['bound']) : null; // targets always carry one of boundSchema's values
    return {
      id: match?.id ?? null,
      kind,
      metric: figure.metric,
      value: figure.value,
      unit: figure.unit,
      bound,
      source: figure.source,
      origin: match?.origin ?? 'extracted',
    };
  });
}

function statusOf(analysed: AnalysedPeriod, task: LedgerTask): TaskStatusDto {
  const people = analysed.assessments.filter((a) => a.taskId === analysed.idByNo.get(task.no));
  const basis: TaskStatusDto['basis'] =
    task.status.completion !== null
      ? 'figures'
      : people.some((a) => a.assessor === 'office')
        ? 'office'
        : people.some((a) => a.assessor === 'unit')
          ? 'unit'
          : 'none';
  return { ...task.status, basis };
}

export interface TaskSummary {
  status: TaskStatusDto;
  targets: FigureDto[];
  actuals: FigureDto[];
}

/** Summaries of analysed periods, computed once per (cached) analysis. */
const summaries = new WeakMap<AnalysedPeriod, Map<number, TaskSummary>>();

/** Status and figures of each task of an analysed period, by task id. Do not mutate. */
export function summariseTasks(analysed: AnalysedPeriod): Map<number, TaskSummary> {
  const known = summaries.get(analysed);
  if (known !== undefined) return known;
  const byId = new Map<number, TaskSummary>();
  const storedById = new Map<number, StoredFigure[]>();
  for (const figure of analysed.stored) {
    const list = storedById.get(figure.taskId) ?? [];
    list.push(figure);
    storedById.set(figure.taskId, list);
  }
  for (const task of analysed.ledger.tasks) {
    const id = analysed.idByNo.get(task.no);
    if (id === undefined) continue;
    const stored = storedById.get(id) ?? [];
    byId.set(id, {
      status: statusOf(analysed, task),
      targets: toFigureDtos('target', task.targets, stored),
      actuals: toFigureDtos('actual', task.actuals, stored),
    });
  }
  summaries.set(analysed, byId);
  return byId;
}

/**
 * The ledger's rows with their status and figures, filtered by `light` if given, and the count
 * of rows per light before that filter.
 */
export async function attachFigures(
  db: Db,
  plan: PlanRecord,
  periods: readonly PeriodRecord[],
  period: PeriodRecord,
  rows: readonly TaskRow[],
  light: Light | undefined,
): Promise<{ tasks: TaskRow[]; lights: Record<Light, number> }> {
  const summaries = summariseTasks(await analysePeriod(db, plan, periods, period));
  const all = rows.map((row): TaskRow => {
    const summary = summaries.get(row.id);
    return summary === undefined ? row : { ...row, ...summary };
  });
  return {
    tasks: light === undefined ? all : all.filter((row) => row.status?.light === light),
    lights: countLights(all.map((row) => row.status?.light ?? 'grey')),
  };
}

export const LIGHTS: readonly Light[] = ['done', 'green', 'yellow', 'red', 'grey'];

export function countLights(lights: Iterable<Light>): Record<Light, number> {
  const counts: Record<Light, number> = { done: 0, green: 0, yellow: 0, red: 0, grey: 0 };
  for (const light of lights) counts[light] += 1;
  return counts;
}

async function loadTask(
  db: Db,
  viewer: Viewer,
  taskId: number,
): Promise<{
  task: TaskRecord;
  plan: PlanRecord;
  periods: PeriodRecord[];
  units: TaskUnitRecord[];
}> {
  const task = await findTask(db, viewer.orgId, taskId);
  if (task === undefined) throw new AppError('not-found', '没有这项任务');
  const plan = await findPlanById(db, viewer.orgId, task.planId);
  if (plan === undefined) throw new Error(`task ${taskId} has no plan ${task.planId}`);
  const periods = await listPeriods(db, viewer.orgId, [plan.id]);
  const units = (await listTaskUnits(db, [task.id])).get(task.id) ?? [];
  return { task, plan, periods, units };
}

function pickPeriod(periods: readonly PeriodRecord[], label: string | undefined): PeriodRecord {
  const period = label === undefined ? periods.at(-1) : periods.find((p) => p.label === label);
  if (period === undefined) {
    throw new AppError(
      'not-found',
      label === undefined ? '该年度计划还没有任何期次' : `该年度计划没有 ${label} 期`,
    );
  }
  return period;
}

/** The office, or a reporter or head of one of the task's lead or co units. */
function canEditTask(viewer: Viewer, units: readonly TaskUnitRecord[]): boolean {
  if (viewer.role === 'admin') return true;
  if (viewer.role !== 'reporter' && viewer.role !== 'unit_head') return false;
  return viewer.unitId !== null && units.some((unit) => unit.unitId === viewer.unitId);
}

function requireEdit(viewer: Viewer, units: readonly TaskUnitRecord[]): void {
  if (!canEditTask(viewer, units)) {
    throw new AppError('forbidden', '只有督查办或本任务的牵头、配合单位可以确认或修改数字');
  }
}

function toFindingDtos(
  findings: readonly Finding[],
  idByNo: ReadonlyMap<string, number>,
  dismissals: readonly {
    kind: string;
    tasks: string;
    reason: string;
    author: string;
    at: string;
  }[],
): FindingDto[] {
  return findings.map((finding) => {
    const key = finding.tasks.join(',');
    const dismissal = dismissals.find((d) => d.kind === finding.kind && d.tasks === key);
    return {
      kind: finding.kind,
      tasks: finding.tasks.flatMap((no) => {
        const id = idByNo.get(no);
        return id === undefined ? [] : [{ id, no }];
      }),
      message: finding.message,
      dismissal:
        dismissal === undefined
          ? null
          : { reason: dismissal.reason, author: dismissal.author, at: dismissal.at },
    };
  });
}

/** Each task's light in every period of the plan up to `period`, oldest first, by task id. */
async function listLightHistory(
  db: Db,
  plan: PlanRecord,
  periods: readonly PeriodRecord[],
  period: PeriodRecord,
  current: AnalysedPeriod,
): Promise<{ period: PeriodRecord; analysed: AnalysedPeriod }[]> {
  const rules = await getPlanRules(db, plan.id);
  const upTo = periods.slice(0, periods.findIndex((p) => p.id === period.id) + 1);
  const history: { period: PeriodRecord; analysed: AnalysedPeriod }[] = [];
  for (const p of upTo) {
    history.push({
      period: p,
      analysed: p.id === period.id ? current : await analysePeriod(db, plan, periods, p, rules),
    });
  }
  return history;
}

function lightOf(analysed: AnalysedPeriod, no: string): Light {
  return analysed.ledger.tasks.find((task) => task.no === no)?.status.light ?? 'grey';
}

/** GET /api/tasks/:id/figures */
export async function getTaskFigures(
  database: Database,
  viewer: Viewer,
  taskId: number,
  periodLabel: string | undefined,
): Promise<TaskFigures> {
  const { db } = database;
  const { task, plan, periods, units } = await loadTask(db, viewer, taskId);
  const period = pickPeriod(periods, periodLabel);
  const analysed = await analysePeriod(db, plan, periods, period);
  const ledgerTask = analysed.ledger.tasks.find((t) => t.no === task.no);
  if (ledgerTask === undefined) throw new Error(`task ${task.no} missing from its plan`);
  const summary = summariseTasks(analysed).get(task.id);
  if (summary === undefined) throw new Error(`task ${task.no} not summarised`);
  const history = await listLightHistory(db, plan, periods, period, analysed);
  const escalation = escalate(
    history.map((h) => lightOf(h.analysed, task.no)),
    selectEscalationLadder(analysed.rules),
  );
  const stored = analysed.stored.filter((figure) => figure.taskId === task.id);
  const dismissals = await listDismissals(db, period.id);
  const changes = await listTargetChanges(db, task.id);
  const milestones = analysed.milestones.get(task.id);
  const milestoneChanges = await listMilestoneChanges(db, task.id);
  const creatorUnits = await listFigureCreatorUnits(
    db,
    stored.map((figure) => figure.id),
  );
  return {
    period: { id: period.id, label: period.label, year: period.year, quarter: period.quarter },
    status: summary.status,
    targets: summary.targets,
    actuals: summary.actuals,
    forecasts: toFigureDtos(
      'forecast',
      stored.filter((figure) => figure.kind === 'forecast'),
      stored,
    ),
    quarters: history.map((h) => {
      const t = h.analysed.ledger.tasks.find((x) => x.no === task.no);
      return {
        period: h.period.label,
        light: t?.status.light ?? 'grey',
        completion: t?.status.completion ?? null,
        expected: t?.status.expected ?? 0,
      };
    }),
    assessments: analysed.assessments
      .filter((a) => a.taskId === task.id)
      .map((a) => ({
        by: a.assessor,
        verdict: a.verdict,
        canComplete: a.canComplete,
        confidence: a.confidence,
        author: a.author,
        at: a.at,
      })),
    targetChanges: changes.map((change) => ({
      metric: change.metric,
      before: change.before === null ? null : decodeFigureValue(change.before),
      after: decodeFigureValue(change.after),
      reason: change.reason,
      author: change.author,
      at: change.at,
    })),
    escalation:
      escalation === undefined
        ? null
        : {
            action: escalation.step.action,
            label: escalation.step.label,
            periods: escalation.periods,
          },
    findings: toFindingDtos(
      analysed.ledger.findings.filter((finding) => finding.tasks.includes(task.no)),
      analysed.idByNo,
      dismissals,
    ),
    canEdit: canEditTask(viewer, units),
    targetProgress: measureTargets(analysed, ledgerTask, milestones),
    milestones: milestones ?? null,
    milestoneChanges: milestoneChanges.map((change): MilestoneChangeDto => ({
      before: decodeMilestones(change.before),
      after: decodeMilestones(change.after),
      reason: change.reason,
      author: change.author,
      at: change.at,
    })),
    canSetMilestones: viewer.role === 'admin',
    deletableFigureIds: stored
      .filter((figure) => canDeleteFigure(viewer, units, creatorUnits.get(figure.id) ?? null))
      .map((figure) => figure.id),
  };
}

/**
 * One entry per target: its completion against expected progress (the task's milestones where
 * set), as core measures it for the task's light (a ceiling is kept or broken).
 */
function measureTargets(
  analysed: AnalysedPeriod,
  task: LedgerTask,
  milestones: MilestonePercentsRecord | undefined,
): TargetProgressDto[] {
  const detail = computeStatus({
    targets: task.targets,
    actuals: task.actuals,
    period: { quarter: toPeriodRef(analysed.period).quarter },
    rules: analysed.rules,
    milestones: milestones === undefined ? undefined : toMilestones(milestones),
  });
  return detail.targets.map((progress) => ({
    metric: progress.target.metric,
    target: progress.target.value,
    unit: progress.target.unit,
    bound: progress.target.bound,
    actual: progress.actual?.value ?? null,
    completion: progress.completion,
    expected: detail.expected,
    light: progress.light,
  }));
}

function decodeMilestones(json: string | null): MilestonePercentsRecord | null {
  return json === null ? null : (JSON.parse(json) as MilestonePercentsRecord | null); // written by saveTaskMilestones
}

/**
 * The office deletes any figure people stored; a unit's reporter or head deletes the figures
 * its own people stored on its task. Extracted figures are not stored, so never deletable.
 */
function canDeleteFigure(
  viewer: Viewer,
  units: readonly TaskUnitRecord[],
  creatorUnitId: number | null,
): boolean {
  if (viewer.role === 'admin') return true;
  return canEditTask(viewer, units) && creatorUnitId !== null && creatorUnitId === viewer.unitId;
}

type FigureValue = Pick<FigureDto, 'value' | 'unit' | 'bound'>;

function decodeFigureValue(json: string): FigureValue | null {
  return JSON.parse(json) as FigureValue | null; // written by saveTaskFigure (a value) or deleteTaskFigure (null when none remains)
}

export type SaveFigureInput = z.output<typeof saveFigureBodySchema>;

/**
 * POST /api/tasks/:id/figures: the office or the task's unit confirms, corrects or adds a
 * figure. A target holds for the year; once a period of the plan is published, changing it
 * needs a reason, and every target change is logged.
 */
export async function saveTaskFigure(
  database: Database,
  viewer: Viewer,
  taskId: number,
  body: SaveFigureInput,
): Promise<TaskFigures> {
  const { db } = database;
  const { task, plan, periods, units } = await loadTask(db, viewer, taskId);
  requireEdit(viewer, units);
  const period = pickPeriod(periods, body.period);
  const isTarget = body.kind === 'target';
  const reason = body.reason === undefined || body.reason === '' ? null : body.reason;
  if (isTarget && reason === null && (await hasPublishedPeriod(db, plan.id))) {
    throw new AppError('reason-required', '计划已发布，修改目标必须说明理由');
  }
  const at = nowIso();
  const after: FigureValue = {
    value: body.value,
    unit: body.unit,
    bound: isTarget ? (body.bound ?? 'min') : null,
  };
  // What the text says, read before people's figure joins the analysis.
  const extracted = isTarget
    ? findExtractedTarget(await analysePeriod(db, plan, periods, period), task.no, body.metric)
    : undefined;
  await db.transaction().execute(async (trx) => {
    const before = await replaceStoredFigure(trx, {
      org_id: viewer.orgId,
      task_id: task.id,
      period_id: isTarget ? null : period.id,
      kind: body.kind,
      metric: body.metric,
      value: body.value,
      unit: body.unit,
      bound: after.bound,
      source: body.source,
      origin: body.origin,
      created_by: viewer.id,
      created_at: at,
    });
    if (isTarget) {
      const previous = before ?? extracted;
      await insertTargetChange(trx, {
        orgId: viewer.orgId,
        taskId: task.id,
        metric: body.metric,
        before: previous === undefined ? null : JSON.stringify(previous),
        after: JSON.stringify(after),
        reason,
        actorId: viewer.id,
        at,
      });
    }
  });
  return getTaskFigures(database, viewer, taskId, period.label);
}

/**
 * PUT /api/tasks/:id/milestones: the office sets the task's trajectory, or clears it (null).
 * Like a target, a change once a period of the plan is published needs a reason; every change
 * is logged.
 */
export async function saveTaskMilestones(
  database: Database,
  viewer: Viewer,
  taskId: number,
  body: SaveMilestonesBody,
): Promise<TaskFigures> {
  const { db } = database;
  if (viewer.role !== 'admin') throw new AppError('forbidden', '只有督查办可以设置节点目标');
  const { task, plan, periods } = await loadTask(db, viewer, taskId);
  const period = pickPeriod(periods, body.period);
  const reason = body.reason === undefined || body.reason === '' ? null : body.reason;
  if (reason === null && (await hasPublishedPeriod(db, plan.id))) {
    throw new AppError('reason-required', '计划已发布，修改节点目标必须说明理由', {
      path: 'body.reason',
    });
  }
  const after: MilestonePercentsRecord | null =
    body.milestones === null
      ? null
      : {
          q1: body.milestones.q1,
          q2: body.milestones.q2,
          q3: body.milestones.q3,
          q4: body.milestones.q4,
        };
  const at = nowIso();
  await db.transaction().execute(async (trx) => {
    const before = await replaceTaskMilestones(trx, {
      orgId: viewer.orgId,
      taskId: task.id,
      milestones: after,
      actorId: viewer.id,
      at,
    });
    await insertMilestoneChange(trx, {
      org_id: viewer.orgId,
      task_id: task.id,
      before: before === undefined ? null : JSON.stringify(before),
      after: after === null ? null : JSON.stringify(after),
      reason,
      actor_id: viewer.id,
      at,
    });
  });
  return getTaskFigures(database, viewer, taskId, period.label);
}

/**
 * DELETE /api/tasks/:id/figures/:figureId: a figure people stored goes; what the text says
 * applies again. Deleting a target once a period of the plan is published needs a reason and
 * is logged like any target change (after = the text's target, or none).
 */
export async function deleteTaskFigure(
  database: Database,
  viewer: Viewer,
  taskId: number,
  figureId: number,
  body: { period?: string | undefined; reason?: string | undefined },
): Promise<TaskFigures> {
  const { db } = database;
  const { task, plan, periods, units } = await loadTask(db, viewer, taskId);
  const period = pickPeriod(periods, body.period);
  const figure = await findStoredFigure(db, task.id, figureId);
  if (figure === undefined) {
    throw new AppError(
      'not-found',
      '该任务没有这个人工录入的数字（从文字中提取的数字不能删除，只能确认或更正）',
    );
  }
  if (!canDeleteFigure(viewer, units, figure.creatorUnitId)) {
    throw new AppError('forbidden', '只有督查办或录入该数字的责任单位可以删除它');
  }
  const isTarget = figure.kind === 'target';
  const reason = body.reason === undefined || body.reason === '' ? null : body.reason;
  if (isTarget && reason === null && (await hasPublishedPeriod(db, plan.id))) {
    throw new AppError('reason-required', '计划已发布，删除目标必须说明理由', {
      path: 'body.reason',
    });
  }
  const fromText = extractTargets(task.text).find((t) => t.metric === figure.metric);
  await db.transaction().execute(async (trx) => {
    await deleteStoredFigure(trx, figure.id);
    if (isTarget) {
      const before: FigureValue = {
        value: figure.value,
        unit: figure.unit,
        bound: figure.bound ?? 'min',
      };
      const after: FigureValue | null =
        fromText === undefined
          ? null
          : { value: fromText.value, unit: fromText.unit, bound: fromText.bound };
      await insertTargetChange(trx, {
        orgId: viewer.orgId,
        taskId: task.id,
        metric: figure.metric,
        before: JSON.stringify(before),
        after: JSON.stringify(after),
        reason,
        actorId: viewer.id,
        at: nowIso(),
      });
    }
  });
  return getTaskFigures(database, viewer, taskId, period.label);
}

function findExtractedTarget(
  analysed: AnalysedPeriod,
  no: string,
  metric: string,
): FigureValue | undefined {
  const target = analysed.ledger.tasks
    .find((task) => task.no === no)
    ?.targets.find((t) => t.metric === metric);
  return target === undefined
    ? undefined
    : { value: target.value, unit: target.unit, bound: target.bound };
}

/**
 * PUT /api/tasks/:id/assessment: the office's verdict (an admin), or the unit's own verdict and
 * forecast (a reporter or head of the task's unit).
 */
export async function saveTaskAssessment(
  database: Database,
  viewer: Viewer,
  taskId: number,
  body: SaveAssessmentBody,
): Promise<TaskFigures> {
  const { db } = database;
  const { task, periods, units } = await loadTask(db, viewer, taskId);
  requireEdit(viewer, units);
  const period = pickPeriod(periods, body.period);
  await saveAssessment(db, {
    org_id: viewer.orgId,
    task_id: task.id,
    period_id: period.id,
    assessor: viewer.role === 'admin' ? 'office' : 'unit',
    verdict: body.verdict,
    can_complete: body.canComplete === undefined ? null : body.canComplete ? 1 : 0,
    confidence: body.confidence ?? null,
    actor_id: viewer.id,
    at: nowIso(),
  });
  return getTaskFigures(database, viewer, taskId, period.label);
}

async function resolvePlanPeriod(
  db: Db,
  viewer: Viewer,
  query: { plan?: number; period?: string },
): Promise<{ plan: PlanRecord; periods: PeriodRecord[]; period: PeriodRecord }> {
  const plan =
    query.plan === undefined
      ? (await listPlans(db, viewer.orgId))[0]
      : await findPlanById(db, viewer.orgId, query.plan);
  if (plan === undefined) throw new AppError('not-found', '没有这个年度计划');
  const periods = await listPeriods(db, viewer.orgId, [plan.id]);
  return { plan, periods, period: pickPeriod(periods, query.period) };
}

/** GET /api/findings: the period's findings (dismissed ones marked) and the escalation ladder. */
export async function getFindingsView(
  database: Database,
  viewer: Viewer,
  query: { plan?: number; period?: string },
): Promise<FindingsView> {
  const { db } = database;
  const { plan, periods, period } = await resolvePlanPeriod(db, viewer, query);
  const analysed = await analysePeriod(db, plan, periods, period);
  const history = await listLightHistory(db, plan, periods, period, analysed);
  const dismissals = await listDismissals(db, period.id);
  const escalations: FindingsView['escalations'] = [];
  for (const task of analysed.ledger.tasks) {
    const id = analysed.idByNo.get(task.no);
    const reached = escalate(
      history.map((h) => lightOf(h.analysed, task.no)),
      selectEscalationLadder(analysed.rules),
    );
    if (id === undefined || reached === undefined) continue;
    escalations.push({
      task: { id, no: task.no, text: task.text },
      light: task.status.light,
      escalation: {
        action: reached.step.action,
        label: reached.step.label,
        periods: reached.periods,
      },
    });
  }
  escalations.sort((a, b) => b.escalation.periods - a.escalation.periods);
  const toPeriodDto = (p: PeriodRecord): FindingsView['period'] => ({
    id: p.id,
    label: p.label,
    year: p.year,
    quarter: p.quarter,
  });
  return {
    plan: {
      id: plan.id,
      title: plan.title,
      organization: viewer.orgName,
      year: plan.year,
      periods: periods.map(toPeriodDto),
    },
    period: { id: period.id, label: period.label, year: period.year, quarter: period.quarter },
    findings: toFindingDtos(analysed.ledger.findings, analysed.idByNo, dismissals),
    escalations,
  };
}

/** POST /api/findings/dismissals: the office sets a finding aside, with its reason. */
export async function dismissFinding(
  database: Database,
  viewer: Viewer,
  body: DismissFindingBody & { plan?: number },
): Promise<void> {
  const { db } = database;
  const { period } = await resolvePlanPeriod(db, viewer, { period: body.period, plan: body.plan });
  await saveDismissal(db, {
    orgId: viewer.orgId,
    periodId: period.id,
    kind: body.kind,
    tasks: body.tasks.join(','),
    reason: body.reason,
    actorId: viewer.id,
    at: nowIso(),
  });
}

const PRESETS: readonly LightRules[] = [
  DEFAULT_LIGHT_RULES,
  POINTS_10_30_LIGHT_RULES,
  HALF_BEHIND_LIGHT_RULES,
];

/** GET /api/plans/:id/light-rules */
export async function getLightRules(
  database: Database,
  viewer: Viewer,
  planId: number,
): Promise<PlanLightRules> {
  const plan = await findPlanById(database.db, viewer.orgId, planId);
  if (plan === undefined) throw new AppError('not-found', '没有这个年度计划');
  const stored = await findPlanLightRules(database.db, plan.id);
  return {
    rules: stored ?? DEFAULT_LIGHT_RULES,
    stored: stored !== undefined,
    presets: [...PRESETS],
  };
}

/** PUT /api/plans/:id/light-rules */
export async function saveLightRules(
  database: Database,
  viewer: Viewer,
  planId: number,
  rules: LightRules,
): Promise<PlanLightRules> {
  const plan = await findPlanById(database.db, viewer.orgId, planId);
  if (plan === undefined) throw new AppError('not-found', '没有这个年度计划');
  await savePlanLightRules(database.db, {
    orgId: viewer.orgId,
    planId: plan.id,
    rules,
    actorId: viewer.id,
    at: nowIso(),
  });
  return getLightRules(database, viewer, planId);
}
