import type { Light } from '@duban/core';
import { Tag } from 'antd';

import { useT } from '../i18n/locale-context.tsx';
import { lightFullLabel, lightLabel } from '../lib/figure-labels.ts';
import { LIGHTS } from '../lib/ledger-filters.ts';

/** Blue done, then the traffic lights, grey where nothing is measured. */
export const LIGHT_COLORS: Record<Light, string> = {
  done: '#1677ff',
  green: '#52c41a',
  yellow: '#faad14',
  red: '#ff4d4f',
  grey: '#bfbfbf',
};

/** A task's light as a small coloured tag. */
export function LightBadge({ light }: { light: Light | undefined }) {
  const t = useT();
  if (light === undefined) return null;
  return (
    <Tag
      // White on light grey could hardly be read: 无法评价 is a plain tag in dark text.
      color={light === 'grey' ? undefined : LIGHT_COLORS[light]}
      className="light-badge"
      data-testid="light-badge"
      data-light={light}
    >
      {lightLabel(t, light)}
    </Tag>
  );
}

/** The tasks per light above the ledger; a click filters by that light, a second clears it. */
export function LightCounts({
  counts,
  value,
  onChange,
}: {
  counts: Partial<Record<Light, number>>;
  value: Light | undefined;
  onChange: (light: Light | undefined) => void;
}) {
  const t = useT();
  return (
    <div
      className="light-counts"
      data-testid="light-counts"
      role="group"
      aria-label={t('figures.lightFilter')}
    >
      {LIGHTS.map((light) => (
        <Tag.CheckableTag
          key={light}
          checked={value === light}
          data-testid={`light-filter-${light}`}
          onChange={(checked) => {
            onChange(checked ? light : undefined);
          }}
        >
          <span className="light-dot" style={{ background: LIGHT_COLORS[light] }} />{' '}
          {lightFullLabel(t, light)} {counts[light] ?? 0}
        </Tag.CheckableTag>
      ))}
    </div>
  );
}
