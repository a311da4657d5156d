import type { TaskFigures } from '@duban/core';
import {
  App,
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';

import { useSaveMilestonesMutation } from '../api/figures.ts';
import { useT } from '../i18n/locale-context.tsx';
import { describeError } from '../lib/error-message.ts';

const QUARTERS = ['q1', 'q2', 'q3', 'q4'] as const;
type Percents = Record<(typeof QUARTERS)[number], number>;

const describe = (m: Percents | null, none: string) =>
  m === null ? none : QUARTERS.map((q) => `${q.toUpperCase()} ${m[q]}%`).join(' · ');

/** The office's form: four percentages, rising to 100 unless the year ends short, and why. */
function MilestonesForm({
  taskId,
  figures,
  onClose,
}: {
  taskId: number;
  figures: TaskFigures;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const save = useSaveMilestonesMutation(taskId);
  const [form] = Form.useForm<Percents & { finalBelowTarget: boolean; reason?: string }>();
  const submit = (milestones: (Percents & { finalBelowTarget: boolean }) | null, reason = '') => {
    save.mutate(
      {
        period: figures.period.label,
        milestones,
        ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
      },
      {
        onSuccess: () => {
          void message.success(t('figures.saved'));
          onClose();
        },
        onError: (error) => void message.error(describeError(error, t)),
      },
    );
  };
  return (
    <Modal
      open
      title={t('figures.milestonesTitle')}
      okText={t('figures.save')}
      cancelText={t('figures.cancel')}
      okButtonProps={{ 'data-testid': 'milestones-ok' }}
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => {
        void form.validateFields().then(({ reason, finalBelowTarget, ...percents }) => {
          submit({ ...percents, finalBelowTarget }, reason);
        });
      }}
      footer={(_, { OkBtn, CancelBtn }) => (
        <>
          {figures.milestones === null ? null : (
            <Button
              danger
              data-testid="milestones-clear"
              onClick={() => {
                submit(null, form.getFieldValue('reason') as string | undefined);
              }}
            >
              {t('figures.milestonesClear')}
            </Button>
          )}
          <CancelBtn />
          <OkBtn />
        </>
      )}
    >
      <Typography.Paragraph type="secondary">{t('figures.milestonesHint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        data-testid="milestones-form"
        initialValues={{
          ...(figures.milestones ?? { q1: 25, q2: 50, q3: 75, q4: 100 }),
          finalBelowTarget: figures.milestones !== null && figures.milestones.q4 < 100,
        }}
      >
        <Space wrap>
          {QUARTERS.map((q) => (
            <Form.Item
              key={q}
              name={q}
              label={q.toUpperCase()}
              rules={[{ required: true, message: t('figures.valueRequired') }]}
            >
              <InputNumber min={0} max={100} suffix="%" data-testid={`milestone-${q}`} />
            </Form.Item>
          ))}
        </Space>
        <Form.Item name="finalBelowTarget" valuePropName="checked">
          <Checkbox>{t('figures.milestonesFinalBelow')}</Checkbox>
        </Form.Item>
        <Form.Item name="reason" label={t('figures.reason')} extra={t('figures.reasonHint')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="milestones-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The task's milestones (or time-proportional progress), their log, and the office's editor. */
export function TaskMilestones({ taskId, figures }: { taskId: number; figures: TaskFigures }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  return (
    <div className="task-milestones" data-testid="task-milestones">
      <Space wrap>
        <Typography.Text strong>{t('figures.milestones')}</Typography.Text>
        <Typography.Text data-testid="milestones-value">
          {describe(figures.milestones, t('figures.milestonesNone'))}
        </Typography.Text>
        {figures.canSetMilestones ? (
          <Button
            size="small"
            data-testid="milestones-edit"
            onClick={() => {
              setEditing(true);
            }}
          >
            {t('figures.milestonesEdit')}
          </Button>
        ) : null}
      </Space>
      {figures.milestoneChanges.length > 0 ? (
        <List
          size="small"
          data-testid="milestone-changes"
          dataSource={figures.milestoneChanges}
          renderItem={(change) => (
            <List.Item>
              {t('figures.milestoneChange', {
                before: describe(change.before, t('figures.milestonesNone')),
                after: describe(change.after, t('figures.milestonesNone')),
                author: change.author,
                at: change.at.slice(0, 16).replace('T', ' '),
                reason: change.reason ?? t('figures.noReason'),
              })}
            </List.Item>
          )}
        />
      ) : null}
      {editing ? (
        <MilestonesForm
          taskId={taskId}
          figures={figures}
          onClose={() => {
            setEditing(false);
          }}
        />
      ) : null}
    </div>
  );
}
