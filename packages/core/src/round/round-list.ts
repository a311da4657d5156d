/**
 * Which of the round's tasks a list of 本期填报 shows (issue 7): the tabs (待我处理, 已批示,
 * 全部), a state, and the counts the tabs carry. One rule for the server, which pages the list,
 * and the page, which labels the tabs: they cannot disagree about what "waiting for me" means.
 */
import {
  listAllowedActions,
  type RoundActor,
  type RoundEntry,
  type RoundState,
} from './round-state.ts';

/**
 * `todo`: tasks with an entry waiting for the caller; `instructed`: tasks carrying a 批示 this
 * period (a leader's list: leaders have no entries to act on); `all`: every task the caller sees.
 */
export const ROUND_FILTERS = ['todo', 'instructed', 'all'] as const;
export type RoundFilter = (typeof ROUND_FILTERS)[number];

/** What the lists need to know of one task: the entries the caller sees, and its 批示. */
export interface RoundTaskFacts {
  id: number;
  entries: readonly RoundEntry[];
  instructed: boolean;
}

/** An entry waits for the actor when the actor may take some step on it now. */
export function isWaitingFor(entry: RoundEntry, actor: RoundActor): boolean {
  return listAllowedActions(entry, actor).length > 0;
}

/**
 * A task waits for the actor when one of the entries the actor sees does (待我处理).
 *
 * @example
 * ```ts
 * waitsFor({ entries: [{ state: 'approved', ownerUnitIds: [3], periodState: 'open',
 *   reopened: false }] }, { role: 'admin', unitId: null }); // true: the office may accept it
 * ```
 */
export function waitsFor(task: { entries: readonly RoundEntry[] }, actor: RoundActor): boolean {
  return task.entries.some((entry) => isWaitingFor(entry, actor));
}

export interface RoundListFilter {
  filter: RoundFilter;
  /** Only tasks with an entry (of those the caller sees) in this state. */
  state?: RoundState | undefined;
  /**
   * Tasks that stay in `todo` although they no longer wait: the ones the caller acted on during
   * this visit, so that a card does not vanish under the cursor after 报送.
   */
  keep?: readonly number[] | undefined;
}

export interface RoundListSelection {
  /** The tasks shown, in the order given. */
  ids: number[];
  /** Per tab, how many tasks it would show with the same state: the tabs' numbers. */
  counts: Record<RoundFilter, number>;
}

/**
 * The tasks a list shows and the tabs' counts. `todo` counts the tasks that wait (not the kept
 * ones): the number says how much is left to do.
 */
export function selectRoundTasks(
  tasks: readonly RoundTaskFacts[],
  query: RoundListFilter,
  actor: RoundActor,
): RoundListSelection {
  const { state } = query;
  const keep = new Set(query.keep ?? []);
  const inState =
    state === undefined
      ? tasks
      : tasks.filter((task) => task.entries.some((e) => e.state === state));
  const counts: Record<RoundFilter, number> = { todo: 0, instructed: 0, all: inState.length };
  const ids: number[] = [];
  for (const task of inState) {
    const waiting = waitsFor(task, actor);
    if (waiting) counts.todo += 1;
    if (task.instructed) counts.instructed += 1;
    const shown =
      query.filter === 'all' ||
      (query.filter === 'instructed' && task.instructed) ||
      (query.filter === 'todo' && (waiting || keep.has(task.id)));
    if (shown) ids.push(task.id);
  }
  return { ids, counts };
}
