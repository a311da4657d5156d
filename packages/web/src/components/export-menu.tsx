import { DownloadOutlined } from '@ant-design/icons';
import type { ReportFormat } from '@duban/core';
import { App, Button, Checkbox, Form, Modal, Radio } from 'antd';
import { useState } from 'react';

import { requestFile } from '../api/client.ts';
import { useT } from '../i18n/locale-context.tsx';
import { describeError } from '../lib/error-message.ts';
import type { UnitRole } from '../lib/ledger-filters.ts';

type Kind = 'report' | 'notice';

export interface ExportScope {
  period: string;
  /** The section the ledger page shows, by ordinal. */
  section?: string | undefined;
  /** The unit the ledger page shows, by name. */
  unit?: string | undefined;
  unitRole: UnitRole;
}

interface ExportChoices {
  format: ReportFormat;
  kind: Kind;
  options: ('scope' | 'behindOnly' | 'summary' | 'figures' | 'lights')[];
}

const FORMATS: ReportFormat[] = ['docx', 'xlsx', 'pdf', 'json'];

/** The URL of `GET /api/periods/:label/report|notice` for these choices. */
export function buildReportUrl(scope: ExportScope, choices: ExportChoices): string {
  const params = new URLSearchParams({ format: choices.format });
  const chosen = new Set(choices.options);
  if (chosen.has('scope')) {
    if (scope.section !== undefined) params.set('section', scope.section);
    if (scope.unit !== undefined) {
      params.set('unit', scope.unit);
      params.set('unitRole', scope.unitRole);
    }
  }
  for (const flag of ['behindOnly', 'summary', 'figures', 'lights'] as const) {
    if (chosen.has(flag)) params.set(flag, 'true');
  }
  return `/api/periods/${encodeURIComponent(scope.period)}/${choices.kind}?${params.toString()}`;
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the download by the time the next task runs.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}

/** 导出: the quarterly report or the draft notice, in a format, with the report's choices. */
export function ExportMenu({ scope }: { scope: ExportScope }) {
  const t = useT();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ExportChoices>();
  const kind = Form.useWatch('kind', form);
  const scoped = scope.section !== undefined || scope.unit !== undefined;

  const download = async () => {
    const choices = await form.validateFields();
    setBusy(true);
    try {
      const { blob, fileName } = await requestFile(buildReportUrl(scope, choices));
      saveBlob(blob, fileName ?? `report.${choices.format}`);
      setOpen(false);
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        icon={<DownloadOutlined />}
        data-testid="export-open"
        onClick={() => {
          setOpen(true);
        }}
      >
        {t('reports.export')}
      </Button>
      <Modal
        open={open}
        title={t('reports.exportTitle')}
        okText={t('reports.download')}
        cancelText={t('reports.cancel')}
        confirmLoading={busy}
        onOk={() => {
          void download();
        }}
        onCancel={() => {
          setOpen(false);
        }}
        destroyOnHidden
      >
        <Form<ExportChoices>
          form={form}
          layout="vertical"
          initialValues={{ format: 'docx', kind: 'report', options: scoped ? ['scope'] : [] }}
        >
          <Form.Item name="kind" label={t('reports.kind')}>
            <Radio.Group
              data-testid="export-kind"
              options={[
                { value: 'report', label: t('reports.kindReport') },
                { value: 'notice', label: t('reports.kindNotice') },
              ]}
              onChange={(event) => {
                if (
                  event.target.value === 'notice' &&
                  !['docx', 'pdf'].includes(form.getFieldValue('format') as string)
                ) {
                  form.setFieldValue('format', 'docx');
                }
              }}
            />
          </Form.Item>
          <Form.Item name="format" label={t('reports.format')}>
            <Radio.Group
              data-testid="export-format"
              options={FORMATS.map((format) => ({
                value: format,
                label: format.toUpperCase(),
                disabled: kind === 'notice' && (format === 'xlsx' || format === 'json'),
              }))}
            />
          </Form.Item>
          <Form.Item name="options" label={t('reports.options')}>
            <Checkbox.Group
              className="export-options"
              options={[
                ...(scoped ? [{ value: 'scope', label: t('reports.scope') }] : []),
                { value: 'behindOnly', label: t('reports.behindOnly') },
                { value: 'summary', label: t('reports.summary') },
                { value: 'figures', label: t('reports.figures') },
                { value: 'lights', label: t('reports.lights') },
              ]}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
