import type { TaskRow } from '@duban/core';

export interface SectionRef {
  ordinal: string;
  title: string;
}

export interface SectionGroup {
  section: SectionRef;
  tasks: TaskRow[];
}

/**
 * Groups tasks under their sections in the plan's section order, keeping the tasks' order.
 * Sections without a task (after filtering) are left out; a task whose section is not in the
 * list still shows, under a group of its own ordinal, after the known ones.
 */
export function groupTasksBySection(
  sections: readonly SectionRef[],
  tasks: readonly TaskRow[],
): SectionGroup[] {
  const groups = new Map<string, SectionGroup>();
  for (const section of sections) groups.set(section.ordinal, { section, tasks: [] });
  for (const task of tasks) {
    let group = groups.get(task.section);
    if (!group) {
      group = { section: { ordinal: task.section, title: '' }, tasks: [] };
      groups.set(task.section, group);
    }
    group.tasks.push(task);
  }
  return [...groups.values()].filter((group) => group.tasks.length > 0);
}

export type LedgerRow =
  | { kind: 'section'; key: string; section: SectionRef; count: number }
  | { kind: 'task'; key: string; task: TaskRow };

/** One flat list for a table: each group's header row, then its tasks. */
export function flattenGroups(groups: readonly SectionGroup[]): LedgerRow[] {
  return groups.flatMap((group): LedgerRow[] => [
    {
      kind: 'section',
      key: `section-${group.section.ordinal}`,
      section: group.section,
      count: group.tasks.length,
    },
    ...group.tasks.map((task): LedgerRow => ({ kind: 'task', key: `task-${task.id}`, task })),
  ]);
}
