import type { AssessmentDto, FigureDto, SaveFigureBody, TaskFigures } from '@duban/core';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { Suspense, lazy, useState } from 'react';

import {
  useDeleteFigureMutation,
  useSaveAssessmentMutation,
  useSaveFigureMutation,
  useTaskFiguresQuery,
} from '../api/figures.ts';
import { useT } from '../i18n/locale-context.tsx';
import { describeError } from '../lib/error-message.ts';
import {
  assessorLabel,
  basisLabel,
  boundLabel,
  confidenceLabel,
  figureKindLabel,
  findingKindLabel,
  originLabel,
  verdictLabel,
} from '../lib/figure-labels.ts';
import { LightBadge } from './light-badge.tsx';
import { PageLoading } from './page-state.tsx';
import { ProgressBar, TargetProgressBars } from './target-progress-bars.tsx';
import { TaskMilestones } from './task-milestones.tsx';

// ECharts is large: it loads with the chart, not with the drawer.
const TaskFiguresChart = lazy(() =>
  import('./task-figures-chart.tsx').then((module) => ({ default: module.TaskFiguresChart })),
);

interface EditTarget {
  figure?: FigureDto;
  kind: FigureDto['kind'];
}

/** Confirm, correct or add: one form. A target's change asks for a reason. */
function FigureForm({
  edit,
  period,
  saving,
  onSave,
  onCancel,
}: {
  edit: EditTarget;
  period: string;
  saving: boolean;
  onSave: (body: SaveFigureBody) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{
    kind: FigureDto['kind'];
    metric: string;
    value: number;
    unit: string;
    bound?: NonNullable<FigureDto['bound']>;
    reason?: string;
  }>();
  const [kind, setKind] = useState(edit.kind);
  return (
    <Modal
      open
      title={edit.figure === undefined ? t('figures.add') : t('figures.correct')}
      okText={t('figures.save')}
      cancelText={t('figures.cancel')}
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => {
        void form.validateFields().then((values) => {
          onSave({
            period,
            kind: values.kind,
            metric: values.metric,
            value: values.value,
            unit: values.unit,
            ...(values.kind === 'target' ? { bound: values.bound ?? 'min' } : {}),
            source: edit.figure?.source ?? '',
            origin: edit.figure === undefined ? 'manual' : 'corrected',
            ...(values.reason === undefined || values.reason === ''
              ? {}
              : { reason: values.reason }),
          });
        });
      }}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="figure-form"
        initialValues={{
          kind: edit.kind,
          metric: edit.figure?.metric ?? '',
          value: edit.figure?.value,
          unit: edit.figure?.unit ?? '',
          bound: edit.figure?.bound ?? 'min',
        }}
      >
        <Form.Item name="kind" label={t('figures.kind')}>
          <Select
            disabled={edit.figure !== undefined}
            onChange={setKind}
            options={(['target', 'actual', 'forecast'] as const).map((k) => ({
              value: k,
              label: figureKindLabel(t, k),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="metric"
          label={t('figures.metric')}
          rules={[{ required: true, whitespace: true, message: t('figures.metricRequired') }]}
        >
          <Input disabled={edit.figure !== undefined} />
        </Form.Item>
        <Space>
          <Form.Item
            name="value"
            label={t('figures.value')}
            rules={[{ required: true, message: t('figures.valueRequired') }]}
          >
            <InputNumber data-testid="figure-value" />
          </Form.Item>
          <Form.Item name="unit" label={t('figures.unit')}>
            <Input style={{ width: 96 }} />
          </Form.Item>
          {kind === 'target' ? (
            <Form.Item name="bound" label={t('figures.boundLabel')}>
              <Select
                style={{ width: 120 }}
                options={(['min', 'max', 'exact'] as const).map((b) => ({
                  value: b,
                  label: boundLabel(t, b),
                }))}
              />
            </Form.Item>
          ) : null}
        </Space>
        {kind === 'target' ? (
          <Form.Item name="reason" label={t('figures.reason')} extra={t('figures.reasonHint')}>
            <Input.TextArea rows={2} maxLength={500} data-testid="figure-reason" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/**
 * Deleting a figure people stored: the text's figure applies again. A target's deletion asks
 * for a reason (required once a period of the plan is published) and is logged.
 */
function DeleteFigureModal({
  taskId,
  period,
  figure,
  onClose,
}: {
  taskId: number;
  period: string;
  figure: FigureDto;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const remove = useDeleteFigureMutation(taskId);
  const [reason, setReason] = useState('');
  return (
    <Modal
      open
      title={t('figures.deleteTitle')}
      okText={t('figures.delete')}
      cancelText={t('figures.cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'figure-delete-ok' }}
      confirmLoading={remove.isPending}
      onCancel={onClose}
      onOk={() => {
        remove.mutate(
          {
            figureId: figure.id ?? 0,
            period,
            ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
          },
          {
            onSuccess: () => {
              void message.success(t('figures.deleted'));
              onClose();
            },
            onError: (error) => void message.error(describeError(error, t)),
          },
        );
      }}
    >
      <Typography.Paragraph>
        {t('figures.deleteConfirm', {
          figure: `${figure.metric} ${figure.value.toLocaleString()}${figure.unit}`,
        })}
      </Typography.Paragraph>
      {figure.kind === 'target' ? (
        <Input.TextArea
          rows={2}
          maxLength={500}
          placeholder={t('figures.reasonHint')}
          aria-label={t('figures.reason')}
          data-testid="figure-delete-reason"
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
          }}
        />
      ) : null}
    </Modal>
  );
}

function FigureList({
  title,
  figures,
  canEdit,
  deletable,
  onConfirm,
  onCorrect,
  onDelete,
}: {
  title: string;
  figures: FigureDto[];
  canEdit: boolean;
  deletable: ReadonlySet<number>;
  onConfirm: (figure: FigureDto) => void;
  onCorrect: (figure: FigureDto) => void;
  onDelete: (figure: FigureDto) => void;
}) {
  const t = useT();
  return (
    <List
      size="small"
      header={<Typography.Text strong>{title}</Typography.Text>}
      locale={{ emptyText: t('figures.none') }}
      dataSource={figures}
      renderItem={(figure) => (
        <List.Item
          data-testid={`figure-${figure.kind}`}
          data-origin={figure.origin}
          actions={
            canEdit
              ? [
                  figure.origin === 'extracted' ? (
                    <Button
                      key="confirm"
                      size="small"
                      data-testid="figure-confirm"
                      onClick={() => {
                        onConfirm(figure);
                      }}
                    >
                      {t('figures.confirm')}
                    </Button>
                  ) : null,
                  <Button
                    key="correct"
                    size="small"
                    type="link"
                    onClick={() => {
                      onCorrect(figure);
                    }}
                  >
                    {t('figures.correct')}
                  </Button>,
                  figure.id !== null && deletable.has(figure.id) ? (
                    <Button
                      key="delete"
                      size="small"
                      type="link"
                      danger
                      data-testid="figure-delete"
                      onClick={() => {
                        onDelete(figure);
                      }}
                    >
                      {t('figures.delete')}
                    </Button>
                  ) : null,
                ].filter((action) => action !== null)
              : []
          }
        >
          <Space wrap>
            <span>{figure.metric}</span>
            <Typography.Text strong>
              {figure.bound === null ? '' : `${boundLabel(t, figure.bound)} `}
              {figure.value.toLocaleString()}
              {figure.unit}
            </Typography.Text>
            <Tag color={figure.origin === 'extracted' ? 'default' : 'blue'}>
              {originLabel(t, figure.origin)}
            </Tag>
          </Space>
        </List.Item>
      )}
    />
  );
}

/** The unit's forecast disagrees with the computed light: both are shown. */
function disagrees(figures: TaskFigures): boolean {
  const unit = figures.assessments.find((a) => a.by === 'unit');
  if (unit?.canComplete === null || unit === undefined || figures.status.basis !== 'figures') {
    return false;
  }
  const lagging = figures.status.light === 'yellow' || figures.status.light === 'red';
  return unit.canComplete ? lagging : !lagging;
}

function AssessmentForm({ taskId, figures }: { taskId: number; figures: TaskFigures }) {
  const t = useT();
  const { message } = App.useApp();
  const save = useSaveAssessmentMutation(taskId);
  const [form] = Form.useForm<{
    verdict: AssessmentDto['verdict'];
    canComplete: boolean;
    confidence?: NonNullable<AssessmentDto['confidence']>;
  }>();
  return (
    <Form
      form={form}
      layout="inline"
      data-testid="assessment-form"
      initialValues={{ verdict: 'on-track', canComplete: true }}
      onFinish={(values) => {
        save.mutate(
          {
            period: figures.period.label,
            verdict: values.verdict,
            canComplete: values.canComplete,
            ...(values.confidence === undefined ? {} : { confidence: values.confidence }),
          },
          {
            onSuccess: () => void message.success(t('figures.saved')),
            onError: (error) => void message.error(describeError(error, t)),
          },
        );
      }}
    >
      <Form.Item name="verdict" label={t('figures.verdictLabel')}>
        <Select
          style={{ width: 120 }}
          options={(['done', 'on-track', 'behind', 'far-behind'] as const).map((value) => ({
            value,
            label: verdictLabel(t, value),
          }))}
        />
      </Form.Item>
      <Form.Item name="canComplete" label={t('figures.canComplete')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="confidence" label={t('figures.confidenceLabel')}>
        <Select
          allowClear
          style={{ width: 96 }}
          options={(['high', 'medium', 'low'] as const).map((value) => ({
            value,
            label: confidenceLabel(t, value),
          }))}
        />
      </Form.Item>
      <Button htmlType="submit" loading={save.isPending}>
        {t('figures.saveAssessment')}
      </Button>
    </Form>
  );
}

/** A task's figures, status, forecasts, target changes and findings, in the task drawer. */
export function TaskFiguresPanel({ taskId, period }: { taskId: number; period: string }) {
  const t = useT();
  const { message } = App.useApp();
  const query = useTaskFiguresQuery(taskId, period);
  const save = useSaveFigureMutation(taskId);
  const [edit, setEdit] = useState<EditTarget | undefined>(undefined);
  const [deleting, setDeleting] = useState<FigureDto | undefined>(undefined);
  const figures = query.data;
  if (figures === undefined) return query.isError ? null : <PageLoading />;

  const submit = (body: SaveFigureBody) => {
    save.mutate(body, {
      onSuccess: () => {
        setEdit(undefined);
        void message.success(t('figures.saved'));
      },
      onError: (error) => void message.error(describeError(error, t)),
    });
  };
  const confirm = (figure: FigureDto) => {
    submit({
      period: figures.period.label,
      kind: figure.kind,
      metric: figure.metric,
      value: figure.value,
      unit: figure.unit,
      ...(figure.bound === null ? {} : { bound: figure.bound }),
      source: figure.source,
      origin: 'confirmed',
    });
  };
  const correct = (figure: FigureDto) => {
    setEdit({ figure, kind: figure.kind });
  };
  const unitView = figures.assessments.find((a) => a.by === 'unit');
  const deletable = new Set(figures.deletableFigureIds);

  return (
    <section className="task-figures" data-testid="task-figures">
      <Typography.Title level={5}>{t('figures.title')}</Typography.Title>
      <Space wrap>
        <LightBadge light={figures.status.light} />
        <Typography.Text type="secondary">{basisLabel(t, figures.status.basis)}</Typography.Text>
        {figures.escalation === null ? null : (
          <Tag color="volcano" data-testid="task-escalation">
            {t('figures.escalated', {
              label: figures.escalation.label,
              periods: figures.escalation.periods,
            })}
          </Tag>
        )}
      </Space>
      {figures.targetProgress.length > 0 ? (
        <TargetProgressBars targets={figures.targetProgress} />
      ) : (
        <ProgressBar completion={figures.status.completion} expected={figures.status.expected} />
      )}
      <TaskMilestones taskId={taskId} figures={figures} />
      {disagrees(figures) && unitView !== undefined ? (
        <Alert
          type="warning"
          showIcon
          data-testid="forecast-disagrees"
          title={t('figures.disagrees', {
            forecast: unitView.canComplete === true ? t('figures.canYes') : t('figures.canNo'),
          })}
        />
      ) : null}
      <FigureList
        title={t('figures.targets')}
        figures={figures.targets}
        canEdit={figures.canEdit}
        deletable={deletable}
        onConfirm={confirm}
        onCorrect={correct}
        onDelete={setDeleting}
      />
      <FigureList
        title={t('figures.actuals')}
        figures={figures.actuals}
        canEdit={figures.canEdit}
        deletable={deletable}
        onConfirm={confirm}
        onCorrect={correct}
        onDelete={setDeleting}
      />
      {figures.forecasts.length > 0 ? (
        <FigureList
          title={t('figures.forecasts')}
          figures={figures.forecasts}
          canEdit={figures.canEdit}
          deletable={deletable}
          onConfirm={confirm}
          onCorrect={correct}
          onDelete={setDeleting}
        />
      ) : null}
      {figures.canEdit ? (
        <Button
          data-testid="figure-add"
          onClick={() => {
            setEdit({ kind: 'actual' });
          }}
        >
          {t('figures.add')}
        </Button>
      ) : null}

      {figures.assessments.length > 0 ? (
        <Descriptions size="small" column={1} title={t('figures.assessments')}>
          {figures.assessments.map((a) => (
            <Descriptions.Item key={a.by} label={assessorLabel(t, a.by)}>
              {verdictLabel(t, a.verdict)}
              {a.canComplete === null
                ? ''
                : ` · ${a.canComplete ? t('figures.canYes') : t('figures.canNo')}`}
              {a.confidence === null ? '' : ` · ${confidenceLabel(t, a.confidence)}`}
              {` · ${a.author}`}
            </Descriptions.Item>
          ))}
        </Descriptions>
      ) : null}
      {figures.canEdit ? <AssessmentForm taskId={taskId} figures={figures} /> : null}

      {figures.targetChanges.length > 0 ? (
        <List
          size="small"
          data-testid="target-changes"
          header={<Typography.Text strong>{t('figures.targetChanges')}</Typography.Text>}
          dataSource={figures.targetChanges}
          renderItem={(change) => (
            <List.Item>
              {t('figures.targetChange', {
                metric: change.metric,
                before:
                  change.before === null ? '—' : `${change.before.value}${change.before.unit}`,
                after:
                  change.after === null
                    ? t('figures.targetDeleted')
                    : `${change.after.value}${change.after.unit}`,
                author: change.author,
                at: change.at.slice(0, 16).replace('T', ' '),
                reason: change.reason ?? t('figures.noReason'),
              })}
            </List.Item>
          )}
        />
      ) : null}

      {figures.findings.length > 0 ? (
        <List
          size="small"
          data-testid="task-findings"
          header={<Typography.Text strong>{t('figures.findings')}</Typography.Text>}
          dataSource={figures.findings}
          renderItem={(finding) => (
            <List.Item>
              <Tag>{findingKindLabel(t, finding.kind)}</Tag> {finding.message}
              {finding.dismissal === null ? null : (
                <Typography.Text type="secondary">
                  {' '}
                  {t('figures.dismissedBy', {
                    author: finding.dismissal.author,
                    reason: finding.dismissal.reason,
                  })}
                </Typography.Text>
              )}
            </List.Item>
          )}
        />
      ) : null}

      {figures.quarters.length > 0 ? (
        <Suspense fallback={null}>
          <TaskFiguresChart quarters={figures.quarters} />
        </Suspense>
      ) : null}

      {deleting === undefined ? null : (
        <DeleteFigureModal
          taskId={taskId}
          period={figures.period.label}
          figure={deleting}
          onClose={() => {
            setDeleting(undefined);
          }}
        />
      )}
      {edit === undefined ? null : (
        <FigureForm
          edit={edit}
          period={figures.period.label}
          saving={save.isPending}
          onSave={submit}
          onCancel={() => {
            setEdit(undefined);
          }}
        />
      )}
    </section>
  );
}
