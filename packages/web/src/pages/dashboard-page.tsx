import type { Dashboard, Light } from '@duban/core';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  List,
  Row,
  Select,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { useDashboardQuery } from '../api/dashboard.ts';
import { EChart } from '../components/echart.tsx';
import { EscalationBlock } from '../components/escalation-block.tsx';
import type { ChartOption } from '../components/echart.tsx';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { useIsNarrow } from '../hooks/use-media-query.ts';
import { useT } from '../i18n/locale-context.tsx';
import type { Translate } from '../i18n/messages.ts';
import { DASHBOARD_LIGHTS, LIGHT_COLORS, buildLedgerLink } from '../lib/dashboard-links.ts';
import { lightFullLabel, lightLabel } from '../lib/figure-labels.ts';
import { formatPeriodLabel } from '../lib/format.ts';

/** Long lists (125 missing reports early in a round) page instead of running off a phone. */
const LIST_PAGINATION = { pageSize: 8, size: 'small', hideOnSinglePage: true } as const;

/** Lead units shown in their chart: the ones with most tasks behind come first. */
const MAX_LEADS = 12;

type Counts = Dashboard['lights'];

/** Below this share of its column a segment is too thin for its count (the tooltip has it). */
const MIN_LABELLED_SHARE = 0.06;

/** Counts written on the segments of stacked columns; empty and thin segments print nothing. */
function segmentLabel(rows: Counts[]) {
  const totals = rows.map((row) => DASHBOARD_LIGHTS.reduce((sum, light) => sum + row[light], 0));
  return {
    show: true,
    fontSize: 11,
    formatter: (p: { value: unknown; dataIndex: number }) => {
      const value = Number(p.value);
      const total = totals[p.dataIndex] ?? 0;
      return value === 0 || value < total * MIN_LABELLED_SHARE ? '' : String(value);
    },
  };
}

/** One stacked series per light, its id the light, so a click says which light it counts. */
function stackedSeries(
  t: Translate,
  rows: Counts[],
  horizontal: boolean,
  labelled = false,
): ChartOption['series'] {
  return DASHBOARD_LIGHTS.map((light) => ({
    id: light,
    name: lightFullLabel(t, light),
    type: 'bar' as const,
    stack: 'lights',
    barMaxWidth: horizontal ? 18 : 36,
    itemStyle: { color: LIGHT_COLORS[light] },
    emphasis: { focus: 'series' as const },
    ...(labelled ? { label: segmentLabel(rows) } : {}),
    data: rows.map((row) => row[light]),
  }));
}

function isLight(value: string | undefined): value is Light {
  return DASHBOARD_LIGHTS.some((light) => light === value);
}

/** 仪表盘: the period at a glance, for leaders; every number leads to the tasks it counts. */
export function DashboardPage() {
  const t = useT();
  const narrow = useIsNarrow();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? undefined;
  const query = useDashboardQuery(period);
  const data = query.data;

  const options = useMemo(() => {
    if (data === undefined) return undefined;
    // On a phone the five legend entries wrap onto two lines instead of paging behind arrows
    // (the long names, 红灯·明显滞后, left one and a half in view); the plot starts below them.
    const legend = narrow
      ? { top: 0, type: 'plain' as const, itemGap: 8, itemWidth: 14 }
      : { top: 0, type: 'scroll' as const };
    const top = narrow ? 60 : 36;
    const leads = data.byLead.slice(0, MAX_LEADS);
    const sections: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend,
      grid: { left: 8, right: 8, top, bottom: 8 },
      xAxis: { type: 'category', data: data.bySection.map((s) => s.ordinal) },
      yAxis: { type: 'value', minInterval: 1 },
      series: stackedSeries(
        t,
        data.bySection.map((s) => s.counts),
        false,
      ),
    };
    const byLead: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend,
      grid: { left: 8, right: 16, top, bottom: 8 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: leads.map((l) => l.unit),
        axisLabel: { width: narrow ? 96 : 180, overflow: 'truncate' },
      },
      xAxis: { type: 'value', minInterval: 1 },
      series: stackedSeries(
        t,
        leads.map((l) => l.counts),
        true,
      ),
    };
    const trend: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend,
      grid: { left: 8, right: 16, top, bottom: 8 },
      xAxis: { type: 'category', data: data.trend.map((p) => formatPeriodLabel(t, p.period)) },
      yAxis: { type: 'value', minInterval: 1 },
      // Stacked columns, not lines: two lights with equal counts drew one line over the other.
      series: stackedSeries(
        t,
        data.trend.map((p) => p.counts),
        false,
        true,
      ),
    };
    return { sections, byLead, trend, leads };
  }, [data, narrow, t]);

  if (data === undefined || options === undefined) {
    return query.isError ? (
      <PageError
        error={query.error}
        onRetry={() => {
          void query.refetch();
        }}
      />
    ) : (
      <PageLoading />
    );
  }

  const base = { plan: data.plan.id, period: data.period.label };
  const showPeriod = (label: string) => {
    setParams(new URLSearchParams({ period: label }), { replace: true });
  };
  // Unasked, the server shows the latest period with reported progress; a later one (a round
  // just opened) is named here, one click away.
  const later = period === undefined ? data.periods.at(-1)?.label : undefined;
  const laterNotice =
    later === undefined || later === data.period.label ? null : (
      <Alert
        type="info"
        showIcon
        className="dashboard-later"
        data-testid="dashboard-later"
        title={t('dashboard.laterPeriod', {
          later: formatPeriodLabel(t, later),
          shown: formatPeriodLabel(t, data.period.label),
        })}
        action={
          <Button
            size="small"
            data-testid="dashboard-show-later"
            onClick={() => {
              showPeriod(later);
            }}
          >
            {t('dashboard.showLater', { later: formatPeriodLabel(t, later) })}
          </Button>
        }
      />
    );
  const go = (link: Parameters<typeof buildLedgerLink>[0]) => {
    void navigate(buildLedgerLink(link));
  };
  const kpis: { key: string; title: string; value: number; light?: Light; color?: string }[] = [
    { key: 'total', title: t('dashboard.kpi.total'), value: data.kpis.total },
    {
      key: 'done',
      title: lightFullLabel(t, 'done'),
      value: data.kpis.done,
      light: 'done',
      color: LIGHT_COLORS.done,
    },
    {
      key: 'onTrack',
      title: lightFullLabel(t, 'green'),
      value: data.kpis.onTrack,
      light: 'green',
      color: LIGHT_COLORS.green,
    },
    // In the legends' order: green, yellow, red.
    {
      key: 'yellow',
      title: lightFullLabel(t, 'yellow'),
      value: data.lights.yellow,
      light: 'yellow',
      color: LIGHT_COLORS.yellow,
    },
    {
      key: 'red',
      title: lightFullLabel(t, 'red'),
      value: data.lights.red,
      light: 'red',
      color: LIGHT_COLORS.red,
    },
    { key: 'notReported', title: t('dashboard.kpi.notReported'), value: data.kpis.notReported },
  ];

  return (
    <div className="dashboard-page">
      <div className="ledger-heading">
        <Typography.Title level={narrow ? 4 : 3} className="ledger-title">
          {t('dashboard.title')}
        </Typography.Title>
        <div className="ledger-heading-controls">
          <Select<string>
            aria-label={t('ledger.period')}
            data-testid="dashboard-period"
            value={data.period.label}
            options={data.periods.map((p) => ({
              value: p.label,
              label: formatPeriodLabel(t, p.label),
            }))}
            onChange={showPeriod}
          />
          <span className="ledger-org muted">{data.organization}</span>
        </div>
      </div>
      {laterNotice}

      <Row gutter={[12, 12]} className="dashboard-kpis">
        {kpis.map((kpi) => (
          <Col key={kpi.key} xs={12} sm={8} lg={4}>
            <Card
              size="small"
              hoverable
              data-testid={`kpi-${kpi.key}`}
              onClick={() => {
                go(
                  kpi.key === 'notReported'
                    ? { ...base, reported: 'no' }
                    : { ...base, light: kpi.light },
                );
              }}
            >
              <Statistic
                title={kpi.title}
                value={kpi.value}
                styles={kpi.color === undefined ? undefined : { content: { color: kpi.color } }}
              />
            </Card>
          </Col>
        ))}
      </Row>

      <Row gutter={[12, 12]} className="dashboard-charts">
        <Col xs={24} lg={12}>
          <Card size="small" title={t('dashboard.bySection')}>
            <EChart
              option={options.sections}
              height={280}
              testId="chart-sections"
              ariaLabel={t('dashboard.bySection')}
              onClick={({ seriesId, dataIndex }) => {
                const section = data.bySection[dataIndex];
                if (section === undefined) return;
                go({
                  ...base,
                  section: section.ordinal,
                  light: isLight(seriesId) ? seriesId : undefined,
                });
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('dashboard.trend')}>
            <EChart
              option={options.trend}
              height={280}
              testId="chart-trend"
              ariaLabel={t('dashboard.trend')}
              onClick={({ seriesId, dataIndex }) => {
                const point = data.trend[dataIndex];
                if (point === undefined) return;
                go({
                  ...base,
                  period: point.period,
                  light: isLight(seriesId) ? seriesId : undefined,
                });
              }}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('dashboard.byLead', { count: options.leads.length })}>
            <EChart
              option={options.byLead}
              height={Math.max(160, options.leads.length * 30 + (narrow ? 84 : 60))}
              testId="chart-leads"
              ariaLabel={t('dashboard.byLead', { count: options.leads.length })}
              onClick={({ seriesId, dataIndex }) => {
                const lead = options.leads[dataIndex];
                if (lead === undefined) return;
                go({
                  ...base,
                  unit: lead.unitId ?? undefined,
                  light: isLight(seriesId) ? seriesId : undefined,
                });
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('dashboard.behind', { count: data.behind.length })}>
            {data.behind.length === 0 ? (
              <Empty description={t('dashboard.noneBehind')} />
            ) : (
              <List
                size="small"
                data-testid="dashboard-behind"
                dataSource={data.behind}
                pagination={LIST_PAGINATION}
                renderItem={(task) => (
                  <List.Item>
                    <List.Item.Meta
                      title={
                        <span>
                          <Tag color={task.light === 'red' ? 'error' : 'warning'}>
                            {lightLabel(t, task.light)}
                          </Tag>
                          {task.taskId === null ? (
                            `${task.no}. ${task.text}`
                          ) : (
                            <Link to={`/tasks/${task.taskId}?period=${data.period.label}`}>
                              {task.no}. {task.text}
                            </Link>
                          )}
                        </span>
                      }
                      description={`${task.lead.join('、')} · ${task.gapText}`}
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('dashboard.findings', { count: data.findings.length })}>
            {data.findings.length === 0 ? (
              <Empty description={t('dashboard.noFindings')} />
            ) : (
              <List
                size="small"
                data-testid="dashboard-findings"
                dataSource={data.findings}
                pagination={LIST_PAGINATION}
                renderItem={(finding) => <List.Item>{finding.message}</List.Item>}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <EscalationBlock period={data.period.label} />
        </Col>
      </Row>
    </div>
  );
}
