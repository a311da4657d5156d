import type { AssessmentDto, FigureDto, FindingDto, Light, TaskStatusDto } from '@duban/core';

import type { Translate } from '../i18n/messages.ts';

// Each label is a literal call of t with its key, so the locale test sees every key in use.

export function lightLabel(t: Translate, light: Light): string {
  const labels: Record<Light, string> = {
    done: t('figures.light.done'),
    green: t('figures.light.green'),
    yellow: t('figures.light.yellow'),
    red: t('figures.light.red'),
    grey: t('figures.light.grey'),
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
