import { BOARD_COLUMNS, openPeriodBodySchema, publishBlockedDetailsSchema } from '@duban/core';
import type { Board } from '@duban/core';
import { Alert, Button, Input, Space, Table, Tag, Typography } from 'antd';
import { useLayoutEffect, useRef, useState } from 'react';
import type { TableColumnsType } from 'antd';

import { ApiError } from '../api/client.ts';
import { useCurrentUser } from '../api/current-user.tsx';
import { useBoardQuery, useOpenPeriodMutation, useRemindMutation } from '../api/round.ts';
import { useExtensionsQuery, usePublishWithReasonMutation } from '../api/round-extras.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { ExtensionDecisions } from '../components/round-extensions.tsx';
import { TimelinessTable } from '../components/timeliness-table.tsx';
import { useScrollCues } from '../hooks/use-scroll-cues.ts';
import { useT } from '../i18n/locale-context.tsx';
import { describeError } from '../lib/error-message.ts';
import { formatPeriodLabel } from '../lib/format.ts';
import { boardColumnLabels, periodStateLabels } from '../lib/round-labels.ts';

type Row = Board['rows'][number];

/** The office opens the next round: a period label and its due date. */
function OpenPeriodForm() {
  const t = useT();
  const open = useOpenPeriodMutation();
  const [label, setLabel] = useState('');
  const [dueDate, setDueDate] = useState('');
  // Checked here with the server's own schema: the button waits for a well-formed period and date
  // instead of answering with the validator's field path (“body.label …”).
  const valid = openPeriodBodySchema.safeParse({ label, dueDate }).success;
  const labelOk = label === '' || openPeriodBodySchema.shape.label.safeParse(label).success;
  const dueOk = dueDate === '' || openPeriodBodySchema.shape.dueDate.safeParse(dueDate).success;
  return (
    <Space wrap>
      <Input
        data-testid="open-period-label"
        prefix={t('round.openPeriodLabel')}
        aria-label={t('round.openPeriodLabel')}
        placeholder="2023Q3"
        status={labelOk ? undefined : 'error'}
        value={label}
        onChange={(event) => {
          setLabel(event.target.value.trim());
        }}
      />
      <Input
        data-testid="open-period-due"
        prefix={t('round.openPeriodDue')}
        aria-label={t('round.openPeriodDue')}
        placeholder="2023-10-10"
        status={dueOk ? undefined : 'error'}
        value={dueDate}
        onChange={(event) => {
          setDueDate(event.target.value.trim());
        }}
      />
      <Button
        type="primary"
        data-testid="open-period-submit"
        disabled={!valid}
        loading={open.isPending}
        onClick={() => {
          open.mutate({ label, dueDate });
        }}
      >
        {t('round.openPeriod')}
      </Button>
      {open.isError ? <Alert type="error" title={describeError(open.error, t)} /> : null}
      {open.isSuccess ? (
        <Alert type="success" title={t('round.opened', { label: open.data.label })} />
      ) : null}
    </Space>
  );
}

/**
 * 发布本期: allowed straight away when the office accepted every task; otherwise the server
 * answers publish-blocked with how many are not accepted, and the office may force it with a
 * reason (audited).
 */
function PublishControl({ label, onPublished }: { label: string; onPublished: () => void }) {
  const t = useT();
  const publish = usePublishWithReasonMutation();
  const [reason, setReason] = useState('');
  const blocked =
    publish.error instanceof ApiError && publish.error.code === 'publish-blocked'
      ? publishBlockedDetailsSchema.safeParse(publish.error.details).data
      : undefined;
  const run = (overrideReason?: string) => {
    publish.mutate(
      { label, body: overrideReason === undefined ? {} : { overrideReason } },
      { onSuccess: onPublished },
    );
  };
  return (
    <>
      <Button
        danger
        data-testid="publish-period"
        loading={publish.isPending}
        onClick={() => {
          run();
        }}
      >
        {t('round.publish')}
      </Button>
      {blocked === undefined ? null : (
        <Space wrap data-testid="publish-blocked">
          <Alert
            type="warning"
            showIcon
            title={t('round.publishBlocked', {
              count: blocked.notAccepted,
              tasks: blocked.tasks
                .slice(0, 10)
                .map((task) => task.no)
                .join('、'),
            })}
          />
          <Input
            data-testid="publish-override-reason"
            placeholder={t('round.publishOverridePlaceholder')}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
            }}
          />
          <Button
            danger
            type="primary"
            data-testid="publish-override-confirm"
            disabled={reason.trim() === ''}
            onClick={() => {
              run(reason.trim());
            }}
          >
            {t('round.publishOverride')}
          </Button>
        </Space>
      )}
      {publish.isError && blocked === undefined ? (
        <Alert type="error" title={describeError(publish.error, t)} />
      ) : null}
    </>
  );
}

/**
 * The board's table. On a phone its eight columns scroll sideways inside antd's
 * `.ant-table-content`; the edge where columns are hidden fades out, as the header's link row
 * does (hooks/use-scroll-cues.ts), so the table visibly goes on.
 */
function BoardTable({ rows, columns }: { rows: Row[]; columns: TableColumnsType<Row> }) {
  const box = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLElement | null>(null);
  // Layout effects run before the cues' effect reads the ref: it sees antd's scrolling element.
  useLayoutEffect(() => {
    scroller.current = box.current?.querySelector<HTMLElement>('.ant-table-content') ?? null;
  });
  const cues = useScrollCues(scroller, `${rows.length} ${columns.length}`);
  return (
    <div
      ref={box}
      className="scroll-cue-box"
      data-testid="board-table-box"
      data-more-left={cues.left || undefined}
      data-more-right={cues.right || undefined}
    >
      <Table<Row>
        size="small"
        rowKey={(row) => row.unit.id}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="board-table"
      />
    </div>
  );
}

/** 催办看板: per unit, how many entries are in each state and how many are late; polls. */
export function BoardPage() {
  const t = useT();
  const user = useCurrentUser();
  const board = useBoardQuery();
  const remind = useRemindMutation();
  const extensions = useExtensionsQuery();
  const [reminded, setReminded] = useState<number[]>([]);
  const isOffice = user.role === 'admin';
  if (board.isPending) return <PageLoading />;
  if (board.isError) {
    const noRound = board.error instanceof ApiError && board.error.code === 'period-not-found';
    return noRound && isOffice ? (
      <div className="board-page">
        <Alert type="info" title={t('round.noRound')} />
        <OpenPeriodForm />
      </div>
    ) : (
      <PageError error={board.error} onRetry={() => void board.refetch()} />
    );
  }
  const { period, rows } = board.data;
  const columns: TableColumnsType<Row> = [
    { title: t('round.unit'), dataIndex: ['unit', 'name'], key: 'unit' },
    ...BOARD_COLUMNS.map((column) => ({
      title: boardColumnLabels(t)[column],
      key: column,
      render: (_: unknown, row: Row) => {
        const count = row.counts[column];
        return column === 'late' && count > 0 ? <Tag color="error">{count}</Tag> : count;
      },
    })),
    ...(isOffice
      ? [
          {
            title: '',
            key: 'remind',
            render: (_: unknown, row: Row) =>
              row.counts.late > 0 ? (
                <Button
                  size="small"
                  data-testid={`remind-${row.unit.id}`}
                  disabled={reminded.includes(row.unit.id)}
                  onClick={() => {
                    remind.mutate(
                      { period: period.label, unitId: row.unit.id },
                      {
                        onSuccess: () => {
                          setReminded((ids) => [...ids, row.unit.id]);
                        },
                      },
                    );
                  }}
                >
                  {reminded.includes(row.unit.id) ? t('round.reminded') : t('round.remind')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <div className="board-page">
      <Space wrap className="round-heading">
        <Typography.Title level={4} data-testid="board-title">
          {t('round.boardTitle', { label: formatPeriodLabel(t, period.label) })}
        </Typography.Title>
        <Tag>{t('round.due', { date: period.dueDate ?? '—' })}</Tag>
        <Tag data-testid="board-period-state">{periodStateLabels(t)[period.state]}</Tag>
        {isOffice && period.state === 'open' ? (
          <PublishControl label={period.label} onPublished={() => void board.refetch()} />
        ) : null}
      </Space>
      {isOffice ? <OpenPeriodForm /> : null}
      <BoardTable rows={rows} columns={columns} />
      <ExtensionDecisions requests={extensions.data ?? []} canDecide={isOffice} />
      <Typography.Title level={5}>{t('round.timeliness.title')}</Typography.Title>
      <TimelinessTable />
    </div>
  );
}
