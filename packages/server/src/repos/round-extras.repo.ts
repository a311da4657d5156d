/**
 * The round's extension requests (延期), instructions (批示) and their acknowledgements, the
 * durable record of return reasons, and the facts timeliness is computed from (issue 4).
 */
import { sql, type SqlBool } from 'kysely';
import type { Db, ExtensionRequestsTable, Timestamp } from '../db/schema.ts';

export interface ExtensionRecord {
  id: number;
  taskId: number;
  taskNo: string;
  taskText: string;
  periodId: number;
  periodLabel: string;
  unitId: number;
  unitName: string;
  requestedDate: string;
  reason: string;
  state: ExtensionRequestsTable['state'];
  requestedBy: string | null;
  createdAt: Timestamp;
  decidedBy: string | null;
  decidedAt: Timestamp | null;
  grantedDate: string | null;
  decisionReason: string | null;
}

export interface ExtensionFilter {
  orgId: number;
  periodId: number;
  id?: number;
  unitId?: number;
  taskId?: number;
  state?: ExtensionRequestsTable['state'];
}

export function listExtensions(db: Db, filter: ExtensionFilter): Promise<ExtensionRecord[]> {
  let query = db
    .selectFrom('extension_requests as e')
    .innerJoin('tasks', 'tasks.id', 'e.task_id')
    .innerJoin('periods', 'periods.id', 'e.period_id')
    .innerJoin('units', 'units.id', 'e.unit_id')
    .leftJoin('users as requester', 'requester.id', 'e.requested_by')
    .leftJoin('users as decider', 'decider.id', 'e.decided_by')
    .select([
      'e.id',
      'e.task_id as taskId',
      'tasks.no as taskNo',
      'tasks.text as taskText',
      'e.period_id as periodId',
      'periods.label as periodLabel',
      'e.unit_id as unitId',
      'units.name as unitName',
      'e.requested_date as requestedDate',
      'e.reason',
      'e.state',
      'requester.display_name as requestedBy',
      'e.created_at as createdAt',
      'decider.display_name as decidedBy',
      'e.decided_at as decidedAt',
      'e.granted_date as grantedDate',
      'e.decision_reason as decisionReason',
    ])
    .where('e.org_id', '=', filter.orgId)
    .where('e.period_id', '=', filter.periodId);
  if (filter.id !== undefined) query = query.where('e.id', '=', filter.id);
  if (filter.unitId !== undefined) query = query.where('e.unit_id', '=', filter.unitId);
  if (filter.taskId !== undefined) query = query.where('e.task_id', '=', filter.taskId);
  if (filter.state !== undefined) query = query.where('e.state', '=', filter.state);
  return query.orderBy('e.created_at', 'desc').orderBy('e.id', 'desc').execute();
}

/** The extension request by id in the organisation, whatever its period. */
export function findExtensionPeriod(
  db: Db,
  orgId: number,
  id: number,
): Promise<{ periodId: number } | undefined> {
  return db
    .selectFrom('extension_requests')
    .select('period_id as periodId')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Stores a pending request; undefined when the unit already has one pending for the task (the
 * partial unique index decides, so two requests at once cannot both get in).
 */
export async function insertExtension(
  db: Db,
  request: {
    orgId: number;
    taskId: number;
    periodId: number;
    unitId: number;
    requestedDate: string;
    reason: string;
    requestedBy: number;
  },
  now: Timestamp,
): Promise<number | undefined> {
  const row = await db
    .insertInto('extension_requests')
    .values({
      org_id: request.orgId,
      task_id: request.taskId,
      period_id: request.periodId,
      unit_id: request.unitId,
      requested_date: request.requestedDate,
      reason: request.reason,
      state: 'pending',
      requested_by: request.requestedBy,
      created_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['task_id', 'period_id', 'unit_id'])
        .where(sql<SqlBool>`state = 'pending'`)
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Decides a request only while it is pending; false when someone decided it first. */
export async function decideExtension(
  db: Db,
  decision: {
    id: number;
    state: 'granted' | 'refused';
    grantedDate: string | null;
    reason: string | null;
    decidedBy: number;
  },
  now: Timestamp,
): Promise<boolean> {
  const result = await db
    .updateTable('extension_requests')
    .set({
      state: decision.state,
      granted_date: decision.grantedDate,
      decision_reason: decision.reason,
      decided_by: decision.decidedBy,
      decided_at: now,
    })
    .where('id', '=', decision.id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The due date granted to each unit per task in the period: the latest grant wins (a unit may
 * ask again after a grant).
 */
export async function listGrantedDueDates(
  db: Db,
  orgId: number,
  periodId: number,
): Promise<{ taskId: number; unitId: number; dueDate: string }[]> {
  const rows = await db
    .selectFrom('extension_requests')
    .select(['task_id as taskId', 'unit_id as unitId', 'granted_date as grantedDate'])
    .where('org_id', '=', orgId)
    .where('period_id', '=', periodId)
    .where('state', '=', 'granted')
    .orderBy('decided_at')
    .orderBy('id')
    .execute();
  const latest = new Map<string, { taskId: number; unitId: number; dueDate: string }>();
  for (const row of rows) {
    if (row.grantedDate === null) continue;
    latest.set(`${row.taskId}:${row.unitId}`, {
      taskId: row.taskId,
      unitId: row.unitId,
      dueDate: row.grantedDate,
    });
  }
  return [...latest.values()];
}

export interface InstructionRecord {
  id: number;
  taskId: number;
  taskNo: string;
  taskText: string;
  periodLabel: string;
  text: string;
  author: string | null;
  createdAt: Timestamp;
}

export function listInstructions(
  db: Db,
  filter: { orgId: number; periodId: number; id?: number; taskIds?: readonly number[] },
): Promise<InstructionRecord[]> {
  let query = db
    .selectFrom('instructions as i')
    .innerJoin('tasks', 'tasks.id', 'i.task_id')
    .innerJoin('periods', 'periods.id', 'i.period_id')
    .leftJoin('users', 'users.id', 'i.author_id')
    .select([
      'i.id',
      'i.task_id as taskId',
      'tasks.no as taskNo',
      'tasks.text as taskText',
      'periods.label as periodLabel',
      'i.text',
      'users.display_name as author',
      'i.created_at as createdAt',
    ])
    .where('i.org_id', '=', filter.orgId)
    .where('i.period_id', '=', filter.periodId);
  if (filter.id !== undefined) query = query.where('i.id', '=', filter.id);
  if (filter.taskIds !== undefined) {
    if (filter.taskIds.length === 0) return Promise.resolve([]);
    query = query.where('i.task_id', 'in', [...filter.taskIds]);
  }
  return query.orderBy('i.created_at', 'desc').orderBy('i.id', 'desc').execute();
}

/** The tasks carrying a 批示 in the period (the leaders' list, issue 7). */
export async function listInstructedTaskIds(
  db: Db,
  orgId: number,
  periodId: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('instructions')
    .select('task_id as taskId')
    .distinct()
    .where('org_id', '=', orgId)
    .where('period_id', '=', periodId)
    .execute();
  return rows.map((row) => row.taskId);
}

export function findInstructionPeriod(
  db: Db,
  orgId: number,
  id: number,
): Promise<{ periodId: number; taskId: number } | undefined> {
  return db
    .selectFrom('instructions')
    .select(['period_id as periodId', 'task_id as taskId'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertInstruction(
  db: Db,
  instruction: { orgId: number; taskId: number; periodId: number; authorId: number; text: string },
  now: Timestamp,
): Promise<number> {
  const row = await db
    .insertInto('instructions')
    .values({
      org_id: instruction.orgId,
      task_id: instruction.taskId,
      period_id: instruction.periodId,
      author_id: instruction.authorId,
      text: instruction.text,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface AckRecord {
  instructionId: number;
  unitId: number;
  ackedAt: Timestamp;
  ackedBy: string | null;
}

export async function listAcks(
  db: Db,
  instructionIds: readonly number[],
): Promise<Map<number, AckRecord[]>> {
  const acks = new Map<number, AckRecord[]>();
  if (instructionIds.length === 0) return acks;
  const rows = await db
    .selectFrom('instruction_acks as a')
    .leftJoin('users', 'users.id', 'a.user_id')
    .select([
      'a.instruction_id as instructionId',
      'a.unit_id as unitId',
      'a.acked_at as ackedAt',
      'users.display_name as ackedBy',
    ])
    .where('a.instruction_id', 'in', [...instructionIds])
    .execute();
  for (const row of rows) {
    const list = acks.get(row.instructionId) ?? [];
    list.push(row);
    acks.set(row.instructionId, list);
  }
  return acks;
}

/** Records a unit's acknowledgement once; false when the unit had already acknowledged. */
export async function insertAck(
  db: Db,
  ack: { orgId: number; instructionId: number; unitId: number; userId: number },
  now: Timestamp,
): Promise<boolean> {
  const result = await db
    .insertInto('instruction_acks')
    .values({
      org_id: ack.orgId,
      instruction_id: ack.instructionId,
      unit_id: ack.unitId,
      user_id: ack.userId,
      acked_at: now,
    })
    .onConflict((oc) => oc.columns(['instruction_id', 'unit_id']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function insertEntryReturn(
  db: Db,
  record: {
    orgId: number;
    entryId: number;
    taskId: number;
    periodId: number;
    unitId: number | null;
    action: 'return' | 'reopen';
    reason: string;
    actorId: number;
  },
  now: Timestamp,
): Promise<void> {
  await db
    .insertInto('entry_returns')
    .values({
      org_id: record.orgId,
      entry_id: record.entryId,
      task_id: record.taskId,
      period_id: record.periodId,
      unit_id: record.unitId,
      action: record.action,
      reason: record.reason,
      actor_id: record.actorId,
      created_at: now,
    })
    .execute();
}

/**
 * When each entry was submitted and how often it was returned, from the audit log (the record
 * of every transition since the round began).
 */
export async function listEntryEvents(
  db: Db,
  orgId: number,
  entryIds: readonly number[],
): Promise<Map<number, { submittedAt: string[]; returns: number }>> {
  const events = new Map<number, { submittedAt: string[]; returns: number }>();
  if (entryIds.length === 0) return events;
  const rows = await db
    .selectFrom('audit_log')
    .select(['action', 'entity_id as entityId', 'at'])
    .where('org_id', '=', orgId)
    .where('entity', '=', 'progress_entry')
    .where('action', 'in', ['round.submit', 'round.return'])
    .where(
      'entity_id',
      'in',
      entryIds.map((id) => String(id)),
    )
    .execute();
  for (const row of rows) {
    const id = Number(row.entityId);
    const event = events.get(id) ?? { submittedAt: [], returns: 0 };
    if (row.action === 'round.submit') event.submittedAt.push(row.at);
    else event.returns += 1;
    events.set(id, event);
  }
  return events;
}
