import type { Locale, Translate } from '../i18n/messages.ts';
import type { SectionRef } from './group-by-section.ts';

/** "（一）以更实举措…" in Chinese, "(一) 以更实举措…" in English. */
export function formatSectionLabel(t: Translate, section: SectionRef): string {
  return t('ledger.sectionLabel', { ordinal: section.ordinal, title: section.title }).trim();
}

/** "2023Q2" → "2023年第2季度" / "Q2 2023"; anything else is shown as it is. */
export function formatPeriodLabel(t: Translate, label: string): string {
  const match = /^(\d{4})Q([1-4])$/.exec(label);
  if (!match) return label;
  const [, year = '', quarter = ''] = match;
  return t('ledger.periodLabel', { year, quarter });
}

function formatQuarterName(t: Translate, quarter: number): string {
  switch (quarter) {
    case 1:
      return t('ledger.quarter1');
    case 2:
      return t('ledger.quarter2');
    case 3:
      return t('ledger.quarter3');
    default:
      return t('ledger.quarter4');
  }
}

// "弋江区2023年" | "重点工作": the period goes after the year, as in the printed report.
const TITLE_YEAR = /^(.*?\d{4}\s*年)(.*)$/su;
// A title that already names a period or is already a progress report is shown as it is.
const PERIOD_TITLE = /季度|半年|进展/u;

/**
 * The page title for a plan and period, worded like the quarterly report:
 * 弋江区2023年重点工作 + Q2 → 弋江区2023年二季度重点工作进展和完成情况.
 */
export function formatLedgerTitle(t: Translate, planTitle: string, quarter: number): string {
  const title = planTitle.trim();
  if (title === '') return t('ledger.titleFallback');
  if (PERIOD_TITLE.test(title)) return title;
  const match = TITLE_YEAR.exec(title);
  return t('ledger.reportTitle', {
    head: match?.[1] ?? '',
    tail: match?.[2] ?? title,
    quarter: formatQuarterName(t, quarter),
  });
}

export function formatDateTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
