/**
 * Figures people have confirmed, corrected or added. Extraction is a guess; what the office or
 * a task's unit has said about a figure wins over it, metric by metric.
 */
import type { Actual, Bound, Target } from '../ledger/types.ts';

export const FIGURE_KINDS = ['target', 'actual', 'forecast'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

/** Where a figure comes from: the text, or a person (as read, changed, or new). */
export const FIGURE_ORIGINS = ['extracted', 'confirmed', 'corrected', 'manual'] as const;
export type FigureOrigin = (typeof FIGURE_ORIGINS)[number];

export interface ConfirmedFigure {
  kind: FigureKind;
  metric: string;
  value: number;
  unit: string;
  /** Targets only. */
  bound?: Bound;
  source: string;
  origin: Exclude<FigureOrigin, 'extracted'>;
}

export interface MergedFigures {
  targets: Target[];
  actuals: Actual[];
  /** The unit's own expectations (预计), kept apart from actuals. */
  forecasts: Actual[];
}

/**
 * Merges people's figures into the extracted ones: an extracted target or actual whose metric
 * a person has confirmed or corrected is replaced in place by theirs; figures with a metric
 * nothing was extracted for are added after. Several confirmed figures of one metric all stand.
 *
 * @example
 * mergeConfirmedFigures(
 *   { targets: [{ metric: '新增城镇就业', value: 1800, unit: '人', bound: 'min', source: '…' }], actuals: [] },
 *   [{ kind: 'target', metric: '新增城镇就业', value: 18000, unit: '人', bound: 'min', source: '1.8万人', origin: 'corrected' }],
 * ).targets; // [{ metric: '新增城镇就业', value: 18000, … }]
 */
export function mergeConfirmedFigures(
  extracted: { targets: readonly Target[]; actuals: readonly Actual[] },
  confirmed: readonly ConfirmedFigure[],
): MergedFigures {
  const targets = mergeKind(
    extracted.targets,
    confirmed.filter((figure) => figure.kind === 'target'),
    (figure): Target => ({
      metric: figure.metric,
      value: figure.value,
      unit: figure.unit,
      bound: figure.bound ?? 'min',
      source: figure.source,
    }),
  );
  const actuals = mergeKind(
    extracted.actuals,
    confirmed.filter((figure) => figure.kind === 'actual'),
    toActual,
  );
  const forecasts = confirmed.filter((figure) => figure.kind === 'forecast').map(toActual);
  return { targets, actuals, forecasts };
}

function toActual(figure: ConfirmedFigure): Actual {
  return { metric: figure.metric, value: figure.value, unit: figure.unit, source: figure.source };
}

function mergeKind<T extends { metric: string }>(
  extracted: readonly T[],
  people: readonly ConfirmedFigure[],
  convert: (figure: ConfirmedFigure) => T,
): T[] {
  const byMetric = new Map<string, T[]>();
  for (const figure of people) {
    const list = byMetric.get(figure.metric);
    if (list === undefined) byMetric.set(figure.metric, [convert(figure)]);
    else list.push(convert(figure));
  }
  const merged: T[] = [];
  const used = new Set<string>();
  for (const figure of extracted) {
    const replacement = byMetric.get(figure.metric);
    if (replacement === undefined) merged.push(figure);
    else if (!used.has(figure.metric)) {
      merged.push(...replacement);
      used.add(figure.metric);
    }
  }
  for (const [metric, figures] of byMetric) if (!used.has(metric)) merged.push(...figures);
  return merged;
}
