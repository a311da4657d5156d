/**
 * The round's remaining steps (issue 4): extension requests (延期) that the office grants or
 * refuses, leader instructions (批示) that every unit on the task must acknowledge, and each
 * unit's timeliness for the yearly assessment. Every step is audited. The rules of who may
 * take which step sit here, beside the loads they need; timeliness itself is core's
 * `computeUnitTimeliness`.
 */
import {
  computeUnitTimeliness,
  toLocalDate,
  type CreateExtensionBody,
  type CreateInstructionBody,
  type DecideExtensionBody,
  type ExtensionRequestDto,
  type ExtensionState,
  type InstructionDto,
  type TimelinessDto,
} from '@duban/core';
import type { Database } from '../db/dialect.ts';
import { nowIso, type Db } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../repos/audit.repo.ts';
import {
  decideExtension,
  findExtensionPeriod,
  findInstructionPeriod,
  insertAck,
  insertExtension,
  insertInstruction,
  listAcks,
  listEntryEvents,
  listExtensions,
  listGrantedDueDates,
  listInstructions,
  type ExtensionRecord,
} from '../repos/round-extras.repo.ts';
import type { RoundPeriodRecord } from '../repos/round.repo.ts';
import { findTask, listFilteredTasks, listTaskUnits } from '../repos/tasks.repo.ts';
import {
  entryKey,
  getPeriod,
  loadPeriodEntries,
  isUnitRole,
  listSlots,
  toPeriodDto,
  type Actor,
} from './round.service.ts';

async function getPeriodById(db: Db, orgId: number, periodId: number): Promise<RoundPeriodRecord> {
  const row = await db
    .selectFrom('periods')
    .select('label')
    .where('org_id', '=', orgId)
    .where('id', '=', periodId)
    .executeTakeFirstOrThrow();
  return getPeriod(db, orgId, row.label);
}

/** The task in the period's plan and its units, or not-found. */
async function loadTask(db: Db, actor: Actor, period: RoundPeriodRecord, taskId: number) {
  const task = await findTask(db, actor.orgId, taskId);
  if (task === undefined || task.planId !== period.planId) {
    throw new AppError('not-found', '没有这项任务');
  }
  const units = (await listTaskUnits(db, [taskId])).get(taskId) ?? [];
  return { task, units };
}

function toExtensionDto(
  record: ExtensionRecord,
  period: RoundPeriodRecord,
  granted: Map<string, string>,
): ExtensionRequestDto {
  return {
    id: record.id,
    period: record.periodLabel,
    task: { id: record.taskId, no: record.taskNo, text: record.taskText },
    unit: { id: record.unitId, name: record.unitName },
    currentDueDate: granted.get(entryKey(record.taskId, record.unitId)) ?? period.dueDate,
    requestedDate: record.requestedDate,
    reason: record.reason,
    state: record.state,
    requestedBy: record.requestedBy,
    createdAt: record.createdAt,
    decidedBy: record.decidedBy,
    decidedAt: record.decidedAt,
    grantedDate: record.grantedDate,
    decisionReason: record.decisionReason,
  };
}

async function loadGranted(db: Db, orgId: number, periodId: number) {
  return new Map(
    (await listGrantedDueDates(db, orgId, periodId)).map((g) => [
      entryKey(g.taskId, g.unitId),
      g.dueDate,
    ]),
  );
}

async function getExtensionDto(
  db: Db,
  actor: Actor,
  period: RoundPeriodRecord,
  id: number,
): Promise<ExtensionRequestDto> {
  const [record] = await listExtensions(db, { orgId: actor.orgId, periodId: period.id, id });
  if (record === undefined) throw new AppError('not-found', '没有这条延期申请');
  return toExtensionDto(record, period, await loadGranted(db, actor.orgId, period.id));
}

/**
 * A unit (its reporter or head) asks for a later due date on a task of the open period. One
 * pending request per task and unit; the date must be later than the unit's due date now.
 */
export async function requestExtension(
  database: Database,
  actor: Actor,
  taskId: number,
  body: CreateExtensionBody,
): Promise<ExtensionRequestDto> {
  const unitId = actor.unitId;
  if (unitId === null) throw new AppError('unit-required', '账号没有所属单位，不能申请延期');
  return database.db.transaction().execute(async (trx) => {
    const period = await getPeriod(trx, actor.orgId, body.period);
    if (period.state !== 'open') {
      throw new AppError('period-locked', `${period.label} 期已发布或已关闭，不能再申请延期`);
    }
    const { units } = await loadTask(trx, actor, period, taskId);
    if (!units.some((unit) => unit.unitId === unitId)) {
      throw new AppError('not-found', '本单位不负责这项任务');
    }
    const granted = await loadGranted(trx, actor.orgId, period.id);
    const currentDue = granted.get(entryKey(taskId, unitId)) ?? period.dueDate;
    if (currentDue !== null && body.requestedDate <= currentDue) {
      throw new AppError('invalid-request', `申请的日期应晚于当前截止日期 ${currentDue}`, {
        issues: [{ path: 'requestedDate', message: `应晚于 ${currentDue}` }],
      });
    }
    const pending = await listExtensions(trx, {
      orgId: actor.orgId,
      periodId: period.id,
      taskId,
      unitId,
      state: 'pending',
    });
    const duplicate = () =>
      new AppError('extension-pending', '本单位对这项任务已有一条待审批的延期申请');
    if (pending.length > 0) throw duplicate();
    const now = nowIso();
    const id = await insertExtension(
      trx,
      {
        orgId: actor.orgId,
        taskId,
        periodId: period.id,
        unitId,
        requestedDate: body.requestedDate,
        reason: body.reason,
        requestedBy: actor.id,
      },
      now,
    );
    if (id === undefined) throw duplicate();
    await appendAudit(
      trx,
      {
        orgId: actor.orgId,
        actorId: actor.id,
        action: 'round.extension.request',
        entity: 'extension_request',
        entityId: id,
        detail: {
          period: period.label,
          taskId,
          unitId,
          from: currentDue,
          requestedDate: body.requestedDate,
          reason: body.reason,
        },
      },
      now,
    );
    return getExtensionDto(trx, actor, period, id);
  });
}

/** The period's extension requests: a unit's users see their unit's, the office and leaders all. */
export async function listExtensionDtos(
  database: Database,
  actor: Actor,
  query: { period?: string | undefined; state?: ExtensionState | undefined },
): Promise<ExtensionRequestDto[]> {
  const { db } = database;
  const period = await getPeriod(db, actor.orgId, query.period);
  if (isUnitRole(actor) && actor.unitId === null) return [];
  const records = await listExtensions(db, {
    orgId: actor.orgId,
    periodId: period.id,
    state: query.state,
    unitId: isUnitRole(actor) ? (actor.unitId ?? undefined) : undefined,
  });
  const granted = await loadGranted(db, actor.orgId, period.id);
  return records.map((record) => toExtensionDto(record, period, granted));
}

/**
 * The office grants a pending request (with the date asked for, or another later than the
 * period's due date) or refuses it with a reason. A request already decided is 409.
 */
export async function decideExtensionRequest(
  database: Database,
  actor: Actor,
  id: number,
  body: DecideExtensionBody,
): Promise<ExtensionRequestDto> {
  const reason = body.reason?.trim() ?? '';
  if (body.decision === 'refuse' && reason === '') {
    throw new AppError('invalid-request', '不同意延期时必须写明理由', {
      issues: [{ path: 'reason', message: '请填写理由' }],
    });
  }
  return database.db.transaction().execute(async (trx) => {
    const found = await findExtensionPeriod(trx, actor.orgId, id);
    if (found === undefined) throw new AppError('not-found', '没有这条延期申请');
    const period = await getPeriodById(trx, actor.orgId, found.periodId);
    const [record] = await listExtensions(trx, { orgId: actor.orgId, periodId: period.id, id });
    if (record === undefined) throw new AppError('not-found', '没有这条延期申请');
    if (record.state !== 'pending') {
      throw new AppError('extension-decided', '这条延期申请已经处理过了');
    }
    const grantedDate =
      body.decision === 'grant' ? (body.grantedDate ?? record.requestedDate) : null;
    if (grantedDate !== null && period.dueDate !== null && grantedDate <= period.dueDate) {
      throw new AppError('invalid-request', `批准的日期应晚于本期截止日期 ${period.dueDate}`, {
        issues: [{ path: 'grantedDate', message: `应晚于 ${period.dueDate}` }],
      });
    }
    const now = nowIso();
    const decided = await decideExtension(
      trx,
      {
        id,
        state: body.decision === 'grant' ? 'granted' : 'refused',
        grantedDate,
        reason: reason === '' ? null : reason,
        decidedBy: actor.id,
      },
      now,
    );
    if (!decided) throw new AppError('extension-decided', '这条延期申请刚被他人处理');
    await appendAudit(
      trx,
      {
        orgId: actor.orgId,
        actorId: actor.id,
        action: body.decision === 'grant' ? 'round.extension.grant' : 'round.extension.refuse',
        entity: 'extension_request',
        entityId: id,
        detail: {
          period: period.label,
          taskId: record.taskId,
          unitId: record.unitId,
          requestedDate: record.requestedDate,
          ...(grantedDate === null ? {} : { grantedDate }),
          ...(reason === '' ? {} : { reason }),
        },
      },
      now,
    );
    return getExtensionDto(trx, actor, period, id);
  });
}

async function toInstructionDtos(
  db: Db,
  actor: Actor,
  records: Awaited<ReturnType<typeof listInstructions>>,
): Promise<InstructionDto[]> {
  const units = await listTaskUnits(db, [...new Set(records.map((record) => record.taskId))]);
  const acks = await listAcks(
    db,
    records.map((record) => record.id),
  );
  const unitScoped = isUnitRole(actor);
  return records.map((record) => {
    const mine = acks.get(record.id) ?? [];
    const rows = (units.get(record.taskId) ?? []).map((unit) => {
      const ack = mine.find((candidate) => candidate.unitId === unit.unitId);
      return {
        unit: { id: unit.unitId, name: unit.name },
        role: unit.role,
        acknowledgedAt: ack?.ackedAt ?? null,
        acknowledgedBy: ack?.ackedBy ?? null,
      };
    });
    return {
      id: record.id,
      period: record.periodLabel,
      task: { id: record.taskId, no: record.taskNo, text: record.taskText },
      text: record.text,
      author: record.author,
      createdAt: record.createdAt,
      units: rows,
      pendingForMe: unitScoped
        ? rows.some((row) => row.unit.id === actor.unitId && row.acknowledgedAt === null)
        : null,
    };
  });
}

/** A leader (or the office) writes an instruction on a task of the period. */
export async function createInstruction(
  database: Database,
  actor: Actor,
  taskId: number,
  body: CreateInstructionBody,
): Promise<InstructionDto> {
  return database.db.transaction().execute(async (trx) => {
    const period = await getPeriod(trx, actor.orgId, body.period);
    await loadTask(trx, actor, period, taskId);
    const now = nowIso();
    const id = await insertInstruction(
      trx,
      { orgId: actor.orgId, taskId, periodId: period.id, authorId: actor.id, text: body.text },
      now,
    );
    await appendAudit(
      trx,
      {
        orgId: actor.orgId,
        actorId: actor.id,
        action: 'round.instruction',
        entity: 'instruction',
        entityId: id,
        detail: { period: period.label, taskId, text: body.text },
      },
      now,
    );
    const records = await listInstructions(trx, { orgId: actor.orgId, periodId: period.id, id });
    const [dto] = await toInstructionDtos(trx, actor, records);
    if (dto === undefined) throw new Error(`instruction ${id} vanished`);
    return dto;
  });
}

/**
 * The period's instructions, newest first: a unit's users get those on the tasks their unit
 * serves (with whether their unit still has to acknowledge), the office and leaders all.
 */
export async function listInstructionDtos(
  database: Database,
  actor: Actor,
  query: { period?: string | undefined },
): Promise<InstructionDto[]> {
  const { db } = database;
  const period = await getPeriod(db, actor.orgId, query.period);
  let taskIds: number[] | undefined;
  if (isUnitRole(actor)) {
    if (actor.unitId === null) return [];
    const tasks = await listFilteredTasks(db, {
      orgId: actor.orgId,
      planId: period.planId,
      unitId: actor.unitId,
      unitRole: 'any',
    });
    taskIds = tasks.map((task) => task.id);
  }
  const records = await listInstructions(db, { orgId: actor.orgId, periodId: period.id, taskIds });
  return toInstructionDtos(db, actor, records);
}

/** A user of a unit on the task acknowledges (已阅) the instruction for the unit, once. */
export async function acknowledgeInstruction(
  database: Database,
  actor: Actor,
  id: number,
): Promise<InstructionDto> {
  const unitId = actor.unitId;
  if (unitId === null) throw new AppError('unit-required', '账号没有所属单位');
  return database.db.transaction().execute(async (trx) => {
    const found = await findInstructionPeriod(trx, actor.orgId, id);
    if (found === undefined) throw new AppError('not-found', '没有这条批示');
    const units = (await listTaskUnits(trx, [found.taskId])).get(found.taskId) ?? [];
    if (!units.some((unit) => unit.unitId === unitId)) {
      throw new AppError('not-found', '没有这条批示，或本单位不负责这项任务');
    }
    const now = nowIso();
    if (
      !(await insertAck(
        trx,
        { orgId: actor.orgId, instructionId: id, unitId, userId: actor.id },
        now,
      ))
    ) {
      throw new AppError('instruction-acknowledged', '本单位已确认过这条批示');
    }
    await appendAudit(
      trx,
      {
        orgId: actor.orgId,
        actorId: actor.id,
        action: 'round.instruction.ack',
        entity: 'instruction',
        entityId: id,
        detail: { taskId: found.taskId, unitId },
      },
      now,
    );
    const records = await listInstructions(trx, {
      orgId: actor.orgId,
      periodId: found.periodId,
      id,
    });
    const [dto] = await toInstructionDtos(trx, actor, records);
    if (dto === undefined) throw new Error(`instruction ${id} vanished`);
    return dto;
  });
}

/**
 * Each unit's timeliness in the period (按时报送), from stored facts: the audit log's
 * submissions and returns, the period's due date and granted extensions. `today` decides which
 * unsubmitted entries are already late.
 */
export async function getTimeliness(
  database: Database,
  actor: Actor,
  label: string | undefined,
  today: string = toLocalDate(nowIso()),
): Promise<TimelinessDto> {
  const { db } = database;
  const { period, tasks, units, entries } = await loadPeriodEntries(db, actor.orgId, label);
  const events = await listEntryEvents(
    db,
    actor.orgId,
    [...entries.values()].map((entry) => entry.id),
  );
  const names = new Map<number, string>();
  const slots = tasks.flatMap((task) => {
    const taskUnits = units.get(task.id) ?? [];
    for (const unit of taskUnits) names.set(unit.unitId, unit.name);
    return listSlots(taskUnits).map((slot) => {
      const entry = entries.get(entryKey(task.id, slot.unitId));
      const event = entry === undefined ? undefined : events.get(entry.id);
      return {
        taskId: task.id,
        unitIds: slot.owners,
        submittedAt: event?.submittedAt ?? [],
        returns: event?.returns ?? 0,
      };
    });
  });
  const rows = computeUnitTimeliness({
    dueDate: period.dueDate,
    slots,
    extensions: await listGrantedDueDates(db, actor.orgId, period.id),
    today,
  });
  return {
    period: toPeriodDto(period),
    rows: rows.map(({ unitId, ...counts }) => ({
      unit: { id: unitId, name: names.get(unitId) ?? '' },
      ...counts,
    })),
  };
}
