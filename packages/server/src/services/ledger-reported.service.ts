/**
 * The ledger view filtered by whether a task has progress for the period (issue 6: the
 * dashboard's 未填报 card leads here). It wraps `getLedgerView` rather than adding a step to
 * it: the view is built unpaged and without the light filter, the tasks are kept by their
 * consolidated progress (as core's dashboard counts 未填报: empty after trimming), then the
 * light counts, the light filter and the page are applied as the view applies them.
 */
import type { LedgerView } from '@duban/core';
import type { Database } from '../db/dialect.ts';
import { countLights } from './figures.service.ts';
import { getLedgerView, type LedgerQuery } from './ledger.service.ts';

type Viewer = Parameters<typeof getLedgerView>[1];

export async function getLedgerViewByReporting(
  database: Database,
  viewer: Viewer,
  query: LedgerQuery,
  reported: 'yes' | 'no',
): Promise<LedgerView> {
  const { offset, limit, light, ...rest } = query;
  // Unpaged, every light, and without `reported`, which getLedgerView does not know.
  const all = await getLedgerView(database, viewer, { ...rest, reported: undefined, offset: 0 });
  const kept = all.tasks.filter(
    (task) => ((task.progress ?? '').trim() === '') === (reported === 'no'),
  );
  const lit = light === undefined ? kept : kept.filter((task) => task.status?.light === light);
  return {
    ...all,
    tasks: limit === undefined ? lit.slice(offset) : lit.slice(offset, offset + limit),
    lights: countLights(kept.map((task) => task.status?.light ?? 'grey')),
    matched: lit.length,
  };
}
