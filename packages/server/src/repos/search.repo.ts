import type { Db } from '../db/schema.ts';
import { containsText } from './like.ts';

/**
 * The tasks of the plan whose text, progress (any period, any unit) or unit names contain `q`.
 * The one place search is implemented: a full-text index (FTS5 / pg_trgm or a token column)
 * replaces this function, not its callers. LIKE scans every row, which is fine for a few
 * hundred tasks and, unlike SQLite's trigram index, finds two-character Chinese terms.
 */
export async function searchTaskIds(
  db: Db,
  search: { orgId: number; planId: number; q: string },
): Promise<number[]> {
  const rows = await db
    .selectFrom('tasks')
    .select('tasks.id')
    .where('tasks.org_id', '=', search.orgId)
    .where('tasks.plan_id', '=', search.planId)
    .where((eb) =>
      eb.or([
        containsText('tasks.text', search.q),
        eb.exists(
          eb
            .selectFrom('progress_entries')
            .select('progress_entries.id')
            .whereRef('progress_entries.task_id', '=', 'tasks.id')
            .where(containsText('progress_entries.text', search.q)),
        ),
        eb.exists(
          eb
            .selectFrom('task_units')
            .innerJoin('units', 'units.id', 'task_units.unit_id')
            .select('task_units.id')
            .whereRef('task_units.task_id', '=', 'tasks.id')
            .where(containsText('units.name', search.q)),
        ),
      ]),
    )
    .execute();
  return rows.map((row) => row.id);
}
