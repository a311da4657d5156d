/**
 * The standard API workload's data (issue 7), bench-only: 10 000 tasks of one plan, each with
 * its consolidated progress in four quarters, 100–800 characters made of the seed's own
 * sentences, drawn by a seeded PRNG so every run and every machine gets the same text. Tasks
 * take the seed's task text, section and units in turn, so a unit leads as large a share of
 * tasks, and a term like 奇瑞 is as rare, as in the seed. Rows go in directly, in chunks inside
 * one transaction: the import path is measured by formats' and reports' benches, not here.
 */
import type { Ledger } from '@duban/core';
import { sql, type Insertable } from 'kysely';
import type { Database } from '../src/db/dialect.ts';
import { nowIso, type ProgressEntriesTable, type TaskUnitsTable } from '../src/db/schema.ts';
import { createUser } from '../src/services/users.service.ts';
import { readSeedLedger } from '../src/test/seed.ts';
import { insertInChunks, insertSections, insertUnits } from './bulk-insert.ts';

export const WORKLOAD_ORG = '基准区';
export const WORKLOAD_YEAR = 2023;
export const WORKLOAD_PERIODS = ['2023Q1', '2023Q2', '2023Q3', '2023Q4'] as const;
/** The rare term searched for: two characters, as in the seed. */
export const RARE_TERM = '奇瑞';

export interface WorkloadData {
  orgId: number;
  planId: number;
  /** The unit that leads the most tasks, and the ids of the tasks it leads (in plan order). */
  leadUnit: { id: number; name: string; taskIds: number[] };
  admin: { username: string; password: string };
  /** A reporter of the lead unit: it may save the progress of the unit's tasks. */
  reporter: { username: string; password: string };
  /** Share of tasks whose progress names RARE_TERM, in the seed and in the generated data. */
  rareShare: { seed: number; generated: number };
  tasks: number;
  /** Characters of progress, in total. */
  progressChars: number;
}

/** mulberry32: small, fast and seeded. */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed's progress, cut into sentences (each ends with its punctuation). */
export function seedSentences(seed: Ledger): string[] {
  return seed.tasks
    .flatMap((task) => task.progress.split(/(?<=[。；！？])/u))
    .map((sentence) => sentence.trim())
    .filter((sentence) => Array.from(sentence).length >= 4);
}

/**
 * A progress text of 100–800 characters from random seed sentences, starting with `first`
 * when given (a sentence that names the rare term).
 */
export function generateProgress(
  sentences: readonly string[],
  random: () => number,
  first = '',
): string {
  const length = 100 + Math.floor(random() * 701);
  let text = first;
  while (Array.from(text).length < length) {
    text += sentences[Math.floor(random() * sentences.length)] ?? '';
  }
  return Array.from(text).slice(0, length).join('');
}

/**
 * Fills an empty, migrated database with the workload's data (`tasks` tasks, 10 000 by
 * default) and two accounts, and returns what the load needs to know.
 */
export async function createWorkloadData(
  database: Database,
  options: { tasks?: number; prngSeed?: number } = {},
): Promise<WorkloadData> {
  const count = options.tasks ?? 10_000;
  const random = createPrng(options.prngSeed ?? 20_231_231);
  const seed = readSeedLedger();
  // Texts are longer than the seed's (four quarters of up to 800 characters), so sentences that
  // name the rare term are kept apart: a task names it in one quarter with the probability a
  // seed task does, and the term stays as rare across tasks as in the seed.
  const all = seedSentences(seed);
  const sentences = all.filter((sentence) => !sentence.includes(RARE_TERM));
  const rareSentences = all.filter((sentence) => sentence.includes(RARE_TERM));
  const seedShare =
    seed.tasks.filter((task) => task.progress.includes(RARE_TERM)).length / seed.tasks.length;
  const at = nowIso();
  let progressChars = 0;
  let rareGenerated = 0;
  const ids = await database.db.transaction().execute(async (trx) => {
    const org = await trx
      .insertInto('organizations')
      .values({ name: WORKLOAD_ORG, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const orgId = org.id;
    const unitIds = await insertUnits(trx, orgId, seed, at);
    const plan = await trx
      .insertInto('plans')
      .values({
        org_id: orgId,
        year: WORKLOAD_YEAR,
        title: `${WORKLOAD_ORG}${WORKLOAD_YEAR}年重点工作`,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const periodIds: number[] = [];
    for (const [index, label] of WORKLOAD_PERIODS.entries()) {
      const period = await trx
        .insertInto('periods')
        .values({
          org_id: orgId,
          plan_id: plan.id,
          year: WORKLOAD_YEAR,
          quarter: index + 1,
          label,
          title: `${WORKLOAD_ORG}${WORKLOAD_YEAR}年第${index + 1}季度重点工作进展和完成情况`,
          due_date: null,
          state: 'open',
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      periodIds.push(period.id);
    }
    const sectionIds = await insertSections(trx, { orgId, planId: plan.id }, seed.sections);
    // Tasks in section order, numbered on.
    const order = new Map(seed.sections.map((s, i) => [s.ordinal, i]));
    const drawn = Array.from({ length: count }, (_, i) => seed.tasks[i % seed.tasks.length]).filter(
      (task) => task !== undefined,
    );
    drawn.sort((a, b) => (order.get(a.section) ?? 0) - (order.get(b.section) ?? 0));
    await insertInChunks(
      drawn.map((task, i) => ({
        org_id: orgId,
        plan_id: plan.id,
        section_id: sectionIds.get(task.section) ?? 0,
        no: String(i + 1),
        position: i,
        text: task.text,
        extra: null,
        warnings: '[]',
        version: 1,
        created_at: at,
        updated_at: at,
      })),
      (chunk) => trx.insertInto('tasks').values(chunk).execute(),
    );
    const taskRows = await trx
      .selectFrom('tasks')
      .select(['id', 'position'])
      .where('plan_id', '=', plan.id)
      .orderBy('position')
      .execute();
    const taskUnits: Insertable<TaskUnitsTable>[] = [];
    const entries: Insertable<ProgressEntriesTable>[] = [];
    for (const [i, row] of taskRows.entries()) {
      const task = drawn[i];
      if (task === undefined) continue;
      for (const role of ['lead', 'co'] as const) {
        for (const [position, name] of task[role].entries()) {
          taskUnits.push({
            org_id: orgId,
            task_id: row.id,
            unit_id: unitIds.get(name) ?? 0,
            role,
            position,
            inferred: 0,
          });
        }
      }
      const rareQuarter = random() < seedShare ? Math.floor(random() * periodIds.length) : -1;
      let named = false;
      for (const [quarter, periodId] of periodIds.entries()) {
        const first =
          quarter === rareQuarter
            ? (rareSentences[Math.floor(random() * rareSentences.length)] ?? '')
            : '';
        const text = generateProgress(sentences, random, first);
        progressChars += Array.from(text).length;
        named ||= text.includes(RARE_TERM);
        entries.push({
          org_id: orgId,
          task_id: row.id,
          period_id: periodId,
          unit_id: null,
          text,
          version: 1,
          // The last quarter is the one being reported: drafts its reporters may save.
          state: quarter === periodIds.length - 1 ? 'draft' : 'imported',
          updated_by: null,
          updated_at: at,
        });
      }
      if (named) rareGenerated += 1;
    }
    await insertInChunks(taskUnits, (chunk) =>
      trx.insertInto('task_units').values(chunk).execute(),
    );
    await insertInChunks(
      entries,
      (chunk) => trx.insertInto('progress_entries').values(chunk).execute(),
      250,
    );
    return { orgId, planId: plan.id, unitIds, taskIds: taskRows.map((row) => row.id), drawn };
  });
  // The unit that leads the most tasks.
  const ledBy = new Map<string, number[]>();
  ids.drawn.forEach((task, i) => {
    for (const name of task.lead) {
      const list = ledBy.get(name) ?? [];
      const id = ids.taskIds[i];
      if (id !== undefined) list.push(id);
      ledBy.set(name, list);
    }
  });
  const [leadName, leadTasks] = [...ledBy].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
  const admin = { username: 'bench-admin', password: '' };
  admin.password = await createUser(database, {
    username: admin.username,
    role: 'admin',
    organization: WORKLOAD_ORG,
  });
  const reporter = { username: 'bench-reporter', password: '' };
  reporter.password = await createUser(database, {
    username: reporter.username,
    role: 'reporter',
    organization: WORKLOAD_ORG,
    unit: leadName,
  });
  await database.db
    .updateTable('users')
    .set({ must_change_password: 0 })
    .where('org_id', '=', ids.orgId)
    .execute();
  // A running PostgreSQL's autovacuum analyses a table soon after a bulk load; measure after
  // it, not in the minute before (without statistics it plans some joins as full scans).
  if (database.dialect === 'postgres') await sql`analyze`.execute(database.db);
  return {
    orgId: ids.orgId,
    planId: ids.planId,
    leadUnit: { id: ids.unitIds.get(leadName) ?? 0, name: leadName, taskIds: leadTasks },
    admin,
    reporter,
    rareShare: {
      seed:
        seed.tasks.filter((task) => task.progress.includes(RARE_TERM)).length / seed.tasks.length,
      generated: rareGenerated / count,
    },
    tasks: count,
    progressChars,
  };
}
