/**
 * The quarterly reporting round (issue 4): the office opens a period, units write and submit
 * their entries, unit heads approve, the office accepts or returns, then publishes. Every rule
 * about who may take which step is core's `applyTransition`; this file loads, asks and stores,
 * and logs every transition to the audit log.
 */
import {
  applyTransition,
  listAllowedActions,
  selectRoundTasks,
  toLocalDate,
  type Board,
  type OpenPeriodBody,
  type PublishBlockedDetails,
  type PublishBody,
  type ProgressPart,
  type RoundActor,
  type RoundEntry,
  type RoundEntryDto,
  type RoundListParams,
  type RoundPage as RoundPageDto,
  type RoundPeriod,
  type RoundState,
  type RoundTask,
  type RoundTaskFacts,
  type SaveProgressBody,
  type StaleVersionDetails,
  type TransitionBody,
  type UnitRef,
  type VersionHistory,
} from '@duban/core';
import type { Database } from '../db/dialect.ts';
import { nowIso, type Db, type ProgressState } from '../db/schema.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import { appendAudit } from '../repos/audit.repo.ts';
import {
  insertEntryReturn,
  listGrantedDueDates,
  listInstructedTaskIds,
} from '../repos/round-extras.repo.ts';
import { searchTaskHits } from '../repos/search.repo.ts';
import { findPlanByYear } from '../repos/plans.repo.ts';
import {
  findLatestRoundPeriod,
  findPeriodForTask,
  findPreviousPeriod,
  findRoundPeriod,
  insertEntry,
  insertEntryVersion,
  insertRoundPeriod,
  listEntries,
  listEntryStates,
  listPartEntries,
  listTaskVersions,
  updateEntryState,
  updateEntryText,
  updatePeriodState,
  type EntryRecord,
  type EntryStateRecord,
  type RoundPeriodRecord,
} from '../repos/round.repo.ts';
import {
  findTask,
  listFilteredTaskIds,
  listFilteredTasks,
  listPlanTaskUnitRoles,
  listTaskUnits,
  listUnitsOfTask,
  type TaskFilter,
  type TaskUnitRole,
  type TaskRecord,
  type TaskUnitRecord,
} from '../repos/tasks.repo.ts';
import type { UserRecord } from '../repos/users.repo.ts';
import { listOwedTasks, manualReminderMessage, notifyUnit } from './notifications.service.ts';

export type Actor = Pick<UserRecord, 'id' | 'orgId' | 'orgName' | 'role' | 'unitId'>;

const QUARTER_NAMES = ['', '一', '二', '三', '四'];

function toActor(user: Actor): RoundActor {
  return { role: user.role, unitId: user.unitId };
}

export function toPeriodDto(period: RoundPeriodRecord): RoundPeriod {
  return {
    id: period.id,
    label: period.label,
    year: period.year,
    quarter: period.quarter,
    title: period.title,
    dueDate: period.dueDate,
    state: period.state,
  };
}

/** The round state of a stored entry; an imported text counts as the office's own, accepted. */
export function toRoundState(entry: EntryStateRecord | undefined): RoundState {
  if (entry === undefined) return 'not_started';
  if (entry.state === 'imported') return 'accepted';
  if (entry.state === 'approved' && entry.acceptedAt !== null) return 'accepted';
  return entry.state;
}

/** Accepted is stored as `approved` with `accepted_at` set (the state column predates it). */
function toStoredState(state: RoundState): ProgressState {
  if (state === 'accepted') return 'approved';
  if (state === 'not_started') throw new Error('not_started is never stored');
  return state;
}

function periodNotFound(label: string | undefined): AppError {
  return new AppError(
    'period-not-found',
    label === undefined ? '督查室还没有发起任何一期填报' : `没有 ${label} 期`,
  );
}

export async function getPeriod(db: Db, orgId: number, label: string | undefined) {
  const period =
    label === undefined
      ? await findLatestRoundPeriod(db, orgId)
      : await findRoundPeriod(db, orgId, label);
  if (period === undefined) throw periodNotFound(label);
  return period;
}

/** The office opens a period for reporting: the plan's tasks carry over to it. */
export async function openPeriod(
  database: Database,
  actor: Actor,
  body: OpenPeriodBody,
): Promise<RoundPeriod> {
  return database.db.transaction().execute(async (trx) => {
    const year = Number(body.label.slice(0, 4));
    const quarter = Number(body.label.slice(5));
    const plan = await findPlanByYear(trx, actor.orgId, year);
    if (plan === undefined) {
      throw new AppError('not-found', `${year} 年还没有年度计划，请先导入台账`);
    }
    if ((await findRoundPeriod(trx, actor.orgId, body.label)) !== undefined) {
      throw new AppError('period-exists', `${body.label} 期已经存在`);
    }
    const title = `${actor.orgName}${year}年${QUARTER_NAMES[quarter] ?? ''}季度重点工作进展和完成情况`;
    const now = nowIso();
    const id = await insertRoundPeriod(
      trx,
      {
        orgId: actor.orgId,
        planId: plan.id,
        year,
        quarter,
        label: body.label,
        title,
        dueDate: body.dueDate,
      },
      now,
    );
    await appendAudit(
      trx,
      {
        orgId: actor.orgId,
        actorId: actor.id,
        action: 'round.open',
        entity: 'period',
        entityId: id,
        detail: { label: body.label, dueDate: body.dueDate },
      },
      now,
    );
    return toPeriodDto(await getPeriod(trx, actor.orgId, body.label));
  });
}

/**
 * The office publishes the period: from now on every entry is locked until reopened. Only when
 * the office accepted every task's consolidated text, or with an explicit override reason;
 * otherwise 409 `publish-blocked` with the tasks not accepted. The override is audited with them.
 */
export async function publishPeriod(
  database: Database,
  actor: Actor,
  label: string,
  body: PublishBody = null,
): Promise<RoundPeriod> {
  const overrideReason = body?.overrideReason?.trim() ?? '';
  return database.db.transaction().execute(async (trx) => {
    const period = await getPeriod(trx, actor.orgId, label);
    const tasks = await listFilteredTasks(trx, {
      orgId: actor.orgId,
      planId: period.planId,
      unitRole: 'any',
    });
    const consolidated = new Map(
      (await listEntries(trx, actor.orgId, period.id, undefined))
        .filter((entry) => entry.unitId === null)
        .map((entry) => [entry.taskId, entry]),
    );
    const notAccepted = tasks
      .map((task) => ({ id: task.id, no: task.no, state: toRoundState(consolidated.get(task.id)) }))
      .filter((task) => task.state !== 'accepted');
    if (period.state === 'open' && notAccepted.length > 0 && overrideReason === '') {
      const details: PublishBlockedDetails = {
        notAccepted: notAccepted.length,
        tasks: notAccepted,
      };
      throw new AppError(
        'publish-blocked',
        `还有 ${notAccepted.length} 项任务的汇总进展未经督查室采纳（如 ${notAccepted
          .slice(0, 5)
          .map((task) => task.no)
          .join('、')}），请先采纳，或写明理由后强制发布`,
        details,
      );
    }
    if (
      period.state !== 'open' ||
      !(await updatePeriodState(trx, period.id, 'open', 'published'))
    ) {
      throw new AppError('transition-invalid', `${label} 期已发布或已关闭`);
    }
    const now = nowIso();
    await appendAudit(
      trx,
      {
        orgId: actor.orgId,
        actorId: actor.id,
        action: 'round.publish',
        entity: 'period',
        entityId: period.id,
        detail:
          notAccepted.length === 0
            ? { label }
            : {
                label,
                overrideReason,
                notAccepted: notAccepted.length,
                tasks: notAccepted.map((task) => task.no),
              },
      },
      now,
    );
    return toPeriodDto({ ...period, state: 'published' });
  });
}

export interface PartSlot {
  part: ProgressPart;
  unitId: number | null;
  unit: UnitRef | null;
  owners: number[];
}

/** The entries a task has: its consolidated text (by the lead units), then one per co-unit. */
export function listSlots(units: readonly (TaskUnitRole & { name: string })[]): PartSlot[] {
  const lead = units.filter((unit) => unit.role === 'lead');
  const co = units.filter((unit) => unit.role === 'co');
  return [
    { part: 'consolidated', unitId: null, unit: null, owners: lead.map((unit) => unit.unitId) },
    ...co.map((unit) => ({
      part: unit.unitId,
      unitId: unit.unitId,
      unit: { id: unit.unitId, name: unit.name },
      owners: [unit.unitId],
    })),
  ];
}

function findSlot(units: readonly TaskUnitRecord[], part: ProgressPart): PartSlot {
  const slot = listSlots(units).find((candidate) => candidate.part === part);
  if (slot === undefined) {
    throw new AppError('not-found', '该单位不是这项任务的配合单位；牵头单位请填写汇总进展');
  }
  return slot;
}

function toEntryContext(
  slot: PartSlot,
  entry: EntryStateRecord | undefined,
  period: RoundPeriodRecord,
): RoundEntry {
  return {
    state: toRoundState(entry),
    ownerUnitIds: slot.owners,
    periodState: period.state,
    reopened: entry?.reopened ?? false,
  };
}

function toEntryDto(
  slot: PartSlot,
  entry: EntryRecord | undefined,
  previous: EntryRecord | undefined,
  period: RoundPeriodRecord,
  actor: Actor,
): RoundEntryDto {
  return {
    part: slot.part,
    unit: slot.unit,
    text: entry?.text ?? '',
    version: entry?.version ?? 0,
    state: toRoundState(entry),
    returnReason: entry?.returnReason ?? null,
    updatedAt: entry?.updatedAt ?? null,
    updatedBy: entry?.updatedBy ?? null,
    previousText: previous?.text ?? null,
    actions: listAllowedActions(toEntryContext(slot, entry, period), toActor(actor)),
  };
}

export const entryKey = (taskId: number, unitId: number | null): string =>
  `${taskId}:${unitId ?? ''}`;

/** Which of a task's entries the caller sees: the lead unit every part, a co-unit its own. */
function visibleSlots(slots: PartSlot[], myRole: 'lead' | 'co' | null, actor: Actor): PartSlot[] {
  if (myRole === 'co') return slots.filter((slot) => slot.unitId === actor.unitId);
  return slots;
}

export function isUnitRole(actor: Actor): boolean {
  return actor.role === 'reporter' || actor.role === 'unit_head';
}

/** How the caller's unit serves the task: as a lead unit, a co-unit, or not at all. */
function findMyRole(taskUnits: readonly TaskUnitRole[], actor: Actor): 'lead' | 'co' | null {
  if (!isUnitRole(actor)) return null;
  const mine = taskUnits.filter((unit) => unit.unitId === actor.unitId);
  if (mine.some((unit) => unit.role === 'lead')) return 'lead';
  return mine.length > 0 ? 'co' : null;
}

/**
 * These tasks of the round as the caller sees them (the answer's form, unchanged by paging):
 * the entries with text of the period and the previous one, the caller's due date.
 */
async function buildRoundTasks(
  db: Db,
  actor: Actor,
  period: RoundPeriodRecord,
  tasks: readonly (TaskRecord & { sectionOrdinal: string })[],
  units: ReadonlyMap<number, TaskUnitRecord[]>,
): Promise<RoundTask[]> {
  if (tasks.length === 0) return [];
  const unitScoped = isUnitRole(actor);
  const ids = tasks.map((task) => task.id);
  const entries = new Map(
    (await listEntries(db, actor.orgId, period.id, ids)).map((e) => [
      entryKey(e.taskId, e.unitId),
      e,
    ]),
  );
  const previousPeriod = await findPreviousPeriod(db, actor.orgId, period);
  const previous = new Map(
    previousPeriod === undefined
      ? []
      : (await listEntries(db, actor.orgId, previousPeriod.id, ids)).map((e) => [
          entryKey(e.taskId, e.unitId),
          e,
        ]),
  );
  const granted = new Map(
    unitScoped
      ? (await listGrantedDueDates(db, actor.orgId, period.id))
          .filter((g) => g.unitId === actor.unitId)
          .map((g) => [g.taskId, g.dueDate])
      : [],
  );
  return tasks.map((task) => {
    const taskUnits = units.get(task.id) ?? [];
    const myRole = findMyRole(taskUnits, actor);
    const ref = (unit: TaskUnitRecord): UnitRef => ({ id: unit.unitId, name: unit.name });
    return {
      id: task.id,
      no: task.no,
      section: task.sectionOrdinal,
      text: task.text,
      lead: taskUnits.filter((unit) => unit.role === 'lead').map(ref),
      co: taskUnits.filter((unit) => unit.role === 'co').map(ref),
      myRole,
      dueDate: myRole === null ? period.dueDate : (granted.get(task.id) ?? period.dueDate),
      entries: visibleSlots(listSlots(taskUnits), myRole, actor).map((slot) => {
        const key = entryKey(task.id, slot.unitId);
        return toEntryDto(slot, entries.get(key), previous.get(key), period, actor);
      }),
    };
  });
}

/** The tasks a unit's users see (its own), or the office's, leaders' and viewers' (all). */
function roundTaskFilter(actor: Actor, period: RoundPeriodRecord): TaskFilter {
  return {
    orgId: actor.orgId,
    planId: period.planId,
    unitId: isUnitRole(actor) ? (actor.unitId ?? undefined) : undefined,
    unitRole: 'any',
  };
}

/** One task as the caller sees it in the round; undefined when the caller does not see it. */
async function findRoundTask(
  db: Db,
  actor: Actor,
  period: RoundPeriodRecord,
  taskId: number,
): Promise<RoundTask | undefined> {
  if (isUnitRole(actor) && actor.unitId === null) return undefined;
  const tasks = await listFilteredTasks(db, {
    ...roundTaskFilter(actor, period),
    taskIds: [taskId],
  });
  const units = await listTaskUnits(db, [taskId]);
  return (await buildRoundTasks(db, actor, period, tasks, units))[0];
}

/** Above this many tasks, their units are read by plan (no bound ids) rather than by id. */
const UNITS_BY_ID_MAX = 500;

/**
 * One page of the round as the caller sees it (issue 7): a unit's users get the tasks their
 * unit leads or co-serves ("my tasks"); the office, leaders and viewers every task of the plan.
 * The filters run over light facts of every such task (units, entry states, 批示), by core's
 * rule (`selectRoundTasks`); texts are read for the page's tasks alone. A search term matches a
 * 序号 exactly (those first) or the task's text or its units' names.
 */
export async function getRoundPage(
  database: Database,
  actor: Actor,
  query: RoundListParams,
): Promise<RoundPageDto> {
  const { db } = database;
  const period = await getPeriod(db, actor.orgId, query.period);
  const { offset, limit } = query;
  const answer = (tasks: RoundTask[], total: number, counts: RoundPageDto['counts']) => ({
    period: toPeriodDto(period),
    tasks,
    total,
    counts,
    offset,
    limit,
  });
  const unitScoped = isUnitRole(actor);
  if (unitScoped && actor.unitId === null) {
    return answer([], 0, { todo: 0, instructed: 0, all: 0 });
  }
  const base: TaskFilter = {
    ...roundTaskFilter(actor, period),
    sectionOrdinal: query.section,
    // A unit's users see their unit's tasks: another unit narrows those (below), never widens.
    ...(unitScoped || query.unit === undefined ? {} : { unitId: query.unit }),
  };
  const q = query.q === undefined || query.q === '' ? undefined : query.q;
  let exact: number[] = [];
  let found: number[] | undefined;
  if (q !== undefined) {
    exact = await listFilteredTaskIds(db, { ...base, no: q });
    const hits = await searchTaskHits(db, {
      orgId: actor.orgId,
      planId: period.planId,
      q,
      dialect: database.dialect,
      kinds: ['text', 'unit'],
    });
    found = [...new Set([...exact, ...hits.map((hit) => hit.taskId)])];
  }
  const matching = await listFilteredTaskIds(db, { ...base, taskIds: found });
  const units: ReadonlyMap<number, readonly TaskUnitRole[]> =
    matching.length <= UNITS_BY_ID_MAX
      ? await listTaskUnits(db, matching)
      : await listPlanTaskUnitRoles(db, period.planId);
  const narrowed =
    unitScoped && query.unit !== undefined
      ? matching.filter((id) => units.get(id)?.some((unit) => unit.unitId === query.unit))
      : matching;
  const states = new Map(
    (await listEntryStates(db, actor.orgId, period.id)).map((e) => [
      entryKey(e.taskId, e.unitId),
      e,
    ]),
  );
  const instructed = new Set(await listInstructedTaskIds(db, actor.orgId, period.id));
  const facts: RoundTaskFacts[] = narrowed.map((id) => {
    // Names are not needed to filter: the slots' owners are.
    const taskUnits = (units.get(id) ?? []).map((unit) => ({ ...unit, name: '' }));
    const slots = visibleSlots(listSlots(taskUnits), findMyRole(taskUnits, actor), actor);
    return {
      id,
      entries: slots.map((slot) =>
        toEntryContext(slot, states.get(entryKey(id, slot.unitId)), period),
      ),
      instructed: instructed.has(id),
    };
  });
  const selection = selectRoundTasks(
    facts,
    { filter: query.filter, state: query.state, keep: query.keep },
    toActor(actor),
  );
  // An exact 序号 first: searching "12" finds task 12 before the texts that mention 12.
  const first = new Set(exact);
  const ordered =
    first.size === 0
      ? selection.ids
      : [
          ...selection.ids.filter((id) => first.has(id)),
          ...selection.ids.filter((id) => !first.has(id)),
        ];
  const pageIds = ordered.slice(offset, offset + limit);
  const byId = new Map(
    (await listFilteredTasks(db, { ...base, taskIds: pageIds })).map((task) => [task.id, task]),
  );
  const page = pageIds.flatMap((id) => {
    const task = byId.get(id);
    return task === undefined ? [] : [task];
  });
  return answer(
    await buildRoundTasks(db, actor, period, page, await listTaskUnits(db, pageIds)),
    ordered.length,
    selection.counts,
  );
}

/** One task of the round, or not-found (also for a task the caller's unit does not serve). */
export async function getRoundTask(
  database: Database,
  actor: Actor,
  taskId: number,
  label: string | undefined,
): Promise<RoundTask> {
  const { db } = database;
  const period = await getPeriod(db, actor.orgId, label);
  const task = await findRoundTask(db, actor, period, taskId);
  if (task === undefined) throw new AppError('not-found', '没有这项任务，或本单位不负责这项任务');
  return task;
}

function refuseTransition(issues: { code: string; message: string }[]): never {
  const issue = issues[0];
  const code: ErrorCode =
    issue?.code === 'transition-forbidden' || issue?.code === 'period-locked'
      ? issue.code
      : 'transition-invalid';
  throw new AppError(code, issue?.message ?? '不能执行此操作');
}

interface Loaded {
  period: RoundPeriodRecord;
  slot: PartSlot;
  entry: EntryRecord | undefined;
  /** The same part's entry of the previous period: the answer shows its text. */
  previous: EntryRecord | undefined;
}

/**
 * What a save or a transition works on, read inside its transaction so that the answer is
 * built from it without reading again after the commit. Three statements (issue 7): the period
 * with the task check and the previous period, the task's units, the part's two entries.
 */
async function loadEntry(
  db: Db,
  actor: Actor,
  taskId: number,
  label: string,
  part: ProgressPart,
): Promise<Loaded> {
  const found = await findPeriodForTask(db, actor.orgId, label, taskId);
  if (found === undefined) throw periodNotFound(label);
  const { taskId: planTaskId, previousId, ...period } = found;
  if (planTaskId === null) throw new AppError('not-found', '没有这项任务');
  const units = await listUnitsOfTask(db, taskId);
  const slot = findSlot(units, part);
  const entries = await listPartEntries(
    db,
    actor.orgId,
    { taskId, unitId: slot.unitId },
    period.id,
    previousId,
  );
  return {
    period,
    slot,
    entry: entries.find((entry) => entry.periodId === period.id),
    previous: entries.find((entry) => previousId !== null && entry.periodId === previousId),
  };
}

function staleError(
  yours: string,
  baseVersion: number,
  current: EntryRecord | undefined,
): AppError {
  const details: StaleVersionDetails = {
    yours,
    baseVersion,
    current: {
      text: current?.text ?? '',
      version: current?.version ?? 0,
      updatedBy: current?.updatedBy ?? null,
      updatedAt: current?.updatedAt ?? null,
    },
  };
  return new AppError('stale-version', '这段进展已被他人修改，请比较两个版本后再保存', details);
}

/**
 * Saves a draft of an entry, based on the version the editor loaded. A save based on an older
 * version is refused with `stale-version` and both texts: never a silent overwrite.
 */
export async function saveProgress(
  database: Database,
  actor: Actor,
  taskId: number,
  body: SaveProgressBody,
): Promise<RoundEntryDto> {
  return database.db.transaction().execute(async (trx) => {
    const { period, slot, entry, previous } = await loadEntry(
      trx,
      actor,
      taskId,
      body.period,
      body.part,
    );
    const context = toEntryContext(slot, entry, period);
    const result = applyTransition(context, 'save', toActor(actor));
    if (!result.ok) refuseTransition(result.issues);
    const currentVersion = entry?.version ?? 0;
    if (body.baseVersion !== currentVersion) throw staleError(body.text, body.baseVersion, entry);
    const now = nowIso();
    let saved: EntryRecord;
    if (entry === undefined) {
      saved = await insertEntry(
        trx,
        {
          orgId: actor.orgId,
          taskId,
          periodId: period.id,
          unitId: slot.unitId,
          text: body.text,
          authorId: actor.id,
        },
        now,
      );
    } else {
      const updated = await updateEntryText(
        trx,
        {
          id: entry.id,
          baseVersion: body.baseVersion,
          text: body.text,
          state: 'draft',
          authorId: actor.id,
        },
        now,
      );
      if (updated === undefined) throw staleError(body.text, body.baseVersion, undefined);
      saved = updated;
    }
    await insertEntryVersion(
      trx,
      {
        orgId: actor.orgId,
        entryId: saved.id,
        version: currentVersion + 1,
        text: body.text,
        authorId: actor.id,
      },
      now,
    );
    // Every save is audited, not only one that changes the state: the version row keeps the
    // text, the audit log who wrote which version when (the standard workload's save, issue 7).
    await auditTransition(
      trx,
      actor,
      { taskId, period, slot, entryId: saved.id },
      'save',
      context.state,
      result.value,
      null,
      now,
    );
    return toEntryDto(slot, saved, previous, period, actor);
  });
}

async function auditTransition(
  db: Db,
  actor: Actor,
  target: { taskId: number; period: RoundPeriodRecord; slot: PartSlot; entryId: number },
  action: string,
  from: RoundState,
  to: RoundState,
  reason: string | null,
  now: string,
): Promise<void> {
  await appendAudit(
    db,
    {
      orgId: actor.orgId,
      actorId: actor.id,
      action: `round.${action}`,
      entity: 'progress_entry',
      entityId: target.entryId,
      detail: {
        period: target.period.label,
        taskId: target.taskId,
        part: target.slot.part,
        from,
        to,
        ...(reason === null ? {} : { reason }),
      },
    },
    now,
  );
}

/** Submits, approves, accepts, returns (with a reason) or reopens (with a reason) an entry. */
export async function transitionEntry(
  database: Database,
  actor: Actor,
  taskId: number,
  body: TransitionBody,
): Promise<RoundEntryDto> {
  const reason = body.reason?.trim() ?? '';
  if ((body.action === 'return' || body.action === 'reopen') && reason === '') {
    throw new AppError('invalid-request', '退回或重新打开时必须写明原因', {
      issues: [{ path: 'reason', message: '请填写原因' }],
    });
  }
  return database.db.transaction().execute(async (trx) => {
    const { period, slot, entry, previous } = await loadEntry(
      trx,
      actor,
      taskId,
      body.period,
      body.part,
    );
    const context = toEntryContext(slot, entry, period);
    const result = applyTransition(context, body.action, toActor(actor));
    if (!result.ok) refuseTransition(result.issues);
    if (entry === undefined) throw new Error('a transition other than save from not_started');
    if (body.action === 'submit' && entry.text.trim() === '') {
      throw new AppError('invalid-request', '进展内容为空，不能报送');
    }
    const to = result.value;
    const now = nowIso();
    const updated = await updateEntryState(trx, {
      id: entry.id,
      fromState: entry.state,
      fromAccepted: entry.acceptedAt !== null,
      state: toStoredState(to),
      acceptedAt: to === 'accepted' ? now : null,
      // The reporter sees why until it is submitted again.
      returnReason: to === 'returned' ? reason : to === 'submitted' ? null : entry.returnReason,
      reopened: body.action === 'reopen' ? true : to === 'accepted' ? false : entry.reopened,
    });
    if (updated === undefined) {
      throw new AppError('transition-invalid', '这段进展的状态刚被他人改变，请刷新后再试');
    }
    if (body.action === 'return' || body.action === 'reopen') {
      await insertEntryReturn(
        trx,
        {
          orgId: actor.orgId,
          entryId: entry.id,
          taskId,
          periodId: period.id,
          unitId: slot.unitId,
          action: body.action,
          reason,
          actorId: actor.id,
        },
        now,
      );
    }
    await auditTransition(
      trx,
      actor,
      { taskId, period, slot, entryId: entry.id },
      body.action,
      context.state,
      to,
      reason === '' ? null : reason,
      now,
    );
    return toEntryDto(slot, updated, previous, period, actor);
  });
}

/**
 * A period with every task of its plan, the tasks' units and the entries stored so far (keyed
 * by `entryKey`): what the board and the timeliness table count over.
 */
export async function loadPeriodEntries(db: Db, orgId: number, label: string | undefined) {
  const period = await getPeriod(db, orgId, label);
  const tasks = await listFilteredTasks(db, { orgId, planId: period.planId, unitRole: 'any' });
  const ids = tasks.map((task) => task.id);
  const units = await listTaskUnits(db, ids);
  const entries = new Map(
    (await listEntries(db, orgId, period.id, ids)).map((e) => [entryKey(e.taskId, e.unitId), e]),
  );
  return { period, tasks, units, entries };
}

/** The board (催办看板): per unit, how many of its entries are in each state, and how many late. */
export async function getBoard(
  database: Database,
  actor: Actor,
  label: string | undefined,
  // The organisation's calendar day (China), as timeliness counts it.
  today: string = toLocalDate(nowIso()),
): Promise<Board> {
  const { db } = database;
  const { period, tasks, units, entries } = await loadPeriodEntries(db, actor.orgId, label);
  const granted = new Map(
    (await listGrantedDueDates(db, actor.orgId, period.id)).map((g) => [
      entryKey(g.taskId, g.unitId),
      g.dueDate,
    ]),
  );
  // A unit's due date for a task is its granted extension (延期), else the period's.
  const isLate = (taskId: number, unitId: number): boolean => {
    const due = granted.get(entryKey(taskId, unitId)) ?? period.dueDate;
    return due !== null && today > due;
  };
  const rows = new Map<number, Board['rows'][number]>();
  for (const task of tasks) {
    const taskUnits = units.get(task.id) ?? [];
    for (const slot of listSlots(taskUnits)) {
      const state = toRoundState(entries.get(entryKey(task.id, slot.unitId)));
      for (const unitId of slot.owners) {
        let row = rows.get(unitId);
        if (row === undefined) {
          const name = taskUnits.find((unit) => unit.unitId === unitId)?.name ?? '';
          row = {
            unit: { id: unitId, name },
            counts: {
              not_started: 0,
              draft: 0,
              submitted: 0,
              returned: 0,
              approved: 0,
              accepted: 0,
              late: 0,
            },
            total: 0,
          };
          rows.set(unitId, row);
        }
        row.counts[state] += 1;
        row.total += 1;
        if (
          isLate(task.id, unitId) &&
          (state === 'not_started' || state === 'draft' || state === 'returned')
        ) {
          row.counts.late += 1;
        }
      }
    }
  }
  return {
    period: toPeriodDto(period),
    rows: [...rows.values()].sort((a, b) => a.unit.id - b.unit.id),
  };
}

/**
 * The office reminds a unit (催办): every user of the unit sees it in the app, and those with an
 * e-mail address get it by e-mail (queued here, sent after commit: notifications.service.ts).
 */
export async function remindUnit(
  database: Database,
  actor: Actor,
  body: { period: string; unitId: number; message?: string | undefined },
): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    const period = await getPeriod(trx, actor.orgId, body.period);
    const unit = await trx
      .selectFrom('units')
      .select(['id', 'name'])
      .where('org_id', '=', actor.orgId)
      .where('id', '=', body.unitId)
      .executeTakeFirst();
    if (unit === undefined) throw new AppError('unit-not-found', '没有这个单位');
    // The default text names each owed task's own date where a 延期 moved it.
    const message =
      body.message !== undefined && body.message !== ''
        ? body.message
        : manualReminderMessage(
            period,
            await listOwedTasks(
              trx,
              { orgId: actor.orgId, id: period.id, planId: period.planId },
              unit.id,
            ),
          );
    const now = nowIso();
    await notifyUnit(
      trx,
      {
        orgId: actor.orgId,
        unitId: unit.id,
        periodId: period.id,
        kind: 'reminder',
        message,
        createdBy: actor.id,
      },
      now,
    );
    await appendAudit(
      trx,
      {
        orgId: actor.orgId,
        actorId: actor.id,
        action: 'round.remind',
        entity: 'unit',
        entityId: unit.id,
        detail: { period: period.label, message },
      },
      now,
    );
  });
}

/**
 * Every version of every text of a task across quarters, for its timeline and diffs. A unit's
 * users see the task only if their unit serves it; a co-unit only its own part.
 */
export async function listTaskVersionDtos(
  database: Database,
  actor: Actor,
  taskId: number,
): Promise<VersionHistory> {
  const { db } = database;
  const task = await findTask(db, actor.orgId, taskId);
  if (task === undefined) throw new AppError('not-found', '没有这项任务');
  const units = (await listTaskUnits(db, [taskId])).get(taskId) ?? [];
  let visible: (unitId: number | null) => boolean = () => true;
  if (isUnitRole(actor)) {
    const mine = units.filter((unit) => unit.unitId === actor.unitId);
    if (mine.length === 0) throw new AppError('not-found', '没有这项任务，或本单位不负责这项任务');
    if (!mine.some((unit) => unit.role === 'lead')) visible = (unitId) => unitId === actor.unitId;
  }
  const versions = await listTaskVersions(db, actor.orgId, taskId);
  return versions
    .filter((version) => visible(version.unitId))
    .map((version) => ({
      id: version.id,
      period: version.periodLabel,
      part: version.unitId ?? 'consolidated',
      unit: version.unitId === null ? null : { id: version.unitId, name: version.unitName ?? '' },
      version: version.version,
      text: version.text,
      author: version.author,
      createdAt: version.createdAt,
    }));
}
