import type { TaskDetail } from '@duban/core';
import { Alert, Descriptions, Empty, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';

import { useIsNarrow } from '../hooks/use-media-query.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { formatDateTime, formatPeriodLabel, formatSectionLabel } from '../lib/format.ts';
import { UnitTags } from './unit-tags.tsx';

const NO_TERMS: readonly string[] = [];

/** Every field of one task, its import warnings and its progress history. */
export function TaskDetailView({ detail, period }: { detail: TaskDetail; period: string }) {
  const { t, locale } = useLocale();
  const narrow = useIsNarrow();
  const items: DescriptionsProps['items'] = [
    { key: 'no', label: t('task.no'), children: detail.no },
    {
      key: 'section',
      label: t('task.section'),
      children: formatSectionLabel(t, { ordinal: detail.section, title: detail.sectionTitle }),
    },
    {
      key: 'text',
      label: t('task.text'),
      children: (
        <div className="pre-wrap" data-testid="task-detail-text">
          {detail.text}
        </div>
      ),
    },
    {
      key: 'lead',
      label: t('task.lead'),
      children: <UnitTags units={detail.lead} inferred={detail.inferred.lead} terms={NO_TERMS} />,
    },
    {
      key: 'co',
      label: t('task.co'),
      children: <UnitTags units={detail.co} inferred={detail.inferred.co} terms={NO_TERMS} />,
    },
    {
      key: 'progress',
      label: t('task.progress', { period: formatPeriodLabel(t, period) }),
      children: (
        <div className="pre-wrap" data-testid="task-detail-progress">
          {detail.progress === null || detail.progress === '' ? (
            <span className="muted">{t('ledger.noProgress')}</span>
          ) : (
            detail.progress
          )}
        </div>
      ),
    },
    ...Object.entries(detail.extra).map(([header, value]) => ({
      key: `extra-${header}`,
      label: header,
      children: <div className="pre-wrap">{value}</div>,
    })),
  ];

  return (
    <div className="task-detail">
      <Descriptions
        bordered
        column={1}
        size="small"
        layout={narrow ? 'vertical' : 'horizontal'}
        items={items}
      />

      <Typography.Title level={5} className="detail-heading">
        {t('task.warnings')}
      </Typography.Title>
      {detail.warnings.length === 0 ? (
        <span className="muted">{t('task.noWarnings')}</span>
      ) : (
        <div className="detail-warnings" data-testid="task-detail-warnings">
          {detail.warnings.map((warning, index) => (
            <Alert
              key={`${warning.code}-${index}`}
              type="warning"
              showIcon
              title={warning.message}
              // The code is for machines (and support): not shown as English text in the UI.
              data-warning-code={warning.code}
            />
          ))}
        </div>
      )}

      <Typography.Title level={5} className="detail-heading">
        {t('task.history')}
      </Typography.Title>
      {detail.history.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('task.historyEmpty')} />
      ) : (
        <ol className="history-list" data-testid="task-detail-history">
          {detail.history.map((entry) => (
            <li key={`${entry.period}-${entry.version}`} className="history-entry">
              <div className="history-meta">
                <Tag color="blue">{formatPeriodLabel(t, entry.period)}</Tag>
                <span>{t('task.versionLabel', { version: entry.version })}</span>
                <span className="muted">{formatDateTime(entry.updatedAt, locale)}</span>
                <span>{entry.author ?? t('ledger.none')}</span>
              </div>
              <div className="pre-wrap history-text">{entry.text}</div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
