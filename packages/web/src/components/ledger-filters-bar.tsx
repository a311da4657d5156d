import { FilterOutlined, SearchOutlined } from '@ant-design/icons';
import type { LedgerView } from '@duban/core';
import { Badge, Button, Input, Segmented, Select, Tag } from 'antd';
import { useState } from 'react';

import { useCurrentUser } from '../api/current-user.tsx';
import { useT } from '../i18n/locale-context.tsx';
import { formatSectionLabel } from '../lib/format.ts';
import type { LedgerFilters, UnitRole } from '../lib/ledger-filters.ts';

interface LedgerFiltersBarProps {
  view: LedgerView;
  filters: LedgerFilters;
  searchText: string;
  narrow: boolean;
  onSearchTextChange: (text: string) => void;
  onChange: (patch: Partial<LedgerFilters>) => void;
  onClear: () => void;
}

/** Section, unit (+ its role) and search. On a phone all but search fold behind a button. */
export function LedgerFiltersBar(props: LedgerFiltersBarProps) {
  const { view, filters, searchText, narrow, onSearchTextChange, onChange, onClear } = props;
  const t = useT();
  const user = useCurrentUser();
  const [open, setOpen] = useState(false);
  // A unit's people mostly look for their own unit's tasks: one tap, outside the folded panel.
  const ownUnit = user.unit === null ? undefined : view.units.find((u) => u.id === user.unit?.id);
  const ownUnitTag =
    ownUnit === undefined ? null : (
      <Tag.CheckableTag
        className="filter-own-unit"
        data-testid="own-unit-filter"
        checked={filters.unit === ownUnit.id}
        onChange={(checked) => {
          onChange({ unit: checked ? ownUnit.id : undefined });
        }}
      >
        {t('ledger.ownUnit', { unit: ownUnit.name })}
      </Tag.CheckableTag>
    );
  const activeCount =
    (filters.section === undefined ? 0 : 1) + (filters.unit === undefined ? 0 : 1);

  const search = (
    <Input
      className="filter-search"
      allowClear
      prefix={<SearchOutlined />}
      placeholder={t('ledger.searchPlaceholder')}
      aria-label={t('ledger.searchPlaceholder')}
      value={searchText}
      data-testid="search-input"
      onChange={(event) => {
        onSearchTextChange(event.target.value);
      }}
    />
  );

  const roleOptions: { value: UnitRole; label: string }[] = [
    { value: 'any', label: t('ledger.unitRole.any') },
    { value: 'lead', label: t('ledger.unitRole.lead') },
    { value: 'co', label: t('ledger.unitRole.co') },
  ];

  const others = (
    <>
      <Select<string>
        className="filter-section"
        allowClear
        placeholder={t('ledger.allSections')}
        aria-label={t('ledger.allSections')}
        value={filters.section}
        data-testid="section-filter"
        popupMatchSelectWidth={false}
        options={view.sections.map((section) => ({
          value: section.ordinal,
          label: formatSectionLabel(t, section),
        }))}
        onChange={(section?: string) => {
          onChange({ section });
        }}
      />
      <Select<number>
        className="filter-unit"
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('ledger.allUnits')}
        aria-label={t('ledger.allUnits')}
        value={filters.unit}
        data-testid="unit-filter"
        popupMatchSelectWidth={false}
        options={view.units.map((unit) => ({ value: unit.id, label: unit.name }))}
        onChange={(unit?: number) => {
          onChange({ unit });
        }}
      />
      <Segmented<UnitRole>
        aria-label={t('ledger.unitRoleTitle')}
        title={t('ledger.unitRoleTitle')}
        value={filters.unitRole}
        options={roleOptions}
        data-testid="unit-role-filter"
        onChange={(unitRole) => {
          onChange({ unitRole });
        }}
      />
      {activeCount > 0 || searchText !== '' ? (
        <Button type="link" onClick={onClear}>
          {t('ledger.clearFilters')}
        </Button>
      ) : null}
    </>
  );

  if (!narrow) {
    return (
      <div className="ledger-filters">
        {ownUnitTag}
        {others}
        {search}
      </div>
    );
  }
  return (
    <div className="ledger-filters ledger-filters-narrow">
      <div className="ledger-filters-row">
        {search}
        <Badge count={activeCount} size="small">
          <Button
            icon={<FilterOutlined />}
            aria-expanded={open}
            onClick={() => {
              setOpen(!open);
            }}
          >
            {t('ledger.filters')}
          </Button>
        </Badge>
      </div>
      {ownUnitTag}
      {open ? <div className="ledger-filters-panel">{others}</div> : null}
    </div>
  );
}
