/**
 * Rebuilding one task row's columns. Readers of .xlsx/.docx mark covered cells
 * (`merged: 'above'`); the text of a PDF/Word table lost its merged cells instead, and what
 * remains has to be put back in place.
 *
 * In such text a vertically merged unit cell appears only in the first row of the merge; the
 * later rows carry one empty placeholder cell per lost cell, after their last real cell. So a
 * five-column row may read `["15", text, "A B", progress, ""]`: four real cells, one lost. We
 * take the lead unit column as lost before the co-unit column. The seed decides it: 17 of its
 * rows read `[no, text, "", progress, ""]`, and only with the lead lost is their empty cell the
 * co-units; lost the other way, tasks 29, 111–114 and 12 others would have no lead unit at
 * all. It also keeps task 42 (全年新建高标准农田) under 区农水局 with the street offices as
 * co-units, and tasks 108–114 under 区教育局. A lead unit typically answers for a block of
 * consecutive tasks, which is why its cell is the one merged.
 *
 * One trap: a row whose progress is simply empty also ends in an empty cell. When the cell that
 * would become the progress reads as unit names, we take nothing as lost and say so.
 */
import type { GridRow } from '../grid/grid.ts';
import { looksLikeUnitList } from '../units/split-units.ts';
import type { ColumnLayout, ColumnRole } from './columns.ts';

/** The unit columns, in the order their cells are assumed lost. */
const MERGEABLE: readonly ColumnRole[] = ['lead', 'co'];

export interface TaskCells {
  /** Cell text per role; absent when the column does not exist or its cell was lost. */
  values: Partial<Record<ColumnRole, string>>;
  /** Extra columns by header, non-empty values only. */
  extra: Record<string, string>;
  /** Roles whose value must come from the task above (lost or merged 'above' cells). */
  inherited: Set<ColumnRole>;
  /** The layout was ambiguous and resolved by the unit-list heuristic. */
  ambiguous: boolean;
}

function countTrailingEmpty(texts: readonly string[], from: number): number {
  let count = 0;
  for (let position = texts.length - 1; position >= from; position -= 1) {
    if (texts[position] !== '') break;
    count += 1;
  }
  return count;
}

/** True when the column at `position` carries one of `roles` (extra columns never do). */
function hasRole(layout: ColumnLayout, position: number, roles: Iterable<ColumnRole>): boolean {
  const role = layout.roles[position];
  return role !== undefined && [...roles].includes(role);
}

function extraKey(layout: ColumnLayout, position: number): string {
  const header = layout.headers[position] ?? '';
  return header === '' ? `第${position + 1}列` : header;
}

/**
 * Maps a task row's cells to columns. Roles in `inherited` have no value of their own when
 * their cell was lost (the parser takes the task above); a `merged: 'above'` cell keeps the
 * value the reader copied into it.
 */
export function resolveTaskCells(
  row: GridRow,
  layout: ColumnLayout,
  mergesLost: boolean,
): TaskCells {
  const width = layout.roles.length;
  const texts = Array.from(
    { length: width },
    (_, position) => row.cells[position]?.text.trim() ?? '',
  );
  const result: TaskCells = { values: {}, extra: {}, inherited: new Set(), ambiguous: false };

  let positions = layout.roles.map((_, position) => position);
  if (mergesLost) {
    const present = MERGEABLE.filter((role) => layout.index[role] !== undefined);
    const firstContent = Math.max(layout.index.no ?? 0, layout.index.text ?? 0) + 1;
    let lost = Math.min(countTrailingEmpty(texts, firstContent), present.length);
    const lostRoles = (count: number): ColumnRole[] => present.slice(0, count);
    if (lost > 0 && layout.index.progress !== undefined) {
      const remaining = positions.filter((position) => !hasRole(layout, position, lostRoles(lost)));
      const progressCell = texts[remaining.indexOf(layout.index.progress)] ?? '';
      if (progressCell !== '' && looksLikeUnitList(progressCell)) {
        lost = 0;
        result.ambiguous = true;
      }
    }
    for (const role of lostRoles(lost)) result.inherited.add(role);
    positions = positions.filter((position) => !hasRole(layout, position, result.inherited));
  }

  positions.forEach((column, cellPosition) => {
    const text = texts[cellPosition] ?? '';
    const role = layout.roles[column];
    if (role === undefined) {
      if (text !== '') result.extra[extraKey(layout, column)] = text;
      return;
    }
    result.values[role] = text;
    if (!mergesLost && row.cells[column]?.merged === 'above') {
      result.inherited.add(role);
    }
  });
  return result;
}
