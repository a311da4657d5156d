import { ExclamationCircleOutlined } from '@ant-design/icons';
import type { TaskRow } from '@duban/core';
import { Tag, Tooltip } from 'antd';

import { useT } from '../i18n/locale-context.tsx';
import { HighlightText } from './highlight-text.tsx';

// Cells shared by the laptop table and the phone cards.

/** Warnings not already visible in the row: an inherited unit cell has its own marker. */
export function countHiddenWarnings(task: TaskRow): number {
  return task.warnings.filter((w) => w.code !== 'lead-inherited' && w.code !== 'co-inherited')
    .length;
}

/**
 * A search can find a task by a leader's 批示 or a return reason, which the row does not show:
 * say so, so the row is not a puzzle.
 */
function CommentHits({ task }: { task: TaskRow }) {
  const t = useT();
  const hits = task.matchedIn ?? [];
  if (!hits.includes('instruction') && !hits.includes('return_reason')) return null;
  return (
    <div className="search-hits" data-testid={`search-hits-${task.no}`}>
      {hits.includes('instruction') ? (
        <Tag color="purple">{t('ledger.hit.instruction')}</Tag>
      ) : null}
      {hits.includes('return_reason') ? (
        <Tag color="orange">{t('ledger.hit.returnReason')}</Tag>
      ) : null}
    </div>
  );
}

export function TaskProgress({ task, terms }: { task: TaskRow; terms: readonly string[] }) {
  const t = useT();
  if (task.progress === null || task.progress === '') {
    return (
      <>
        <span className="muted">{t('ledger.noProgress')}</span>
        <CommentHits task={task} />
      </>
    );
  }
  return (
    <>
      <div className="clamp">
        <HighlightText text={task.progress} terms={terms} />
      </div>
      <CommentHits task={task} />
    </>
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
