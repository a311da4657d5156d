import { VerticalAlignTopOutlined } from '@ant-design/icons';
import type { UnitRef } from '@duban/core';
import { Tag, Tooltip } from 'antd';

import { useT } from '../i18n/locale-context.tsx';
import { HighlightText } from './highlight-text.tsx';

interface UnitTagsProps {
  units: readonly UnitRef[];
  /** The cell was rebuilt from a merged cell of the row above. */
  inferred: boolean;
  terms: readonly string[];
}

/**
 * A unit cell as compact tags. An inferred cell is drawn with dashed tags with an arrow-to-top icon,
 * with a tooltip saying where its value came from, so nobody mistakes it for typed data.
 */
export function UnitTags({ units, inferred, terms }: UnitTagsProps) {
  const t = useT();
  const tags =
    units.length === 0 ? (
      <span className="muted">{t('ledger.none')}</span>
    ) : (
      units.map((unit) => (
        <Tag
          key={unit.id}
          className={inferred ? 'unit-tag unit-tag-inferred' : 'unit-tag'}
          icon={inferred ? <VerticalAlignTopOutlined /> : undefined}
        >
          <HighlightText text={unit.name} terms={terms} />
        </Tag>
      ))
    );
  if (!inferred) return <div className="unit-tags">{tags}</div>;
  return (
    <Tooltip title={t('ledger.inferredTooltip')}>
      <div
        className="unit-tags unit-tags-inferred"
        data-testid="inferred-unit"
        aria-label={t('ledger.inferredTooltip')}
      >
        {units.length === 0 ? <VerticalAlignTopOutlined className="inferred-icon" /> : null}
        {tags}
      </div>
    </Tooltip>
  );
}
