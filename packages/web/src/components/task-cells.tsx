import { ExclamationCircleOutlined } from '@ant-design/icons';
import type { TaskRow } from '@duban/core';
import { Tooltip } from 'antd';

import { useT } from '../i18n/locale-context.tsx';
import { HighlightText } from './highlight-text.tsx';

// Cells shared by the laptop table and the phone cards.

/** Warnings not already visible in the row: an inherited unit cell has its own marker. */
export function countHiddenWarnings(task: TaskRow): number {
  return task.warnings.filter((w) => w.code !== 'lead-inherited' && w.code !== 'co-inherited')
    .length;
}

export function TaskProgress({ task, terms }: { task: TaskRow; terms: readonly string[] }) {
  const t = useT();
  if (task.progress === null || task.progress === '') {
    return <span className="muted">{t('ledger.noProgress')}</span>;
  }
  return (
    <div className="clamp">
      <HighlightText text={task.progress} terms={terms} />
    </div>
  );
}

export function TaskWarningsIcon({ task }: { task: TaskRow }) {
  const t = useT();
  const count = countHiddenWarnings(task);
  if (count === 0) return null;
  return (
    <Tooltip title={t('ledger.warningsTooltip', { count })}>
      <ExclamationCircleOutlined className="warning-icon" />
    </Tooltip>
  );
}
