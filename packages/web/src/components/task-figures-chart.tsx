import type { TaskFigures } from '@duban/core';
import ReactECharts from 'echarts-for-react';

import { useT } from '../i18n/locale-context.tsx';
import { formatPeriodLabel } from '../lib/format.ts';

/**
 * The task's completion against expected progress over the plan's quarters. Loaded lazily by
 * the figures panel, so ECharts comes only with an opened task.
 */
export function TaskFiguresChart({ quarters }: { quarters: TaskFigures['quarters'] }) {
  const t = useT();
  const percent = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);
  return (
    <div data-testid="task-figures-chart" aria-label={t('figures.chart')} role="img">
      <ReactECharts
        style={{ height: 200 }}
        opts={{ renderer: 'svg' }}
        option={{
          tooltip: { trigger: 'axis' },
          // ECharts 6 puts a legend at the bottom by default, over the quarter labels: keep it on top.
          legend: { top: 0, data: [t('figures.completion'), t('figures.expected')] },
          grid: { left: 40, right: 16, top: 32, bottom: 24 },
          xAxis: { type: 'category', data: quarters.map((q) => formatPeriodLabel(t, q.period)) },
          yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
          series: [
            {
              name: t('figures.completion'),
              type: 'bar',
              data: quarters.map((q) => percent(q.completion)),
            },
            {
              name: t('figures.expected'),
              type: 'line',
              data: quarters.map((q) => percent(q.expected)),
            },
          ],
        }}
      />
    </div>
  );
}
