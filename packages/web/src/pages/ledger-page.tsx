import type { TaskRow } from '@duban/core';
import { Select, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Outlet, useLocation, useNavigate, useSearchParams } from 'react-router';

import { useLedgerQuery, usePlansQuery } from '../api/ledger.ts';
import { ExportMenu } from '../components/export-menu.tsx';
import { LedgerCards } from '../components/ledger-cards.tsx';
import { LedgerFiltersBar } from '../components/ledger-filters-bar.tsx';
import { LedgerTable } from '../components/ledger-table.tsx';
import { LightCounts } from '../components/light-badge.tsx';
import { PageError, PageLoading } from '../components/page-state.tsx';
import type { TaskDrawerContext } from '../components/task-drawer.tsx';
import { useDebouncedValue } from '../hooks/use-debounced-value.ts';
import { useIsNarrow } from '../hooks/use-media-query.ts';
import { useT } from '../i18n/locale-context.tsx';
import { formatLedgerTitle, formatPeriodLabel } from '../lib/format.ts';
import { flattenGroups, groupTasksBySection } from '../lib/group-by-section.ts';
import { extractTerms } from '../lib/highlight.ts';
import { isFiltered, readLedgerFilters, writeLedgerFilters } from '../lib/ledger-filters.ts';
import type { LedgerFilters } from '../lib/ledger-filters.ts';

/** Typing pauses this long before the search goes to the server. */
const SEARCH_DEBOUNCE_MS = 300;

/** The ledger of one plan and period, laid out like the quarterly report. */
export function LedgerPage() {
  const t = useT();
  const narrow = useIsNarrow();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readLedgerFilters(params), [params]);

  const updateFilters = useCallback(
    (patch: Partial<LedgerFilters>) => {
      setParams((current) => writeLedgerFilters({ ...readLedgerFilters(current), ...patch }), {
        replace: true,
      });
    },
    [setParams],
  );

  // The input answers every key press; the URL (and so the request) follows once typing pauses.
  const [searchText, setSearchText] = useState(filters.q);
  const debouncedSearch = useDebouncedValue(searchText.trim(), SEARCH_DEBOUNCE_MS);
  // Only a change of the debounced text writes the URL: comparing with the URL instead would
  // put back a query that "clear filters" has just removed, before the debounce catches up.
  const lastSearch = useRef(debouncedSearch);
  useEffect(() => {
    if (debouncedSearch === lastSearch.current) return;
    lastSearch.current = debouncedSearch;
    updateFilters({ q: debouncedSearch });
  }, [debouncedSearch, updateFilters]);

  const ledger = useLedgerQuery(filters);
  const plans = usePlansQuery();
  const view = ledger.data;
  const terms = useMemo(() => extractTerms(filters.q), [filters.q]);
  const groups = useMemo(
    () => (view ? groupTasksBySection(view.sections, view.tasks) : []),
    [view],
  );
  const rows = useMemo(() => flattenGroups(groups), [groups]);

  const openTask = useCallback(
    (task: TaskRow) => {
      void navigate({ pathname: `/tasks/${task.id}`, search: location.search });
    },
    [navigate, location.search],
  );

  if (!view) {
    return ledger.isError ? (
      <PageError
        error={ledger.error}
        onRetry={() => {
          void ledger.refetch();
        }}
        onReset={
          params.size > 0
            ? () => {
                setSearchText('');
                setParams(new URLSearchParams(), { replace: true });
              }
            : undefined
        }
      />
    ) : (
      <PageLoading />
    );
  }

  const shown = view.tasks.length;
  const filtered = isFiltered(filters) || shown !== view.total;
  const drawerContext: TaskDrawerContext = { period: view.period.label };
  const planOptions = (plans.data ?? []).map((plan) => ({ value: plan.id, label: plan.title }));

  return (
    <div className="ledger-page">
      <div className="ledger-heading">
        <Typography.Title
          level={narrow ? 4 : 3}
          className="ledger-title"
          data-testid="ledger-title"
        >
          {formatLedgerTitle(t, view.plan.title, view.period.quarter)}
        </Typography.Title>
        <div className="ledger-heading-controls">
          {planOptions.length > 1 ? (
            <Select<number>
              aria-label={t('ledger.plan')}
              value={view.plan.id}
              options={planOptions}
              popupMatchSelectWidth={false}
              onChange={(plan) => {
                updateFilters({ plan, period: undefined });
              }}
            />
          ) : null}
          <Select<string>
            aria-label={t('ledger.period')}
            data-testid="period-filter"
            value={view.period.label}
            options={view.plan.periods.map((period) => ({
              value: period.label,
              label: formatPeriodLabel(t, period.label),
            }))}
            onChange={(period) => {
              updateFilters({ period });
            }}
          />
          <span className="ledger-org muted">{view.plan.organization}</span>
          <ExportMenu
            scope={{
              period: view.period.label,
              section: filters.section,
              unit: view.units.find((unit) => unit.id === filters.unit)?.name,
              unitRole: filters.unitRole,
            }}
          />
        </div>
      </div>

      <div className="ledger-toolbar">
        <LedgerFiltersBar
          view={view}
          filters={filters}
          searchText={searchText}
          narrow={narrow}
          onSearchTextChange={setSearchText}
          onChange={updateFilters}
          onClear={() => {
            setSearchText('');
            updateFilters({
              section: undefined,
              unit: undefined,
              unitRole: 'any',
              q: '',
              light: undefined,
              reported: undefined,
            });
          }}
        />
        <span className="task-count" data-testid="task-count" aria-live="polite">
          {filtered
            ? t('ledger.countFiltered', { count: shown, total: view.total })
            : t('ledger.count', { count: shown })}
        </span>
      </div>

      {filters.reported === undefined ? null : (
        <Tag
          closable
          color="processing"
          className="ledger-reported-filter"
          data-testid="reported-filter"
          onClose={() => {
            updateFilters({ reported: undefined });
          }}
        >
          {filters.reported === 'no' ? t('ledger.reportedNo') : t('ledger.reportedYes')}
        </Tag>
      )}

      {view.lights === undefined ? null : (
        <LightCounts
          counts={view.lights}
          value={filters.light}
          onChange={(light) => {
            updateFilters({ light });
          }}
        />
      )}

      <div className={ledger.isPlaceholderData ? 'ledger-body is-stale' : 'ledger-body'}>
        {narrow ? (
          <LedgerCards groups={groups} terms={terms} onOpenTask={openTask} />
        ) : (
          <LedgerTable rows={rows} terms={terms} onOpenTask={openTask} />
        )}
      </div>

      <Outlet context={drawerContext} />
    </div>
  );
}
