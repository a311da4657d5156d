import type { TaskRow } from '@duban/core';

import { useT } from '../i18n/locale-context.tsx';
import { formatSectionLabel } from '../lib/format.ts';
import type { SectionGroup } from '../lib/group-by-section.ts';
import { HighlightText } from './highlight-text.tsx';
import { LightBadge } from './light-badge.tsx';
import { TaskProgress, TaskWarningsIcon } from './task-cells.tsx';
import { UnitTags } from './unit-tags.tsx';

interface LedgerCardsProps {
  groups: readonly SectionGroup[];
  terms: readonly string[];
  onOpenTask: (task: TaskRow) => void;
}

/** The ledger on a phone: one card per task under section headings, same test ids as the table. */
export function LedgerCards({ groups, terms, onOpenTask }: LedgerCardsProps) {
  const t = useT();
  if (groups.length === 0) return <div className="ledger-empty muted">{t('ledger.empty')}</div>;
  return (
    <div className="ledger-cards">
      {groups.map((group) => (
        <section key={group.section.ordinal}>
          <h2 className="card-section" data-testid="section-row">
            {formatSectionLabel(t, group.section)}
          </h2>
          {group.tasks.map((task) => (
            <article
              key={task.id}
              className="task-card"
              data-testid="task-row"
              data-task-no={task.no}
              role="button"
              tabIndex={0}
              aria-label={t('ledger.openTask', { no: task.no })}
              onClick={() => {
                onOpenTask(task);
              }}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  onOpenTask(task);
                }
              }}
            >
              <div className="task-card-head">
                <span className="task-card-no">{task.no}</span>
                <TaskWarningsIcon task={task} />
                <LightBadge light={task.status?.light} />
              </div>
              <div className="task-card-text">
                <HighlightText text={task.text} terms={terms} />
              </div>
              <dl className="task-card-units">
                <dt>{t('ledger.col.lead')}</dt>
                <dd>
                  <UnitTags units={task.lead} inferred={task.inferred.lead} terms={terms} />
                </dd>
                <dt>{t('ledger.col.co')}</dt>
                <dd>
                  <UnitTags units={task.co} inferred={task.inferred.co} terms={terms} />
                </dd>
              </dl>
              <TaskProgress task={task} terms={terms} />
            </article>
          ))}
        </section>
      ))}
    </div>
  );
}
