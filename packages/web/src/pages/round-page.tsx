import {
  ROUND_PAGE_MAX,
  ROUND_STATES,
  type Role,
  type RoundAction,
  type RoundEntryDto,
  type RoundFilter,
  type RoundState,
  type RoundTask,
} from '@duban/core';
import {
  Alert,
  Button,
  Card,
  Empty,
  Input,
  Pagination,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { useCurrentUser } from '../api/current-user.tsx';
import {
  partKey,
  ROUND_PAGE_SIZE,
  useRoundPageQuery,
  useTransitionMutation,
  type RoundListParams,
} from '../api/round.ts';
import { useMyNotificationsQuery } from '../api/notifications.ts';
import { useExtensionsQuery, useInstructionsQuery } from '../api/round-extras.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { TaskExtension } from '../components/round-extensions.tsx';
import { PendingInstructions, TaskInstructions } from '../components/round-instructions.tsx';
import { ProgressEditor } from '../components/progress-editor.tsx';
import { useDebouncedValue } from '../hooks/use-debounced-value.ts';
import { useT } from '../i18n/locale-context.tsx';
import { describeError } from '../lib/error-message.ts';
import { periodStateLabels, roundActionLabels, roundStateLabels } from '../lib/round-labels.ts';

export const STATE_COLORS: Record<RoundState, string> = {
  not_started: 'default',
  draft: 'processing',
  submitted: 'blue',
  returned: 'error',
  approved: 'cyan',
  accepted: 'success',
};

type StepAction = Exclude<RoundAction, 'save'>;
const STEP_ACTIONS: readonly StepAction[] = ['submit', 'approve', 'accept', 'return', 'reopen'];

function EntryCard({
  task,
  entry,
  period,
  onAct,
}: {
  task: RoundTask;
  entry: RoundEntryDto;
  period: string;
  /** Called once a step was taken (after, not before: a list asked for meanwhile would show the old state); the page keeps the task in its to-do list. */
  onAct: (taskId: number) => void;
}) {
  const t = useT();
  const transition = useTransitionMutation(onAct);
  const [dirty, setDirty] = useState(false);
  const [current, setCurrent] = useState(entry);
  const [reasonFor, setReasonFor] = useState<StepAction | undefined>(undefined);
  const [reason, setReason] = useState('');
  const id = `${task.id}-${partKey(entry.part)}`;
  // A save answers with the entry; a refetch after a transition brings the server's view back.
  const shown = current.version > entry.version ? current : entry;
  const onSaved = useCallback((saved: RoundEntryDto) => {
    setCurrent(saved);
  }, []);
  const canEdit = shown.actions.includes('save');
  const steps = shown.actions.filter((action): action is StepAction => action !== 'save');
  const run = (action: StepAction, withReason?: string) => {
    transition.mutate(
      {
        taskId: task.id,
        body: {
          period,
          part: entry.part,
          action,
          ...(withReason === undefined ? {} : { reason: withReason }),
        },
      },
      {
        onSuccess: () => {
          setReasonFor(undefined);
          setReason('');
        },
      },
    );
  };
  return (
    <div className="round-entry" data-testid={`entry-${id}`}>
      <Space wrap>
        <Typography.Text strong>
          {entry.unit === null ? t('round.consolidated') : entry.unit.name}
        </Typography.Text>
        <Tag color={STATE_COLORS[shown.state]} data-testid={`state-${id}`}>
          {roundStateLabels(t)[shown.state]}
        </Tag>
        {shown.updatedBy === null ? null : (
          <Typography.Text type="secondary">{shown.updatedBy}</Typography.Text>
        )}
      </Space>
      {shown.returnReason === null ? null : (
        <Alert
          type="error"
          showIcon
          data-testid={`reason-${id}`}
          title={t('round.returnReason', { reason: shown.returnReason })}
        />
      )}
      {canEdit ? (
        <ProgressEditor
          taskId={task.id}
          period={period}
          entry={entry}
          onSaved={onSaved}
          onDirtyChange={setDirty}
        />
      ) : (
        <div className="pre-wrap" data-testid={`text-${id}`}>
          {shown.text === '' ? <span className="muted">{t('round.nothingYet')}</span> : shown.text}
        </div>
      )}
      <Space wrap>
        {STEP_ACTIONS.filter((action) => steps.includes(action)).map((action) => (
          <Button
            key={action}
            size="small"
            type={action === 'return' || action === 'reopen' ? 'default' : 'primary'}
            danger={action === 'return'}
            disabled={dirty || transition.isPending}
            data-testid={`action-${action}-${id}`}
            onClick={() => {
              if (action === 'return' || action === 'reopen') setReasonFor(action);
              else run(action);
            }}
          >
            {roundActionLabels(t)[action]}
          </Button>
        ))}
      </Space>
      {reasonFor === undefined ? null : (
        <Space.Compact className="round-reason">
          <Input
            data-testid={`reason-input-${id}`}
            placeholder={t('round.reasonPlaceholder')}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
            }}
          />
          <Button
            type="primary"
            data-testid={`reason-confirm-${id}`}
            disabled={reason.trim() === ''}
            onClick={() => {
              run(reasonFor, reason.trim());
            }}
          >
            {t('round.confirm')}
          </Button>
        </Space.Compact>
      )}
      {transition.isError ? (
        <Alert type="error" title={describeError(transition.error, t)} />
      ) : null}
    </div>
  );
}

/**
 * What the first filter means for a role: the entries waiting for the caller (the office, a
 * unit's reporter and head), or for a leader — who has no unit and no entries to act on — the
 * tasks carrying a 批示 this period, to follow who has read it. Viewers never reach this page.
 * The server applies the filter (core's `selectRoundTasks`): the page only names the tabs.
 */
export function firstRoundFilter(role: Role): Exclude<RoundFilter, 'all'> {
  return role === 'leader' ? 'instructed' : 'todo';
}

const SEARCH_DEBOUNCE_MS = 300;

/** The list's filters from the page URL; a role's default tab when the URL names none. */
function readRoundParams(params: URLSearchParams, role: Role): Omit<RoundListParams, 'keep'> {
  const page = Number(params.get('page'));
  // A unit's list is already its own tasks; the office starts from what waits for it.
  const first = firstRoundFilter(role);
  const byRole: RoundFilter = role === 'admin' ? first : 'all';
  return {
    filter: [first, 'all' as const].find((filter) => filter === params.get('filter')) ?? byRole,
    state: ROUND_STATES.find((state) => state === params.get('state')),
    q: params.get('q')?.trim() ?? '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/**
 * 本期填报: "my tasks" for a unit's reporter and head (the tasks it leads and co-serves), every
 * task for the office. Each entry shows its state; those the caller may write open an editor.
 * A page at a time (issue 7): the server filters, counts the tabs and sends 20 cards.
 */
export function RoundPage() {
  const t = useT();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const listed = readRoundParams(params, user.role);
  const setListed = useCallback(
    (patch: Partial<Omit<RoundListParams, 'keep'>>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          // Listed by hand: Object.entries would lose that `state` may be set to undefined.
          const entries: [string, string | number | undefined][] = [
            ['filter', patch.filter],
            ['state', patch.state],
            ['q', patch.q],
            ['page', patch.page],
          ];
          for (const [name, value] of entries) {
            if (!(name in patch)) continue;
            if (value === undefined || value === '' || (name === 'page' && value === 1)) {
              next.delete(name);
            } else next.set(name, String(value));
          }
          // Another filter starts from its first page.
          if (!('page' in patch)) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  // A task acted on stays in the to-do list for this visit instead of vanishing under the cursor.
  const [acted, setActed] = useState<readonly number[]>([]);
  const onAct = useCallback((taskId: number) => {
    setActed((ids) => (ids.includes(taskId) ? ids : [...ids, taskId].slice(-ROUND_PAGE_MAX)));
  }, []);
  const round = useRoundPageQuery({ ...listed, keep: acted });
  const notifications = useMyNotificationsQuery(
    user.role === 'reporter' || user.role === 'unit_head',
  );
  const unitScoped = user.role === 'reporter' || user.role === 'unit_head';
  const canInstruct = user.role === 'leader' || user.role === 'admin';
  // Viewers read published data only: no 批示 or 延期 lists for them.
  const instructions = useInstructionsQuery(user.role !== 'viewer');
  const extensions = useExtensionsQuery(unitScoped);
  const first = firstRoundFilter(user.role);
  // The input answers every key press; the URL (and so the request) follows once typing pauses.
  const [searchText, setSearchText] = useState(listed.q);
  const debouncedSearch = useDebouncedValue(searchText.trim(), SEARCH_DEBOUNCE_MS);
  const lastSearch = useRef(debouncedSearch);
  useEffect(() => {
    if (debouncedSearch === lastSearch.current) return;
    lastSearch.current = debouncedSearch;
    setListed({ q: debouncedSearch });
  }, [debouncedSearch, setListed]);
  // The list shrank under the page (tasks done elsewhere): show its last page, not nothing.
  const total = round.data?.total ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / ROUND_PAGE_SIZE));
  useEffect(() => {
    if (round.data !== undefined && !round.isPlaceholderData && listed.page > lastPage) {
      setListed({ page: lastPage });
    }
  }, [round.data, round.isPlaceholderData, listed.page, lastPage, setListed]);
  if (round.isPending) return <PageLoading />;
  if (round.isError) return <PageError error={round.error} onRetry={() => void round.refetch()} />;
  const { period, tasks: shown, counts } = round.data;
  const { filter } = listed;
  const tabLabel = (label: string, count: number) => (
    <span>
      {label} <span className="round-filter-count">{count}</span>
    </span>
  );
  return (
    <div className="round-page">
      <Space wrap className="round-heading">
        <Typography.Title level={4} data-testid="round-title">
          {period.title}
        </Typography.Title>
        <Tag>{t('round.due', { date: period.dueDate ?? '—' })}</Tag>
        <Tag
          color={period.state === 'published' ? 'success' : 'processing'}
          data-testid="round-period-state"
        >
          {periodStateLabels(t)[period.state]}
        </Tag>
      </Space>
      {/* Unread reminders stand out here; the header's bell keeps them all. */}
      {(notifications.data?.items ?? [])
        .filter((note) => note.readAt === null)
        .map((note) => (
          <Alert
            key={note.id}
            type="warning"
            showIcon
            title={note.message}
            data-testid="notification"
          />
        ))}
      <PendingInstructions instructions={instructions.data ?? []} />
      <Space wrap className="round-filters">
        <Segmented<RoundFilter>
          value={filter}
          data-testid="round-filter"
          onChange={(value) => {
            setListed({ filter: value });
          }}
          options={[
            {
              value: first,
              label: tabLabel(
                first === 'instructed' ? t('round.filterInstructed') : t('round.filterTodo'),
                counts[first],
              ),
            },
            { value: 'all', label: tabLabel(t('round.filterAll'), counts.all) },
          ]}
        />
        <Select<RoundState>
          allowClear
          className="round-state-select"
          data-testid="round-state"
          placeholder={t('round.stateAny')}
          value={listed.state}
          onChange={(value) => {
            setListed({ state: value });
          }}
          options={ROUND_STATES.map((state) => ({
            value: state,
            label: roundStateLabels(t)[state],
          }))}
        />
        <Input
          allowClear
          className="round-search"
          data-testid="round-search"
          placeholder={t('round.search')}
          value={searchText}
          onChange={(event) => {
            setSearchText(event.target.value);
          }}
        />
      </Space>
      {shown.length === 0 ? (
        <Empty
          data-testid="round-empty"
          description={
            listed.q !== '' || listed.state !== undefined
              ? t('round.emptyFiltered')
              : filter === 'instructed'
                ? t('round.emptyInstructed')
                : filter === 'todo'
                  ? t('round.empty')
                  : unitScoped
                    ? t('round.emptyUnit')
                    : t('round.emptyAll')
          }
        />
      ) : null}
      {shown.map((task) => (
        <Card
          key={task.id}
          size="small"
          className="round-task"
          data-testid={`round-task-${task.no}`}
          title={
            <Space>
              <span>{task.no}.</span>
              {/* The office and leaders see every unit's tasks: say whose this one is. */}
              {task.myRole === null && task.lead.length > 0 ? (
                <Typography.Text type="secondary" className="round-task-lead">
                  {task.lead.map((unit) => unit.name).join('、')}
                </Typography.Text>
              ) : null}
              {task.myRole === null ? null : (
                <Tag color={task.myRole === 'lead' ? 'gold' : 'default'}>
                  {task.myRole === 'lead' ? t('round.asLead') : t('round.asCo')}
                </Tag>
              )}
              {task.dueDate === undefined ||
              task.dueDate === null ||
              task.dueDate === period.dueDate ? null : (
                <Tag color="purple" data-testid={`task-due-${task.no}`}>
                  {t('round.extension.dueFor', { date: task.dueDate })}
                </Tag>
              )}
            </Space>
          }
        >
          <Typography.Paragraph className="round-task-text">{task.text}</Typography.Paragraph>
          <Link
            to={`/history/${task.id}`}
            className="round-history-link"
            data-testid={`history-link-${task.no}`}
          >
            {t('round.history.link')}
          </Link>
          <TaskInstructions
            task={task}
            period={period.label}
            instructions={instructions.data ?? []}
            canWrite={canInstruct}
          />
          {unitScoped ? (
            <TaskExtension
              task={task}
              period={period.label}
              requests={extensions.data ?? []}
              canAsk={period.state === 'open'}
            />
          ) : null}
          {task.entries.map((entry) => (
            <EntryCard
              key={partKey(entry.part)}
              task={task}
              entry={entry}
              period={period.label}
              onAct={onAct}
            />
          ))}
        </Card>
      ))}
      <Pagination
        className="round-pagination"
        data-testid="round-pagination"
        current={listed.page}
        pageSize={ROUND_PAGE_SIZE}
        total={total}
        hideOnSinglePage
        showSizeChanger={false}
        showTotal={(count) => t('round.pageTotal', { total: count })}
        onChange={(page) => {
          setListed({ page });
          window.scrollTo({ top: 0 });
        }}
      />
    </div>
  );
}
