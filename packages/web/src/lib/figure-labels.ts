import type { AssessmentDto, FigureDto, FindingDto, Light, TaskStatusDto } from '@duban/core';

import type { Translate } from '../i18n/messages.ts';

// Each label is a literal call of t with its key, so the locale test sees every key in use.

/**
 * A light's short label, its meaning (明显滞后): beside its colour in tags and tables. The words
 * are core's REPORT_LIGHT_LABELS, so the page and the exported reports say the same thing.
 */
export function lightLabel(t: Translate, light: Light): string {
  const labels: Record<Light, string> = {
    done: t('light.done'),
    green: t('light.green'),
    yellow: t('light.yellow'),
    red: t('light.red'),
    grey: t('light.grey'),
  };
  return labels[light];
}

/** Colour and meaning (红灯·明显滞后), where there is room: legends, filters, KPI titles. */
export function lightFullLabel(t: Translate, light: Light): string {
  const labels: Record<Light, string> = {
    done: t('light.full.done'),
    green: t('light.full.green'),
    yellow: t('light.full.yellow'),
    red: t('light.full.red'),
    grey: t('light.full.grey'),
  };
  return labels[light];
}

export function originLabel(t: Translate, origin: FigureDto['origin']): string {
  const labels: Record<FigureDto['origin'], string> = {
    extracted: t('figures.origin.extracted'),
    confirmed: t('figures.origin.confirmed'),
    corrected: t('figures.origin.corrected'),
    manual: t('figures.origin.manual'),
  };
  return labels[origin];
}

export function boundLabel(t: Translate, bound: NonNullable<FigureDto['bound']>): string {
  const labels: Record<NonNullable<FigureDto['bound']>, string> = {
    min: t('figures.bound.min'),
    max: t('figures.bound.max'),
    exact: t('figures.bound.exact'),
  };
  return labels[bound];
}

export function verdictLabel(t: Translate, verdict: AssessmentDto['verdict']): string {
  const labels: Record<AssessmentDto['verdict'], string> = {
    done: t('figures.verdict.done'),
    'on-track': t('figures.verdict.on-track'),
    behind: t('figures.verdict.behind'),
    'far-behind': t('figures.verdict.far-behind'),
  };
  return labels[verdict];
}

export function confidenceLabel(
  t: Translate,
  confidence: NonNullable<AssessmentDto['confidence']>,
): string {
  const labels: Record<NonNullable<AssessmentDto['confidence']>, string> = {
    high: t('figures.confidence.high'),
    medium: t('figures.confidence.medium'),
    low: t('figures.confidence.low'),
  };
  return labels[confidence];
}

export function basisLabel(t: Translate, basis: TaskStatusDto['basis']): string {
  const labels: Record<TaskStatusDto['basis'], string> = {
    figures: t('figures.basis.figures'),
    office: t('figures.basis.office'),
    unit: t('figures.basis.unit'),
    none: t('figures.basis.none'),
  };
  return labels[basis];
}

export function assessorLabel(t: Translate, by: AssessmentDto['by']): string {
  return by === 'office' ? t('figures.by.office') : t('figures.by.unit');
}

export function figureKindLabel(t: Translate, kind: FigureDto['kind']): string {
  const labels: Record<FigureDto['kind'], string> = {
    target: t('figures.kind.target'),
    actual: t('figures.kind.actual'),
    forecast: t('figures.kind.forecast'),
  };
  return labels[kind];
}

export function findingKindLabel(t: Translate, kind: FindingDto['kind']): string {
  const labels: Record<FindingDto['kind'], string> = {
    'duplicate-progress': t('figures.kind.duplicate-progress'),
    'stale-progress': t('figures.kind.stale-progress'),
    'conflicting-figure': t('figures.kind.conflicting-figure'),
    'missing-progress': t('figures.kind.missing-progress'),
    'no-figures': t('figures.kind.no-figures'),
    'claim-without-figure': t('figures.kind.claim-without-figure'),
  };
  return labels[kind];
}
