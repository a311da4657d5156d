import type { MilestoneChangesTable, Db, Timestamp } from '../db/schema.ts';

/** A task's milestones in percent at the end of each quarter, as the office set them. */
export interface MilestonePercentsRecord {
  q1: number;
  q2: number;
  q3: number;
  q4: number;
}

/** The milestones of these tasks, by task id; tasks without any are absent. */
export async function listTaskMilestones(
  db: Db,
  taskIds: readonly number[],
): Promise<Map<number, MilestonePercentsRecord>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('task_milestones')
    .select(['task_id as taskId', 'q1', 'q2', 'q3', 'q4'])
    .where('task_id', 'in', [...taskIds])
    .execute();
  return new Map(rows.map(({ taskId, ...percents }) => [taskId, percents]));
}

/** Sets (or with null clears) a task's milestones; returns the ones it replaced. */
export async function replaceTaskMilestones(
  db: Db,
  row: {
    orgId: number;
    taskId: number;
    milestones: MilestonePercentsRecord | null;
    actorId: number;
    at: Timestamp;
  },
): Promise<MilestonePercentsRecord | undefined> {
  const before = (await listTaskMilestones(db, [row.taskId])).get(row.taskId);
  await db.deleteFrom('task_milestones').where('task_id', '=', row.taskId).execute();
  if (row.milestones !== null) {
    const { q1, q2, q3, q4 } = row.milestones;
    await db
      .insertInto('task_milestones')
      .values({
        org_id: row.orgId,
        task_id: row.taskId,
        q1,
        q2,
        q3,
        q4,
        actor_id: row.actorId,
        updated_at: row.at,
      })
      .execute();
  }
  return before;
}

export async function insertMilestoneChange(
  db: Db,
  change: Omit<MilestoneChangesTable, 'id'>,
): Promise<void> {
  await db.insertInto('milestone_changes').values(change).execute();
}

export interface MilestoneChangeRecord {
  before: string | null;
  after: string | null;
  reason: string | null;
  author: string;
  at: Timestamp;
}

export function listMilestoneChanges(db: Db, taskId: number): Promise<MilestoneChangeRecord[]> {
  return db
    .selectFrom('milestone_changes')
    .innerJoin('users', 'users.id', 'milestone_changes.actor_id')
    .select([
      'milestone_changes.before',
      'milestone_changes.after',
      'milestone_changes.reason',
      'users.display_name as author',
      'milestone_changes.at',
    ])
    .where('milestone_changes.task_id', '=', taskId)
    .orderBy('milestone_changes.id')
    .execute();
}
