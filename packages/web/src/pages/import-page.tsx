import { InboxOutlined, WarningOutlined } from '@ant-design/icons';
import type { ImportPreview, ImportPreviewTask, ImportResult, ImportWarning } from '@duban/core';
import {
  Alert,
  Button,
  Checkbox,
  Input,
  Progress,
  Result,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';

import { useCurrentUser } from '../api/current-user.tsx';
import { uploadImport, useConfirmImportMutation, useImportPreviewQuery } from '../api/imports.ts';
import { PageLoading } from '../components/page-state.tsx';
import { useT } from '../i18n/locale-context.tsx';
import { describeError } from '../lib/error-message.ts';

type EditableField = 'no' | 'text' | 'lead' | 'co' | 'progress';

const UNIT_SEPARATOR = '、';

/** Literal keys, so the locale test sees each one in use. */
function columnTitle(field: EditableField, t: ReturnType<typeof useT>): string {
  switch (field) {
    case 'no':
      return t('import.col.no');
    case 'text':
      return t('import.col.text');
    case 'lead':
      return t('import.col.lead');
    case 'co':
      return t('import.col.co');
    case 'progress':
      return t('import.col.progress');
  }
}

function cellValue(task: ImportPreviewTask, field: EditableField): string {
  return field === 'lead' || field === 'co' ? task[field].join(UNIT_SEPARATOR) : task[field];
}

/** Upload with progress, then the preview at /import/:id. */
function UploadStep() {
  const t = useT();
  const navigate = useNavigate();
  const [period, setPeriod] = useState('');
  const [percent, setPercent] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const send = (file: File) => {
    setError(undefined);
    setPercent(0);
    uploadImport(file, { period: period.trim() || undefined }, setPercent).then(
      (preview) => {
        setPercent(undefined);
        // The chosen file stays in memory for a later sheet choice.
        pendingFiles.set(preview.id, file);
        void navigate(`/import/${String(preview.id)}`);
      },
      (failure: unknown) => {
        setPercent(undefined);
        setError(describeError(failure, t));
      },
    );
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('import.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('import.intro')}</Typography.Paragraph>
      <Space>
        <span>{t('import.period')}</span>
        <Input
          data-testid="import-period"
          placeholder={t('import.periodPlaceholder')}
          value={period}
          onChange={(event) => {
            setPeriod(event.target.value);
          }}
          // Wide enough for the whole hint (“如 2023Q3（留空按标题）”), narrower on a phone.
          style={{ width: 260, maxWidth: '70vw' }}
        />
      </Space>
      <Upload.Dragger
        accept=".xlsx,.docx,.csv,.txt,.json"
        multiple={false}
        showUploadList={false}
        disabled={percent !== undefined}
        beforeUpload={(file) => {
          send(file);
          // The request is ours (XMLHttpRequest with progress), not antd's.
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.drop')}</p>
        <p className="ant-upload-hint">{t('import.formats')}</p>
      </Upload.Dragger>
      {percent === undefined ? null : (
        <Progress data-testid="import-progress" percent={percent} status="active" />
      )}
      {error === undefined ? null : (
        <Alert data-testid="import-error" type="error" showIcon title={error} />
      )}
    </Space>
  );
}

/** Files uploaded in this tab, by preview id: choosing another sheet sends the file again. */
const pendingFiles = new Map<number, File>();

function WarningMark({
  warnings,
  testId = 'import-cell-warning',
}: {
  warnings: ImportWarning[];
  testId?: string;
}) {
  if (warnings.length === 0) return null;
  return (
    <Tooltip title={warnings.map((warning) => warning.message).join('；')}>
      <WarningOutlined className="import-warning-icon" data-testid={testId} />
    </Tooltip>
  );
}

/** A column's title with the file-level notes about that column (found under another name …). */
function ColumnTitle({ field, warnings }: { field: EditableField; warnings: ImportWarning[] }) {
  const t = useT();
  const own = warnings.filter((warning) => warning.field === field);
  return (
    <span data-testid={`import-col-${field}`} data-warned={own.length > 0 ? 'true' : undefined}>
      {columnTitle(field, t)} <WarningMark warnings={own} testId="import-column-warning" />
    </span>
  );
}

/** A repeated 序号: the row is kept under a provisional number until renumbered or dropped. */
function isRepeated(task: ImportPreviewTask): boolean {
  return task.warnings.some((warning) => warning.code === 'duplicate-number');
}

function EditableCell({
  task,
  field,
  edited,
  onEdit,
}: {
  task: ImportPreviewTask;
  field: EditableField;
  edited: string | undefined;
  onEdit: (value: string) => void;
}) {
  const warnings = task.warnings.filter((warning) => warning.field === field);
  const value = edited ?? cellValue(task, field);
  return (
    <div
      className={warnings.length > 0 && edited === undefined ? 'import-cell-warned' : undefined}
      data-testid={`import-cell-${task.no}-${field}`}
      data-warned={warnings.length > 0 && edited === undefined ? 'true' : undefined}
    >
      <WarningMark warnings={edited === undefined ? warnings : []} />
      <Typography.Paragraph
        style={{ margin: 0, whiteSpace: 'pre-wrap' }}
        ellipsis={field === 'progress' || field === 'text' ? { rows: 3, expandable: true } : false}
        editable={{ onChange: onEdit, triggerType: ['icon'] }}
      >
        {value}
      </Typography.Paragraph>
    </div>
  );
}

function MatchTag({ task }: { task: ImportPreviewTask }) {
  const t = useT();
  const { match } = task;
  if (match.kind === 'new') return <Tag color="blue">{t('import.match.new')}</Tag>;
  if (match.kind === 'unchanged') return <Tag color="green">{t('import.match.unchanged')}</Tag>;
  return (
    <Tooltip title={t('import.match.was', { no: match.existingNo ?? '' })}>
      <Tag color="orange">{t('import.match.changed')}</Tag>
    </Tooltip>
  );
}

function ImportResultView({ result }: { result: ImportResult }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="success"
      data-testid="import-result"
      title={t('import.done', { period: result.period })}
      subTitle={t('import.doneDetail', {
        matched: result.matched,
        created: result.created,
        changed: result.changed,
        missing: result.missing.length,
      })}
      extra={
        <Button
          type="primary"
          onClick={() => {
            void navigate(`/?period=${result.period}`);
          }}
        >
          {t('import.toLedger')}
        </Button>
      }
    />
  );
}

function PreviewStep({ preview }: { preview: ImportPreview }) {
  const t = useT();
  const navigate = useNavigate();
  const confirm = useConfirmImportMutation(preview.id);
  const [accepted, setAccepted] = useState<Set<string>>(new Set());
  const [edits, setEdits] = useState<Map<string, string>>(new Map());
  const [dropped, setDropped] = useState<Set<string>>(new Set());
  const [reading, setReading] = useState<number | undefined>(undefined);
  const [sheetError, setSheetError] = useState<string | undefined>(undefined);
  // After a reload the file is no longer in memory: the person picks it again for the sheet.
  const [repickSheet, setRepickSheet] = useState<string | undefined>(undefined);
  const filePicker = useRef<HTMLInputElement>(null);
  const key = (no: string, field: EditableField) => `${no}\u0000${field}`;

  if (confirm.data !== undefined) return <ImportResultView result={confirm.data} />;

  const readSheet = (file: File, sheet: string) => {
    setSheetError(undefined);
    setReading(0);
    uploadImport(file, { sheet, period: preview.period }, setReading).then(
      (next) => {
        setReading(undefined);
        pendingFiles.set(next.id, file);
        void navigate(`/import/${String(next.id)}`);
      },
      (failure: unknown) => {
        setReading(undefined);
        setSheetError(describeError(failure, t));
      },
    );
  };

  const chooseSheet = (sheet: string) => {
    const file = pendingFiles.get(preview.id);
    if (file !== undefined) {
      readSheet(file, sheet);
      return;
    }
    setRepickSheet(sheet);
    filePicker.current?.click();
  };

  const onRepicked = (file: File | undefined) => {
    const sheet = repickSheet;
    if (file === undefined || sheet === undefined) return;
    if (file.name !== preview.fileName) {
      setSheetError(t('import.sheetWrongFile', { name: preview.fileName }));
      return;
    }
    setRepickSheet(undefined);
    readSheet(file, sheet);
  };

  const column = (field: EditableField, width?: number) => ({
    title: <ColumnTitle field={field} warnings={preview.warnings} />,
    key: field,
    width,
    render: (_: unknown, task: ImportPreviewTask) => (
      <EditableCell
        task={task}
        field={field}
        edited={edits.get(key(task.no, field))}
        onEdit={(value) => {
          setEdits((current) => new Map(current).set(key(task.no, field), value));
        }}
      />
    ),
  });
  const columns: TableColumnsType<ImportPreviewTask> = [
    {
      title: <ColumnTitle field="no" warnings={preview.warnings} />,
      dataIndex: 'no',
      width: 110,
      render: (no: string, task) =>
        isRepeated(task) ? (
          <Space orientation="vertical" size={2} data-testid={`import-row-${no}`}>
            {dropped.has(no) ? (
              <Typography.Text delete>{no}</Typography.Text>
            ) : (
              <EditableCell
                task={task}
                field="no"
                edited={edits.get(key(no, 'no'))}
                onEdit={(value) => {
                  setEdits((current) => new Map(current).set(key(no, 'no'), value));
                }}
              />
            )}
            <Button
              size="small"
              data-testid={`import-drop-${no}`}
              onClick={() => {
                const next = new Set(dropped);
                if (next.has(no)) next.delete(no);
                else next.add(no);
                setDropped(next);
              }}
            >
              {dropped.has(no) ? t('import.undoDrop') : t('import.dropRow')}
            </Button>
          </Space>
        ) : (
          <span data-testid={`import-row-${no}`}>
            {no} <WarningMark warnings={task.warnings.filter((w) => w.field === 'no')} />
          </span>
        ),
    },
    column('text'),
    column('lead', 140),
    column('co', 160),
    column('progress'),
    {
      title: t('import.col.match'),
      key: 'match',
      width: 90,
      render: (_: unknown, task) => <MatchTag task={task} />,
    },
  ];

  const submit = () => {
    const cells = [...edits.entries()]
      .map(([cellKey, value]) => {
        const [no = '', field = 'text'] = cellKey.split('\u0000');
        return { no, field: field as EditableField, value }; // keys are built by key() above
      })
      .filter((cell) => !dropped.has(cell.no));
    confirm.mutate({
      acceptUnits: preview.unitProposals
        .filter((proposal) => accepted.has(proposal.name))
        .map((proposal) => ({ name: proposal.name, unitId: proposal.unit.id })),
      cells,
      ...(dropped.size === 0 ? {} : { dropTasks: [...dropped] }),
    });
  };

  const { match } = preview;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4}>{preview.title}</Typography.Title>
      <Space wrap>
        <span>{t('import.file', { name: preview.fileName })}</span>
        <Tag>{preview.period}</Tag>
        {preview.sheets.length > 1 ? (
          <Select
            data-testid="import-sheet"
            value={preview.sheet ?? undefined}
            style={{ minWidth: 160 }}
            onChange={chooseSheet}
            disabled={reading !== undefined}
            options={preview.sheets.map((sheet) => ({
              value: sheet.name,
              label: sheet.hasLedger ? sheet.name : t('import.sheetNoLedger', { name: sheet.name }),
            }))}
          />
        ) : null}
      </Space>
      <input
        ref={filePicker}
        type="file"
        accept=".xlsx"
        hidden
        data-testid="import-sheet-file"
        onChange={(event) => {
          onRepicked(event.target.files?.[0]);
          event.target.value = '';
        }}
      />
      {repickSheet === undefined ? null : (
        <Alert
          data-testid="import-sheet-repick"
          type="info"
          showIcon
          title={t('import.sheetRepick', { name: preview.fileName, sheet: repickSheet })}
        />
      )}
      {reading === undefined ? null : <Progress percent={reading} status="active" />}
      {sheetError === undefined ? null : (
        <Alert data-testid="import-sheet-error" type="error" showIcon title={sheetError} />
      )}
      <Space wrap data-testid="import-match">
        <Tag color="green" data-testid="import-matched">
          {t('import.matched', { count: match.matched })}
        </Tag>
        <Tag color="orange">{t('import.changed', { count: match.changed })}</Tag>
        <Tag color="blue">{t('import.new', { count: match.new })}</Tag>
        <Tooltip title={match.missing.join('、')}>
          <Tag color={match.missing.length > 0 ? 'red' : undefined}>
            {t('import.missing', { count: match.missing.length })}
          </Tag>
        </Tooltip>
      </Space>
      {preview.periodExists ? (
        <Alert
          type="warning"
          showIcon
          title={t('import.periodExists', { period: preview.period })}
        />
      ) : null}
      {preview.warnings.length > 0 ? (
        <Alert
          type="info"
          showIcon
          title={t('import.fileWarnings')}
          description={
            <ul className="import-file-warnings">
              {preview.warnings.map((warning, index) => (
                <li key={index}>{warning.message}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {preview.unitProposals.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('import.unitProposals')}
          description={
            <Space orientation="vertical">
              {preview.unitProposals.map((proposal) => (
                <Checkbox
                  key={proposal.name}
                  data-testid={`import-accept-${proposal.name}`}
                  checked={accepted.has(proposal.name)}
                  onChange={(event) => {
                    const next = new Set(accepted);
                    if (event.target.checked) next.add(proposal.name);
                    else next.delete(proposal.name);
                    setAccepted(next);
                  }}
                >
                  {t('import.unitProposal', { name: proposal.name, unit: proposal.unit.name })}
                </Checkbox>
              ))}
            </Space>
          }
        />
      ) : null}
      <Table<ImportPreviewTask>
        data-testid="import-table"
        rowKey="no"
        size="small"
        columns={columns}
        dataSource={preview.tasks}
        pagination={{ defaultPageSize: 50, showSizeChanger: true }}
        scroll={{ x: 900 }}
      />
      {confirm.error === null ? null : (
        <Alert
          data-testid="import-confirm-error"
          type="error"
          showIcon
          title={describeError(confirm.error, t)}
        />
      )}
      <Space>
        <Button
          type="primary"
          data-testid="import-confirm"
          loading={confirm.isPending}
          onClick={submit}
        >
          {t('import.confirm', { count: preview.tasks.length - dropped.size })}
        </Button>
        <Button
          onClick={() => {
            void navigate('/import');
          }}
        >
          {t('import.again')}
        </Button>
      </Space>
    </Space>
  );
}

function PreviewLoader({ id }: { id: number }) {
  const t = useT();
  const query = useImportPreviewQuery(id);
  if (query.isPending) return <PageLoading />;
  if (query.isError) {
    return (
      <Alert
        data-testid="import-error"
        type="error"
        showIcon
        title={describeError(query.error, t)}
      />
    );
  }
  return <PreviewStep key={query.data.id} preview={query.data} />;
}

/** 导入: upload a ledger file, review and correct the preview, confirm (administrators). */
export function ImportPage() {
  const t = useT();
  const user = useCurrentUser();
  const { id } = useParams();
  if (user.role !== 'admin') {
    return <Alert type="error" showIcon title={t('errors.forbidden')} />;
  }
  const previewId = id === undefined ? undefined : Number(id);
  return (
    <div className="import-page">
      {previewId === undefined || !Number.isInteger(previewId) ? (
        <UploadStep />
      ) : (
        <PreviewLoader id={previewId} />
      )}
    </div>
  );
}
