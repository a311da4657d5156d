import { diffText } from '@duban/core';
import type { VersionHistory } from '@duban/core';
import { Empty, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';

import { useVersionsQuery } from '../api/round.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import type { Translate } from '../i18n/messages.ts';
import { formatDateTime, formatPeriodLabel } from '../lib/format.ts';

type Version = VersionHistory[number];

/** “汇总进展（牵头单位） · 第 2 版 · 作者”, with the quarter first where it is not shown beside. */
function describeVersion(version: Version, t: Translate, withPeriod: boolean): string {
  const part = version.unit === null ? t('round.consolidated') : version.unit.name;
  return [
    ...(withPeriod ? [formatPeriodLabel(t, version.period)] : []),
    part,
    t('task.versionLabel', { version: version.version }),
    ...(version.author === null ? [] : [version.author]),
  ].join(' · ');
}

/** A task's timeline across quarters, and a word-level diff between any two versions. */
export function HistoryPage() {
  const { t, locale } = useLocale();
  const id = Number(useParams().id);
  const versions = useVersionsQuery(id);
  const [left, setLeft] = useState<number | undefined>(undefined);
  const [right, setRight] = useState<number | undefined>(undefined);
  if (versions.isPending) return <PageLoading />;
  if (versions.isError) {
    return <PageError error={versions.error} onRetry={() => void versions.refetch()} />;
  }
  const list = versions.data;
  if (list.length === 0) return <Empty description={t('round.history.empty')} />;
  const options = list.map((version) => ({
    value: version.id,
    label: describeVersion(version, t, true),
  }));
  const before = list.find((version) => version.id === left) ?? list.at(-2) ?? list[0];
  const after = list.find((version) => version.id === right) ?? list.at(-1);
  const parts =
    before === undefined || after === undefined ? [] : diffText(before.text, after.text);
  return (
    <div className="board-page">
      <Typography.Title level={4}>{t('round.history.title')}</Typography.Title>
      <ol className="history-list" data-testid="history-timeline">
        {list.map((version) => (
          <li key={version.id} className="history-entry">
            <Space wrap>
              <Tag color="blue">{formatPeriodLabel(t, version.period)}</Tag>
              <span className="muted">{describeVersion(version, t, false)}</span>
              <span className="muted">{formatDateTime(version.createdAt, locale)}</span>
            </Space>
            <div className="pre-wrap history-text">{version.text}</div>
          </li>
        ))}
      </ol>
      <Typography.Title level={5}>{t('round.history.compare')}</Typography.Title>
      <Space wrap>
        <Select<number>
          style={{ width: 'min(440px, calc(100vw - 24px))' }}
          value={before?.id}
          options={options}
          onChange={setLeft}
        />
        <Select<number>
          style={{ width: 'min(440px, calc(100vw - 24px))' }}
          value={after?.id}
          options={options}
          onChange={setRight}
        />
      </Space>
      <div className="pre-wrap diff" data-testid="history-diff">
        {parts.map((part, index) =>
          part.op === 'equal' ? (
            <span key={index}>{part.text}</span>
          ) : part.op === 'insert' ? (
            <ins key={index}>{part.text}</ins>
          ) : (
            <del key={index}>{part.text}</del>
          ),
        )}
      </div>
    </div>
  );
}
