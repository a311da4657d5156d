import type { TargetProgressDto } from '@duban/core';
import { Space, Typography } from 'antd';

import { useT } from '../i18n/locale-context.tsx';
import { boundLabel } from '../lib/figure-labels.ts';
import { LIGHT_COLORS, LightBadge } from './light-badge.tsx';

const percent = (value: number) => `${(value * 100).toFixed(0)}%`;

/** Completion as a bar, expected progress (序时进度) as a mark on it. */
export function ProgressBar({
  completion,
  expected,
  color = '#1677ff',
}: {
  completion: number | null;
  expected: number;
  color?: string;
}) {
  const t = useT();
  const width = Math.min(1, completion ?? 0);
  return (
    <div className="figures-bar" data-testid="figures-bar">
      <div
        style={{
          position: 'relative',
          height: 12,
          background: '#f0f0f0',
          borderRadius: 6,
          overflow: 'visible',
        }}
      >
        <div
          style={{ width: `${width * 100}%`, height: '100%', background: color, borderRadius: 6 }}
        />
        <div
          title={t('figures.expected')}
          style={{
            position: 'absolute',
            left: `${Math.min(1, expected) * 100}%`,
            top: -3,
            width: 2,
            height: 18,
            background: '#ff4d4f',
          }}
        />
      </div>
      <Typography.Text type="secondary">
        {t('figures.barLegend', {
          completion: completion === null ? '—' : percent(completion),
          expected: percent(expected),
        })}
      </Typography.Text>
    </div>
  );
}

/**
 * One bar per target against expected progress. A ceiling (max: 控制在…以内) has no progress
 * to speak of: it shows whether the actual stays inside it.
 */
export function TargetProgressBars({ targets }: { targets: readonly TargetProgressDto[] }) {
  const t = useT();
  return (
    <div className="target-bars" data-testid="target-bars">
      {targets.map((target, index) => (
        <div
          key={`${target.metric}-${index}`}
          data-testid="target-bar"
          data-metric={target.metric}
          data-light={target.light}
          style={{ marginBottom: 8 }}
        >
          <Space wrap size={4}>
            <span>{target.metric}</span>
            <Typography.Text type="secondary">
              {`${boundLabel(t, target.bound)} ${target.target.toLocaleString()}${target.unit}`}
              {target.actual === null
                ? ` · ${t('figures.targetUnmeasured')}`
                : ` · ${t('figures.targetActual', { value: `${target.actual.toLocaleString()}${target.unit}` })}`}
            </Typography.Text>
            <LightBadge light={target.light} />
          </Space>
          {target.bound === 'max' && target.completion !== null ? (
            <div>
              <Typography.Text type={target.completion >= 1 ? 'success' : 'danger'}>
                {target.completion >= 1 ? t('figures.ceilingKept') : t('figures.ceilingBroken')}
              </Typography.Text>
            </div>
          ) : (
            <ProgressBar
              completion={target.completion}
              expected={target.expected}
              color={LIGHT_COLORS[target.light]}
            />
          )}
        </div>
      ))}
    </div>
  );
}
