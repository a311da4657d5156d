import type { InstructionDto, RoundTask } from '@duban/core';
import { Alert, Badge, Button, Card, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';

import { useAcknowledgeMutation, useCreateInstructionMutation } from '../api/round-extras.ts';
import { useT } from '../i18n/locale-context.tsx';
import { describeError } from '../lib/error-message.ts';

function AckButton({ instruction }: { instruction: InstructionDto }) {
  const t = useT();
  const ack = useAcknowledgeMutation();
  return (
    <Space wrap>
      <Button
        type="primary"
        size="small"
        data-testid={`ack-${instruction.id}`}
        loading={ack.isPending}
        onClick={() => {
          ack.mutate(instruction.id);
        }}
      >
        {t('round.instruction.acknowledge')}
      </Button>
      {ack.isError ? <Alert type="error" title={describeError(ack.error, t)} /> : null}
    </Space>
  );
}

/** One 批示 with who wrote it and, per unit on the task, whether it acknowledged (已阅). */
function InstructionItem({ instruction }: { instruction: InstructionDto }) {
  const t = useT();
  return (
    <div className="round-instruction" data-testid={`instruction-${instruction.id}`}>
      <Typography.Text strong>{t('round.instruction.label')}</Typography.Text>{' '}
      <Typography.Text data-testid={`instruction-text-${instruction.id}`}>
        {instruction.text}
      </Typography.Text>
      <div className="muted">
        {t('round.instruction.by', {
          who: instruction.author ?? '—',
          at: instruction.createdAt.slice(0, 16).replace('T', ' '),
        })}
      </div>
      <Space wrap size={4}>
        {instruction.units.map((row) => (
          <Tag
            key={row.unit.id}
            color={row.acknowledgedAt === null ? 'warning' : 'success'}
            data-testid={`instruction-ack-${instruction.id}-${row.unit.id}`}
            title={row.acknowledgedBy ?? undefined}
          >
            {row.unit.name}：
            {row.acknowledgedAt === null
              ? t('round.instruction.unread')
              : t('round.instruction.read')}
          </Tag>
        ))}
      </Space>
    </div>
  );
}

/**
 * The 批示 a unit still has to acknowledge, at the top of the round page: prominent until
 * every one is acknowledged, and the one place to acknowledge them (the task's card shows
 * every unit's 已阅/未阅).
 */
export function PendingInstructions({ instructions }: { instructions: InstructionDto[] }) {
  const t = useT();
  const pending = instructions.filter((instruction) => instruction.pendingForMe === true);
  if (pending.length === 0) return null;
  return (
    <Card
      size="small"
      className="round-instructions-pending"
      data-testid="instructions-pending"
      title={
        <Space>
          <span>{t('round.instruction.pendingTitle')}</span>
          <Badge count={pending.length} data-testid="instructions-pending-count" />
        </Space>
      }
    >
      {pending.map((instruction) => (
        <div key={instruction.id} className="round-instruction">
          <Typography.Text type="secondary">
            {t('round.instruction.onTask', { no: instruction.task.no })}
          </Typography.Text>{' '}
          <Typography.Text strong>{instruction.text}</Typography.Text>
          <div className="muted">
            {t('round.instruction.by', {
              who: instruction.author ?? '—',
              at: instruction.createdAt.slice(0, 16).replace('T', ' '),
            })}
          </div>
          <AckButton instruction={instruction} />
        </div>
      ))}
    </Card>
  );
}

/** A task's 批示 inside its card; leaders and the office can write one. */
export function TaskInstructions({
  task,
  period,
  instructions,
  canWrite,
}: {
  task: RoundTask;
  period: string;
  instructions: InstructionDto[];
  canWrite: boolean;
}) {
  const t = useT();
  const create = useCreateInstructionMutation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const mine = instructions.filter((instruction) => instruction.task.id === task.id);
  return (
    <div className="round-task-instructions">
      {mine.map((instruction) => (
        <InstructionItem key={instruction.id} instruction={instruction} />
      ))}
      {canWrite && !open ? (
        <Button
          size="small"
          data-testid={`instruction-open-${task.no}`}
          onClick={() => {
            setOpen(true);
          }}
        >
          {t('round.instruction.write')}
        </Button>
      ) : null}
      {canWrite && open ? (
        <Space.Compact className="round-reason">
          <Input.TextArea
            data-testid={`instruction-input-${task.no}`}
            placeholder={t('round.instruction.placeholder')}
            autoSize
            value={text}
            onChange={(event) => {
              setText(event.target.value);
            }}
          />
          <Button
            type="primary"
            data-testid={`instruction-submit-${task.no}`}
            disabled={text.trim() === ''}
            loading={create.isPending}
            onClick={() => {
              create.mutate(
                { taskId: task.id, body: { period, text: text.trim() } },
                {
                  onSuccess: () => {
                    setText('');
                    setOpen(false);
                  },
                },
              );
            }}
          >
            {t('round.confirm')}
          </Button>
        </Space.Compact>
      ) : null}
      {create.isError ? <Alert type="error" title={describeError(create.error, t)} /> : null}
    </div>
  );
}
