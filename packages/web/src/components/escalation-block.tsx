import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';

import { useCurrentUser } from '../api/current-user.tsx';
import { useFindingsQuery } from '../api/figures.ts';
import { useT } from '../i18n/locale-context.tsx';
import { LightBadge } from './light-badge.tsx';

/**
 * The dashboard's escalation block (督办升级): tasks lagging period after period, with the rung
 * of the plan's ladder they reached (提醒, 约谈 …); a click opens the task. For the office and
 * leaders, who see the findings; nothing for others.
 */
export function EscalationBlock({ period }: { period: string }) {
  const user = useCurrentUser();
  const allowed = user.role === 'admin' || user.role === 'leader';
  return allowed ? <EscalationList period={period} /> : null;
}

function EscalationList({ period }: { period: string }) {
  const t = useT();
  const query = useFindingsQuery(period);
  const escalations = query.data?.escalations;
  if (escalations === undefined) return null;
  return (
    <Card
      size="small"
      title={t('dashboard.escalations', { count: escalations.length })}
      data-testid="dashboard-escalations"
    >
      {escalations.length === 0 ? (
        <Empty description={t('figures.noEscalations')} />
      ) : (
        <List
          size="small"
          dataSource={escalations}
          renderItem={(item) => (
            <List.Item data-testid="dashboard-escalation" data-action={item.escalation.action}>
              <Space wrap size={4}>
                <Tag color={item.escalation.action === 'interview' ? 'red' : 'orange'}>
                  {item.escalation.label}
                </Tag>
                <LightBadge light={item.light} />
                <Link to={`/tasks/${item.task.id}?${new URLSearchParams({ period }).toString()}`}>
                  {item.task.no}. {item.task.text}
                </Link>
                <Typography.Text type="secondary">
                  {t('figures.periodsLagging', { periods: item.escalation.periods })}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
