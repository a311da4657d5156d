import type { Db, Timestamp } from '../db/schema.ts';

export interface PlanRecord {
  id: number;
  orgId: number;
  year: number;
  title: string;
}

export interface PeriodRecord {
  id: number;
  planId: number;
  year: number;
  quarter: number;
  label: string;
  title: string;
}

const planColumns = ['id', 'org_id as orgId', 'year', 'title'] as const;
/** A period's identity; the round's period record (round.repo.ts) adds its due date and state. */
export const periodColumns = [
  'id',
  'plan_id as planId',
  'year',
  'quarter',
  'label',
  'title',
] as const;

/** The organisation's periods, to narrow and select from: every period lookup starts here. */
export function selectPeriods(db: Db, orgId: number) {
  return db.selectFrom('periods').where('org_id', '=', orgId);
}

export function findPlanByYear(
  db: Db,
  orgId: number,
  year: number,
): Promise<PlanRecord | undefined> {
  return db
    .selectFrom('plans')
    .select(planColumns)
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .executeTakeFirst();
}

export function findPlanById(db: Db, orgId: number, id: number): Promise<PlanRecord | undefined> {
  return db
    .selectFrom('plans')
    .select(planColumns)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The organisation's plans, the latest year first. */
export function listPlans(db: Db, orgId: number): Promise<PlanRecord[]> {
  return db
    .selectFrom('plans')
    .select(planColumns)
    .where('org_id', '=', orgId)
    .orderBy('year', 'desc')
    .execute();
}

export async function insertPlan(
  db: Db,
  plan: { orgId: number; year: number; title: string },
  now: Timestamp,
): Promise<number> {
  const row = await db
    .insertInto('plans')
    .values({ org_id: plan.orgId, year: plan.year, title: plan.title, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findPeriodByLabel(
  db: Db,
  orgId: number,
  label: string,
): Promise<PeriodRecord | undefined> {
  return selectPeriods(db, orgId)
    .select(periodColumns)
    .where('label', '=', label)
    .executeTakeFirst();
}

/** The periods of the given plans in calendar order. */
export function listPeriods(db: Db, orgId: number, planIds: number[]): Promise<PeriodRecord[]> {
  if (planIds.length === 0) return Promise.resolve([]);
  return selectPeriods(db, orgId)
    .select(periodColumns)
    .where('plan_id', 'in', planIds)
    .orderBy('year')
    .orderBy('quarter')
    .execute();
}

/** A new open period; the round's periods (opened by the office) come with a due date. */
export async function insertPeriod(
  db: Db,
  period: Omit<PeriodRecord, 'id'> & { orgId: number; dueDate?: string | null },
  now: Timestamp,
): Promise<number> {
  const row = await db
    .insertInto('periods')
    .values({
      org_id: period.orgId,
      plan_id: period.planId,
      year: period.year,
      quarter: period.quarter,
      label: period.label,
      title: period.title,
      ...(period.dueDate === undefined ? {} : { due_date: period.dueDate }),
      state: 'open',
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePeriodTitle(db: Db, id: number, title: string): Promise<void> {
  await db.updateTable('periods').set({ title }).where('id', '=', id).execute();
}
