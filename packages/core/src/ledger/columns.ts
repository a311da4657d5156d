/**
 * Column detection: which header cell is the task number, the task, the lead unit, the
 * co-units and the progress. Headers come spaced out (目 标 与 任 务) and under many names;
 * anything else is kept as an extra column, never dropped.
 */

/** The columns Duban models; every other column is `extra`. */
export type ColumnRole = 'no' | 'text' | 'lead' | 'co' | 'progress';

export const COLUMN_LABELS: Record<ColumnRole, string> = {
  no: '序号',
  text: '目标与任务',
  lead: '牵头责任单位',
  co: '责任单位',
  progress: '进展情况',
};

const SYNONYMS: Record<ColumnRole, readonly string[]> = {
  no: ['序号', '编号'],
  text: ['目标与任务', '工作任务', '重点任务', '主要任务', '任务名称', '重点工作', '项目名称'],
  lead: ['牵头责任单位', '牵头单位', '牵头部门', '责任主体'],
  co: ['责任单位', '配合单位', '配合部门', '协同单位', '协办单位'],
  progress: ['进展情况', '完成情况', '推进情况', '工作进展', '本月进展'],
};

/** Progress headers that name their period: 第二季度完成情况, 上半年推进情况, 6月进展情况 … */
const PERIOD_PROGRESS =
  /^(?:第?[一二三四1-4]季度|本季度|本月|上半年|下半年|前三季度|全年|年度|\d{1,2}月(?:份)?|1-\d{1,2}月)(?:进展情况|完成情况|推进情况|工作进展|进展)$/u;

/** Extra columns common enough that keeping them needs no warning. */
const KNOWN_EXTRAS = new Set([
  '完成时限',
  '完成时间',
  '时间节点',
  '时限要求',
  '分管领导',
  '责任领导',
  '区领导',
  '牵头领导',
  '责任人',
  '联系人',
  '备注',
]);

/** Removes the spacing and punctuation a header is written with: `目 标 与 任 务` → `目标与任务`. */
export function normalizeHeader(text: string): string {
  return text.replace(/[\s\u3000:：*＊]/gu, '');
}

/** The role a header cell names, or undefined for any other column. */
export function findColumnRole(header: string): ColumnRole | undefined {
  const name = normalizeHeader(header);
  if (name === '') return undefined;
  for (const [role, names] of Object.entries(SYNONYMS)) {
    // Object.entries loses the key type; the keys are exactly ColumnRole.
    if (names.includes(name)) return role as ColumnRole;
  }
  return PERIOD_PROGRESS.test(name) ? 'progress' : undefined;
}

/** True for extra columns that are common in ledgers (完成时限, 分管领导, 备注 …). */
export function isKnownExtraColumn(header: string): boolean {
  return KNOWN_EXTRAS.has(normalizeHeader(header));
}

export interface ColumnLayout {
  /** Per header cell: its role, or undefined for an extra column (or a repeated role). */
  roles: (ColumnRole | undefined)[];
  /** Header texts with their spacing removed, for `extra` keys and messages. */
  headers: string[];
  /** The index of each role's column. */
  index: Partial<Record<ColumnRole, number>>;
}

/** Maps a header row to roles; the first column claiming a role wins. */
export function detectColumns(headerCells: readonly string[]): ColumnLayout {
  const index: Partial<Record<ColumnRole, number>> = {};
  const roles = headerCells.map((cell, position) => {
    const role = findColumnRole(cell);
    if (role === undefined || index[role] !== undefined) return undefined;
    index[role] = position;
    return role;
  });
  return { roles, headers: headerCells.map(normalizeHeader), index };
}

/**
 * True when cells read as a header row: at least two known columns, one of them the number or
 * the task column.
 */
export function isHeaderRow(cells: readonly string[]): boolean {
  const roles = new Set(cells.map(findColumnRole));
  const known = [...roles].filter((role) => role !== undefined).length;
  return known >= 2 && (roles.has('no') || roles.has('text'));
}
