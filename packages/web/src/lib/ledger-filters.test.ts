import { describe, expect, it } from 'vitest';

import {
  isFiltered,
  readLedgerFilters,
  toLedgerQueryString,
  writeLedgerFilters,
} from './ledger-filters.ts';

describe('ledger filters', () => {
  it('reads the page URL and survives a round trip', () => {
    const params = new URLSearchParams('period=2023Q2&section=一&unit=12&role=lead&q=奇瑞');
    const filters = readLedgerFilters(params);
    expect(filters).toEqual({
      plan: undefined,
      period: '2023Q2',
      section: '一',
      unit: 12,
      unitRole: 'lead',
      q: '奇瑞',
    });
    expect(readLedgerFilters(writeLedgerFilters(filters))).toEqual(filters);
  });

  it('ignores malformed values instead of sending them to the server', () => {
    const filters = readLedgerFilters(
      new URLSearchParams('period=2023Q5&unit=abc&role=boss&plan=-1&section='),
    );
    expect(filters).toEqual({
      plan: undefined,
      period: undefined,
      section: undefined,
      unit: undefined,
      unitRole: 'any',
      q: '',
    });
    expect(isFiltered(filters)).toBe(false);
  });

  it('builds the API query with the contract names, the role only with a unit', () => {
    const base = readLedgerFilters(new URLSearchParams('role=co&q=停车位'));
    expect(new URLSearchParams(toLedgerQueryString(base)).get('unitRole')).toBeNull();
    const withUnit = { ...base, unit: 7 };
    const query = new URLSearchParams(toLedgerQueryString(withUnit));
    expect(Object.fromEntries(query)).toEqual({ unit: '7', unitRole: 'co', q: '停车位' });
  });

  it('counts section, unit and search as filters, the period not', () => {
    expect(isFiltered(readLedgerFilters(new URLSearchParams('period=2023Q1')))).toBe(false);
    for (const query of ['section=二', 'unit=3', 'q=路']) {
      expect(isFiltered(readLedgerFilters(new URLSearchParams(query)))).toBe(true);
    }
  });

  it('carries the 未填报 filter from the URL to the API, and only its two values', () => {
    const filters = readLedgerFilters(new URLSearchParams('period=2023Q3&reported=no'));
    expect(filters.reported).toBe('no');
    expect(isFiltered(filters)).toBe(true);
    expect(writeLedgerFilters(filters).get('reported')).toBe('no');
    expect(new URLSearchParams(toLedgerQueryString(filters)).get('reported')).toBe('no');
    expect(readLedgerFilters(new URLSearchParams('reported=maybe')).reported).toBeUndefined();
  });
});
