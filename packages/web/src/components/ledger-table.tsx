import type { TaskRow } from '@duban/core';
import { Table } from 'antd';
import type { TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';

import { useT } from '../i18n/locale-context.tsx';
import { formatSectionLabel } from '../lib/format.ts';
import type { LedgerRow } from '../lib/group-by-section.ts';
import { HighlightText } from './highlight-text.tsx';
import { LightBadge } from './light-badge.tsx';
import { TaskProgress, TaskWarningsIcon } from './task-cells.tsx';
import { UnitTags } from './unit-tags.tsx';

const COLUMN_COUNT = 5;

interface LedgerTableProps {
  rows: readonly LedgerRow[];
  terms: readonly string[];
  onOpenTask: (task: TaskRow) => void;
}

// A section row is one full-width cell: the first column spans all, the others vanish.
const spanSectionRow = (row: LedgerRow) => ({ colSpan: row.kind === 'section' ? COLUMN_COUNT : 1 });
const hideInSectionRow = (row: LedgerRow) => ({ colSpan: row.kind === 'section' ? 0 : 1 });

/**
 * The ledger laid out like the printed report: section rows, then 序号 · 目标与任务 · 牵头责任单位
 * · 责任单位 · 进展情况. Every task is rendered (no pagination): a ledger is read as one document.
 */
export function LedgerTable({ rows, terms, onOpenTask }: LedgerTableProps) {
  const t = useT();
  const columns: TableColumnsType<LedgerRow> = [
    {
      key: 'no',
      title: t('ledger.col.no'),
      width: 84,
      align: 'center',
      onCell: spanSectionRow,
      render: (_value, row) =>
        row.kind === 'section' ? (
          <span className="section-title">{formatSectionLabel(t, row.section)}</span>
        ) : (
          <span className="task-no">
            <button
              type="button"
              className="link-button"
              aria-label={t('ledger.openTask', { no: row.task.no })}
              onClick={(event) => {
                event.stopPropagation();
                onOpenTask(row.task);
              }}
            >
              {row.task.no}
            </button>
            <TaskWarningsIcon task={row.task} />
            <LightBadge light={row.task.status?.light} />
          </span>
        ),
    },
    {
      key: 'text',
      title: t('ledger.col.text'),
      width: '27%',
      onCell: hideInSectionRow,
      render: (_value, row) =>
        row.kind === 'task' ? <HighlightText text={row.task.text} terms={terms} /> : null,
    },
    {
      key: 'lead',
      title: t('ledger.col.lead'),
      width: '13%',
      onCell: hideInSectionRow,
      render: (_value, row) =>
        row.kind === 'task' ? (
          <UnitTags units={row.task.lead} inferred={row.task.inferred.lead} terms={terms} />
        ) : null,
    },
    {
      key: 'co',
      title: t('ledger.col.co'),
      width: '15%',
      onCell: hideInSectionRow,
      render: (_value, row) =>
        row.kind === 'task' ? (
          <UnitTags units={row.task.co} inferred={row.task.inferred.co} terms={terms} />
        ) : null,
    },
    {
      key: 'progress',
      title: t('ledger.col.progress'),
      onCell: hideInSectionRow,
      render: (_value, row) =>
        row.kind === 'task' ? <TaskProgress task={row.task} terms={terms} /> : null,
    },
  ];

  return (
    <Table<LedgerRow>
      className="ledger-table"
      columns={columns}
      dataSource={[...rows]}
      rowKey="key"
      pagination={false}
      bordered
      size="middle"
      tableLayout="fixed"
      sticky={{ offsetHeader: 56 }}
      locale={{ emptyText: t('ledger.empty') }}
      onRow={(row): HTMLAttributes<HTMLElement> => {
        if (row.kind === 'section') {
          return { className: 'ledger-section-row', ...testId('section-row') };
        }
        return {
          className: 'ledger-task-row',
          ...testId('task-row', { 'data-task-no': row.task.no }),
          onClick: () => {
            onOpenTask(row.task);
          },
        };
      }}
    />
  );
}

/** data-* attributes for rows: antd passes them through, React's attribute types omit them. */
function testId(id: string, extra: Record<string, string> = {}): HTMLAttributes<HTMLElement> {
  const attributes: Record<string, string> = { 'data-testid': id, ...extra };
  return attributes;
}
