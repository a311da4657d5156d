import { Drawer } from 'antd';
import { useLocation, useNavigate, useOutletContext, useParams } from 'react-router';

import { useTaskQuery } from '../api/ledger.ts';
import { useIsNarrow } from '../hooks/use-media-query.ts';
import { useT } from '../i18n/locale-context.tsx';
import { PageError, PageLoading } from './page-state.tsx';
import { TaskDetailView } from './task-detail-view.tsx';
import { TaskFiguresPanel } from './task-figures-panel.tsx';

/** What the ledger page hands to the drawer route (`/tasks/:id`) rendered in its outlet. */
export interface TaskDrawerContext {
  /** The period the ledger shows, so the drawer shows that period's progress. */
  period: string;
}

/** The task detail over the ledger; opened by a row click or directly by URL. */
export function TaskDrawer() {
  const t = useT();
  const { period } = useOutletContext<TaskDrawerContext>();
  const params = useParams();
  const id = Number(params.id);
  const navigate = useNavigate();
  const location = useLocation();
  const narrow = useIsNarrow();
  const task = useTaskQuery(id, period);

  const close = () => {
    void navigate({ pathname: '/', search: location.search });
  };

  return (
    <Drawer
      open
      onClose={close}
      size={narrow ? '100%' : 760}
      title={task.data ? t('task.title', { no: task.data.no }) : t('app.loading')}
    >
      <div data-testid="task-drawer">
        {task.data ? (
          <>
            <TaskDetailView detail={task.data} period={period} />
            <TaskFiguresPanel taskId={id} period={period} />
          </>
        ) : task.isError ? (
          <PageError
            error={task.error}
            onRetry={() => {
              void task.refetch();
            }}
          />
        ) : (
          <PageLoading />
        )}
      </div>
    </Drawer>
  );
}
