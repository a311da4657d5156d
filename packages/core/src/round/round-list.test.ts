import { describe, expect, it } from 'vitest';
import { selectRoundTasks, waitsFor, type RoundTaskFacts } from './round-list.ts';
import type { RoundEntry, RoundState } from './round-state.ts';

const office = { role: 'admin', unitId: null } as const;
const reporter = { role: 'reporter', unitId: 3 } as const;

function entry(state: RoundState, owner = 3): RoundEntry {
  return { state, ownerUnitIds: [owner], periodState: 'open', reopened: false };
}

const tasks: RoundTaskFacts[] = [
  { id: 1, entries: [entry('approved')], instructed: false },
  { id: 2, entries: [entry('draft'), entry('submitted', 4)], instructed: true },
  { id: 3, entries: [entry('accepted')], instructed: false },
];

describe('the round’s lists', () => {
  it('finds what waits for the office (to accept or return) and for a unit’s reporter', () => {
    expect(tasks.map((task) => waitsFor(task, office))).toEqual([true, true, false]);
    expect(tasks.map((task) => waitsFor(task, reporter))).toEqual([false, true, false]);
  });

  it('selects per tab and counts every tab with the same state', () => {
    expect(selectRoundTasks(tasks, { filter: 'todo' }, office)).toEqual({
      ids: [1, 2],
      counts: { todo: 2, instructed: 1, all: 3 },
    });
    expect(selectRoundTasks(tasks, { filter: 'instructed' }, office).ids).toEqual([2]);
    expect(selectRoundTasks(tasks, { filter: 'all', state: 'submitted' }, office)).toEqual({
      ids: [2],
      counts: { todo: 1, instructed: 1, all: 1 },
    });
  });

  it('keeps a task acted on in 待我处理 without counting it as waiting', () => {
    expect(selectRoundTasks(tasks, { filter: 'todo', keep: [3] }, office)).toEqual({
      ids: [1, 2, 3],
      counts: { todo: 2, instructed: 1, all: 3 },
    });
  });
});
