import { DEFAULT_ESCALATION_LADDER, type FindingDto, type LightRules } from '@duban/core';
import {
  App,
  Button,
  Card,
  Empty,
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
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { useCurrentUser } from '../api/current-user.tsx';
import {
  useDismissFindingMutation,
  useFindingsQuery,
  useLightRulesQuery,
  useSaveLightRulesMutation,
} from '../api/figures.ts';
import { LightBadge } from '../components/light-badge.tsx';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { useT } from '../i18n/locale-context.tsx';
import { describeError } from '../lib/error-message.ts';
import { findingKindLabel, lightFullLabel } from '../lib/figure-labels.ts';
import { formatPeriodLabel } from '../lib/format.ts';

function DismissModal({
  finding,
  period,
  onClose,
}: {
  finding: FindingDto;
  period: string;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const dismiss = useDismissFindingMutation();
  const [reason, setReason] = useState('');
  return (
    <Modal
      open
      title={t('figures.dismissTitle')}
      okText={t('figures.dismiss')}
      cancelText={t('figures.cancel')}
      okButtonProps={{ disabled: reason.trim() === '', 'data-testid': 'dismiss-ok' }}
      confirmLoading={dismiss.isPending}
      onCancel={onClose}
      onOk={() => {
        dismiss.mutate(
          {
            period,
            kind: finding.kind,
            tasks: finding.tasks.map((task) => task.no),
            reason: reason.trim(),
          },
          {
            onSuccess: onClose,
            onError: (error) => void message.error(describeError(error, t)),
          },
        );
      }}
    >
      <Typography.Paragraph>{finding.message}</Typography.Paragraph>
      <Input.TextArea
        rows={3}
        maxLength={500}
        placeholder={t('figures.dismissReason')}
        aria-label={t('figures.dismissReason')}
        data-testid="dismiss-reason"
        value={reason}
        onChange={(event) => {
          setReason(event.target.value);
        }}
      />
    </Modal>
  );
}

/** Choose a preset or edit the thresholds of the plan's light rules (admin). */
function LightRulesCard({ plan }: { plan: number }) {
  const t = useT();
  const { message } = App.useApp();
  const query = useLightRulesQuery(plan);
  const save = useSaveLightRulesMutation(plan);
  const [form] = Form.useForm<LightRules>();
  const data = query.data;
  if (data === undefined) return null;
  const ladder = data.rules.escalation ?? DEFAULT_ESCALATION_LADDER;
  return (
    <Card size="small" title={t('figures.rulesTitle')} data-testid="light-rules">
      <Typography.Paragraph type="secondary">
        {data.stored ? t('figures.rulesStored') : t('figures.rulesDefault')} {data.rules.name}
      </Typography.Paragraph>
      <Form<LightRules>
        form={form}
        layout="inline"
        initialValues={{ ...data.rules, escalation: ladder }}
        onFinish={(values) => {
          const escalation = values.escalation ?? ladder;
          save.mutate(
            {
              ...data.rules,
              ...values,
              // A rung keeps its stable action code; a new rung gets one by its place.
              escalation: {
                lights: [...escalation.lights],
                steps: escalation.steps.map((step, i) => ({
                  label: step.label,
                  periods: step.periods,
                  ...(step.lights === undefined ? {} : { lights: [...step.lights] }),
                  action: ladder.steps[i]?.action ?? `step-${i + 1}`,
                })),
              },
            },
            {
              onSuccess: () => void message.success(t('figures.saved')),
              onError: (error) => void message.error(describeError(error, t)),
            },
          );
        }}
      >
        <Form.Item label={t('figures.preset')}>
          <Select
            style={{ minWidth: 280 }}
            placeholder={t('figures.preset')}
            options={data.presets.map((preset, index) => ({ value: index, label: preset.name }))}
            onChange={(index: number) => {
              const preset = data.presets[index];
              if (preset !== undefined) form.setFieldsValue(preset);
            }}
          />
        </Form.Item>
        <Form.Item name="name" label={t('figures.rulesName')}>
          <Input style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="measure" label={t('figures.measure')}>
          <Select
            style={{ width: 140 }}
            options={[
              { value: 'points', label: t('figures.measure.points') },
              { value: 'relative', label: t('figures.measure.relative') },
            ]}
          />
        </Form.Item>
        <Form.Item name="yellowFrom" label={t('figures.yellowFrom')}>
          <InputNumber min={0} max={1} step={0.05} />
        </Form.Item>
        <Form.Item name="redAbove" label={t('figures.redAbove')}>
          <InputNumber min={0} max={1} step={0.05} />
        </Form.Item>
        <div style={{ flexBasis: '100%' }} data-testid="escalation-ladder">
          <Typography.Text strong>{t('figures.ladderTitle')}</Typography.Text>
          <Form.Item name={['escalation', 'lights']} label={t('figures.ladderLights')}>
            <Select
              mode="multiple"
              style={{ minWidth: 200 }}
              options={(['yellow', 'red'] as const).map((light) => ({
                value: light,
                label: lightFullLabel(t, light),
              }))}
            />
          </Form.Item>
          <Form.List name={['escalation', 'steps']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Space key={field.key} align="baseline" data-testid="ladder-step">
                    <Form.Item
                      name={[field.name, 'periods']}
                      label={t('figures.ladderPeriods', { rung: index + 1 })}
                      rules={[{ required: true, message: t('figures.valueRequired') }]}
                    >
                      <InputNumber min={1} max={12} precision={0} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'label']}
                      label={t('figures.ladderAction')}
                      rules={[
                        { required: true, whitespace: true, message: t('figures.metricRequired') },
                      ]}
                    >
                      <Input style={{ width: 160 }} maxLength={40} />
                    </Form.Item>
                    {fields.length > 1 ? (
                      <Button
                        size="small"
                        type="link"
                        onClick={() => {
                          remove(field.name);
                        }}
                      >
                        {t('figures.delete')}
                      </Button>
                    ) : null}
                  </Space>
                ))}
                {fields.length < 6 ? (
                  <Button
                    size="small"
                    onClick={() => {
                      add({ action: '', label: '', periods: fields.length + 2 });
                    }}
                  >
                    {t('figures.ladderAdd')}
                  </Button>
                ) : null}
              </>
            )}
          </Form.List>
        </div>
        <Button htmlType="submit" type="primary" loading={save.isPending}>
          {t('figures.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** 审核发现: the period's findings with links to their tasks, and the 约谈 list. */
export function FindingsPage() {
  const t = useT();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? undefined;
  const showDismissed = params.get('dismissed') === '1';
  const query = useFindingsQuery(period);
  const [dismissing, setDismissing] = useState<FindingDto | undefined>(undefined);
  const view = query.data;
  if (view === undefined) {
    return query.isError ? (
      <PageError
        error={query.error}
        onRetry={() => {
          void query.refetch();
        }}
      />
    ) : (
      <PageLoading />
    );
  }
  const dismissedCount = view.findings.filter((f) => f.dismissal !== null).length;
  const shown = view.findings.filter((f) => showDismissed || f.dismissal === null);
  const isAdmin = user.role === 'admin';
  const taskLink = (id: number) =>
    `/tasks/${id}?${new URLSearchParams({ period: view.period.label }).toString()}`;

  return (
    <div className="findings-page">
      <Space className="findings-heading" wrap>
        <Typography.Title level={3} data-testid="findings-title">
          {t('figures.findingsTitle')}
        </Typography.Title>
        <Select<string>
          aria-label={t('ledger.period')}
          value={view.period.label}
          options={view.plan.periods.map((p) => ({
            value: p.label,
            label: formatPeriodLabel(t, p.label),
          }))}
          onChange={(label) => {
            setParams({ period: label });
          }}
        />
        <Space>
          <Switch
            checked={showDismissed}
            data-testid="show-dismissed"
            onChange={(checked) => {
              const next = new URLSearchParams(params);
              if (checked) next.set('dismissed', '1');
              else next.delete('dismissed');
              setParams(next);
            }}
          />
          {t('figures.showDismissed', { count: dismissedCount })}
        </Space>
      </Space>

      <Card size="small" title={t('figures.escalations')} data-testid="escalations">
        {view.escalations.length === 0 ? (
          <Empty description={t('figures.noEscalations')} />
        ) : (
          <List
            size="small"
            dataSource={view.escalations}
            renderItem={(item) => (
              <List.Item data-testid="escalation-item">
                <Space wrap>
                  <Tag color={item.escalation.action === 'interview' ? 'red' : 'orange'}>
                    {item.escalation.label}
                  </Tag>
                  <LightBadge light={item.light} />
                  <Link to={taskLink(item.task.id)}>
                    {t('figures.taskNo', { no: item.task.no })}
                  </Link>
                  <Typography.Text ellipsis style={{ maxWidth: 480 }}>
                    {item.task.text}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {t('figures.periodsLagging', { periods: item.escalation.periods })}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>

      <List
        className="findings-list"
        data-testid="findings-list"
        locale={{ emptyText: t('figures.noFindings') }}
        dataSource={shown}
        // A new period has a finding per task (126 未报进展): pages keep the light rules in reach.
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        renderItem={(finding) => (
          <List.Item
            data-testid="finding"
            data-kind={finding.kind}
            actions={
              isAdmin && finding.dismissal === null
                ? [
                    <Button
                      key="dismiss"
                      size="small"
                      data-testid="finding-dismiss"
                      onClick={() => {
                        setDismissing(finding);
                      }}
                    >
                      {t('figures.dismiss')}
                    </Button>,
                  ]
                : []
            }
          >
            <Space orientation="vertical" size={2}>
              <Space wrap>
                <Tag color="gold">{findingKindLabel(t, finding.kind)}</Tag>
                {finding.tasks.map((task) => (
                  <Link key={task.id} to={taskLink(task.id)} data-testid="finding-task">
                    {t('figures.taskNo', { no: task.no })}
                  </Link>
                ))}
              </Space>
              <span>{finding.message}</span>
              {finding.dismissal === null ? null : (
                <Typography.Text type="secondary" data-testid="finding-dismissal">
                  {t('figures.dismissedBy', {
                    author: finding.dismissal.author,
                    reason: finding.dismissal.reason,
                  })}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />

      {isAdmin ? <LightRulesCard plan={view.plan.id} /> : null}

      {dismissing === undefined ? null : (
        <DismissModal
          finding={dismissing}
          period={view.period.label}
          onClose={() => {
            setDismissing(undefined);
          }}
        />
      )}
    </div>
  );
}
