import type { ExtensionRequestDto, ExtensionState, RoundTask } from '@duban/core';
import { Alert, Button, Card, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';

import { useDecideExtensionMutation, useRequestExtensionMutation } from '../api/round-extras.ts';
import { useT } from '../i18n/locale-context.tsx';
import type { Translate } from '../i18n/messages.ts';
import { describeError } from '../lib/error-message.ts';

const STATE_COLORS: Record<ExtensionState, string> = {
  pending: 'processing',
  granted: 'success',
  refused: 'error',
};

export function extensionStateLabels(t: Translate): Record<ExtensionState, string> {
  return {
    pending: t('round.extension.state.pending'),
    granted: t('round.extension.state.granted'),
    refused: t('round.extension.state.refused'),
  };
}

function RequestLine({ request }: { request: ExtensionRequestDto }) {
  const t = useT();
  return (
    <div className="round-extension" data-testid={`extension-${request.id}`}>
      <Space wrap>
        <Tag color={STATE_COLORS[request.state]} data-testid={`extension-state-${request.id}`}>
          {extensionStateLabels(t)[request.state]}
        </Tag>
        <span>
          {t('round.extension.summary', {
            unit: request.unit.name,
            date: request.requestedDate,
            reason: request.reason,
          })}
        </span>
        {request.grantedDate === null ? null : (
          <Typography.Text strong>
            {t('round.extension.granted', { date: request.grantedDate })}
          </Typography.Text>
        )}
        {request.decisionReason === null ? null : (
          <Typography.Text type="secondary">
            {t('round.extension.decisionReason', { reason: request.decisionReason })}
          </Typography.Text>
        )}
      </Space>
    </div>
  );
}

/** In a task's card, for its units: their 延期 requests and a form to ask. */
export function TaskExtension({
  task,
  period,
  requests,
  canAsk,
}: {
  task: RoundTask;
  period: string;
  requests: ExtensionRequestDto[];
  canAsk: boolean;
}) {
  const t = useT();
  const ask = useRequestExtensionMutation();
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const mine = requests.filter((request) => request.task.id === task.id);
  const pending = mine.some((request) => request.state === 'pending');
  return (
    <div className="round-task-extensions">
      {mine.map((request) => (
        <RequestLine key={request.id} request={request} />
      ))}
      {canAsk && !pending && !open ? (
        <Button
          size="small"
          data-testid={`extension-open-${task.no}`}
          onClick={() => {
            setOpen(true);
          }}
        >
          {t('round.extension.ask')}
        </Button>
      ) : null}
      {canAsk && open ? (
        <Space wrap>
          <Input
            data-testid={`extension-date-${task.no}`}
            placeholder={t('round.extension.datePlaceholder')}
            style={{ width: 220, maxWidth: '100%' }}
            value={date}
            onChange={(event) => {
              setDate(event.target.value.trim());
            }}
          />
          <Input
            data-testid={`extension-reason-${task.no}`}
            placeholder={t('round.extension.reasonPlaceholder')}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
            }}
          />
          <Button
            type="primary"
            data-testid={`extension-submit-${task.no}`}
            disabled={date === '' || reason.trim() === ''}
            loading={ask.isPending}
            onClick={() => {
              ask.mutate(
                { taskId: task.id, body: { period, requestedDate: date, reason: reason.trim() } },
                {
                  onSuccess: () => {
                    setOpen(false);
                    setDate('');
                    setReason('');
                  },
                },
              );
            }}
          >
            {t('round.confirm')}
          </Button>
        </Space>
      ) : null}
      {ask.isError ? <Alert type="error" title={describeError(ask.error, t)} /> : null}
    </div>
  );
}

function DecisionLine({ request }: { request: ExtensionRequestDto }) {
  const t = useT();
  const decide = useDecideExtensionMutation();
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  return (
    <div className="round-extension-decision">
      <Typography.Text>
        {t('round.extension.task', { no: request.task.no })}{' '}
        {t('round.extension.current', { date: request.currentDueDate ?? '—' })}
      </Typography.Text>
      <RequestLine request={request} />
      <Space wrap>
        <Input
          size="small"
          data-testid={`extension-grant-date-${request.id}`}
          placeholder={request.requestedDate}
          value={date}
          onChange={(event) => {
            setDate(event.target.value.trim());
          }}
        />
        <Button
          size="small"
          type="primary"
          data-testid={`extension-grant-${request.id}`}
          loading={decide.isPending}
          onClick={() => {
            decide.mutate({
              id: request.id,
              body: {
                decision: 'grant',
                ...(date === '' ? {} : { grantedDate: date }),
                ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
              },
            });
          }}
        >
          {t('round.extension.grant')}
        </Button>
        <Input
          size="small"
          data-testid={`extension-refuse-reason-${request.id}`}
          placeholder={t('round.extension.refusePlaceholder')}
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
          }}
        />
        <Button
          size="small"
          danger
          data-testid={`extension-refuse-${request.id}`}
          disabled={reason.trim() === ''}
          loading={decide.isPending}
          onClick={() => {
            decide.mutate({ id: request.id, body: { decision: 'refuse', reason: reason.trim() } });
          }}
        >
          {t('round.extension.refuse')}
        </Button>
      </Space>
      {decide.isError ? <Alert type="error" title={describeError(decide.error, t)} /> : null}
    </div>
  );
}

/** The office's list of pending 延期 requests (leaders read it), with the decided ones below. */
export function ExtensionDecisions({
  requests,
  canDecide,
}: {
  requests: ExtensionRequestDto[];
  canDecide: boolean;
}) {
  const t = useT();
  const pending = requests.filter((request) => request.state === 'pending');
  const decided = requests.filter((request) => request.state !== 'pending');
  return (
    <Card
      size="small"
      data-testid="extension-decisions"
      title={t('round.extension.pendingTitle', { count: pending.length })}
    >
      {pending.length === 0 ? (
        <Typography.Text type="secondary">{t('round.extension.none')}</Typography.Text>
      ) : null}
      {pending.map((request) =>
        canDecide ? (
          <DecisionLine key={request.id} request={request} />
        ) : (
          <RequestLine key={request.id} request={request} />
        ),
      )}
      {decided.map((request) => (
        <RequestLine key={request.id} request={request} />
      ))}
    </Card>
  );
}
