/**
 * Bench-only seeding for the search benchmark: one organisation, one plan of `tasks` tasks in
 * the seed's four sections and `periods` periods of consolidated progress, written with bulk
 * INSERTs in chunks inside one transaction (the import service would analyse and audit every
 * period: minutes for 80 000 entries). Reproducible: every text comes from the seed's
 * sentences, picked by index, numbered so that rows differ.
 */
import type { Ledger } from '@duban/core';
import type { Database } from '../src/db/dialect.ts';
import { insertInChunks, insertSections, insertUnits } from './bulk-insert.ts';

export interface SearchBenchPlan {
  orgId: number;
  planId: number;
  /** Progress entries written. */
  entries: number;
}

export async function seedSearchBench(
  database: Database,
  seed: Ledger,
  options: { tasks: number; periods: number },
): Promise<SearchBenchPlan> {
  const now = new Date().toISOString();
  return database.db.transaction().execute(async (trx) => {
    const org = await trx
      .insertInto('organizations')
      .values({ name: seed.organization, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const orgId = org.id;
    const plan = await trx
      .insertInto('plans')
      .values({ org_id: orgId, year: seed.period.year, title: seed.title, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const planId = plan.id;
    const periodIds: number[] = [];
    for (let p = 0; p < options.periods; p += 1) {
      const year = seed.period.year + Math.floor(p / 4);
      const quarter = (p % 4) + 1;
      const row = await trx
        .insertInto('periods')
        .values({
          org_id: orgId,
          plan_id: planId,
          year,
          quarter,
          label: `${year}Q${quarter}`,
          title: seed.title,
          due_date: null,
          state: 'published',
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      periodIds.push(row.id);
    }
    const sectionIds = await insertSections(trx, { orgId, planId }, seed.sections);
    const unitIds = await insertUnits(trx, orgId, seed, now);

    // Tasks in section order, as an import stores them.
    const order = new Map(seed.sections.map((s, i) => [s.ordinal, i]));
    const sources = Array.from({ length: options.tasks }, (_, i) => {
      const from = seed.tasks[i % seed.tasks.length];
      if (from === undefined) throw new Error('empty seed');
      return { from, i };
    })
      .sort((a, b) => (order.get(a.from.section) ?? 0) - (order.get(b.from.section) ?? 0))
      .map((source, k) => ({ ...source, no: String(k + 1), position: k }));
    const taskIds: number[] = [];
    await insertInChunks(sources, async (chunk) => {
      const rows = await trx
        .insertInto('tasks')
        .values(
          chunk.map(({ from, i, no, position }) => ({
            org_id: orgId,
            plan_id: planId,
            section_id: sectionIds.get(from.section) ?? 0,
            no,
            position,
            text: `${from.text}（${i + 1}）`,
            extra: null,
            warnings: '[]',
            version: 1,
            created_at: now,
            updated_at: now,
          })),
        )
        .returning('id')
        .execute();
      taskIds.push(...rows.map((row) => row.id));
    });

    const links = sources.flatMap(({ from }, k) => {
      const taskId = taskIds[k] ?? 0;
      return [
        ...from.lead.map((name, position) => ({ name, role: 'lead' as const, position, taskId })),
        ...from.co.map((name, position) => ({ name, role: 'co' as const, position, taskId })),
      ];
    });
    await insertInChunks(links, (chunk) =>
      trx
        .insertInto('task_units')
        .values(
          chunk.map((link) => ({
            org_id: orgId,
            task_id: link.taskId,
            unit_id: unitIds.get(link.name) ?? 0,
            role: link.role,
            position: link.position,
            inferred: 0 as const,
          })),
        )
        .execute(),
    );

    // Each period tells a different seed task's progress, so that periods differ.
    let entries = 0;
    for (const [p, periodId] of periodIds.entries()) {
      const rows = taskIds.map((taskId, k) => {
        const from = seed.tasks[(k + p * 37) % seed.tasks.length];
        return {
          org_id: orgId,
          task_id: taskId,
          period_id: periodId,
          unit_id: null,
          text: `第${p + 1}期：${from?.progress ?? ''}`,
          version: 1,
          state: 'imported' as const,
          updated_by: null,
          updated_at: now,
        };
      });
      await insertInChunks(rows, (chunk) =>
        trx.insertInto('progress_entries').values(chunk).execute(),
      );
      entries += rows.length;
    }
    return { orgId, planId, entries };
  });
}
