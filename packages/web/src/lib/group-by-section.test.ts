import { describe, expect, it } from 'vitest';

import { SEED_SECTIONS, SEED_TASKS, buildTaskRow } from '../test/ledger-fixture.ts';
import { flattenGroups, groupTasksBySection } from './group-by-section.ts';

describe('groupTasksBySection', () => {
  it('groups seed tasks in section order and leaves out sections without tasks', () => {
    const groups = groupTasksBySection(SEED_SECTIONS, SEED_TASKS);
    expect(groups.map((group) => group.section.ordinal)).toEqual(['一', '二', '四']);
    expect(groups.map((group) => group.tasks.map((task) => task.no))).toEqual([
      ['2', '11'],
      ['58'],
      ['117'],
    ]);
  });

  it('follows the section list, not the order tasks arrive in', () => {
    const shuffled = [...SEED_TASKS].reverse();
    const groups = groupTasksBySection(SEED_SECTIONS, shuffled);
    expect(groups.map((group) => group.section.ordinal)).toEqual(['一', '二', '四']);
    // Within a section the tasks keep the order they came in.
    expect(groups[0]?.tasks.map((task) => task.no)).toEqual(['11', '2']);
  });

  it('keeps a task whose section is unknown, in a group after the known ones', () => {
    const stray = buildTaskRow({ id: 999, no: '999', section: '五' });
    const groups = groupTasksBySection(SEED_SECTIONS, [stray, ...SEED_TASKS]);
    expect(groups.map((group) => group.section)).toContainEqual({ ordinal: '五', title: '' });
    expect(groups.at(-1)?.tasks).toEqual([stray]);
  });

  it('returns no group for no tasks', () => {
    expect(groupTasksBySection(SEED_SECTIONS, [])).toEqual([]);
  });
});

describe('flattenGroups', () => {
  it('puts each section row before its tasks, with the task count', () => {
    const rows = flattenGroups(groupTasksBySection(SEED_SECTIONS, SEED_TASKS));
    expect(
      rows.map((row) =>
        row.kind === 'section' ? `§${row.section.ordinal}:${row.count}` : row.task.no,
      ),
    ).toEqual(['§一:2', '2', '11', '§二:1', '58', '§四:1', '117']);
    expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length);
  });
});
