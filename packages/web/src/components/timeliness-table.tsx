import type { TimelinessDto } from '@duban/core';
import { Alert, Table, Tag } from 'antd';

import { useTimelinessQuery } from '../api/round-extras.ts';
import { useT } from '../i18n/locale-context.tsx';
import { describeError } from '../lib/error-message.ts';

type Row = TimelinessDto['rows'][number];

/** 按时报送情况: each unit's entries due, on time, late (days) and returns in the period. */
export function TimelinessTable() {
  const t = useT();
  const timeliness = useTimelinessQuery();
  if (timeliness.isError) {
    return <Alert type="error" title={describeError(timeliness.error, t)} />;
  }
  const columns = [
    { title: t('round.unit'), dataIndex: ['unit', 'name'], key: 'unit' },
    { title: t('round.timeliness.due'), dataIndex: 'due', key: 'due' },
    { title: t('round.timeliness.onTime'), dataIndex: 'onTime', key: 'onTime' },
    {
      title: t('round.timeliness.late'),
      key: 'late',
      render: (_: unknown, row: Row) =>
        row.late > 0 ? <Tag color="error">{row.late}</Tag> : row.late,
    },
    { title: t('round.timeliness.overdue'), dataIndex: 'overdue', key: 'overdue' },
    { title: t('round.timeliness.pending'), dataIndex: 'pending', key: 'pending' },
    { title: t('round.timeliness.lateDays'), dataIndex: 'lateDays', key: 'lateDays' },
    { title: t('round.timeliness.maxLateDays'), dataIndex: 'maxLateDays', key: 'maxLateDays' },
    { title: t('round.timeliness.returns'), dataIndex: 'returns', key: 'returns' },
  ];
  return (
    <Table<Row>
      size="small"
      rowKey={(row) => row.unit.id}
      loading={timeliness.isPending}
      columns={columns}
      dataSource={timeliness.data?.rows ?? []}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="timeliness-table"
    />
  );
}
