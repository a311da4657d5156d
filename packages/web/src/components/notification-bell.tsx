import { BellOutlined } from '@ant-design/icons';
import type { MyNotification } from '@duban/core';
import { Badge, Button, Empty, Popover, Typography } from 'antd';
import { useState } from 'react';

import { useCurrentUser } from '../api/current-user.tsx';
import { useMarkReadMutation, useMyNotificationsQuery } from '../api/notifications.ts';
import { useIsNarrow } from '../hooks/use-media-query.ts';
import { useT } from '../i18n/locale-context.tsx';

function formatTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

function NotificationItem({
  note,
  onRead,
}: {
  note: MyNotification;
  onRead: (id: number) => void;
}) {
  const t = useT();
  const unread = note.readAt === null;
  return (
    <li
      className={unread ? 'notification-item notification-unread' : 'notification-item'}
      data-testid="bell-item"
      data-unread={unread ? 'true' : 'false'}
    >
      <Typography.Text strong={unread}>{note.message}</Typography.Text>
      <div className="notification-meta">
        <Typography.Text type="secondary">
          {note.period === null ? '' : `${note.period} · `}
          {formatTime(note.createdAt)}
        </Typography.Text>
        {unread ? (
          <Button
            type="link"
            size="small"
            data-testid={`bell-read-${note.id}`}
            onClick={() => {
              onRead(note.id);
            }}
          >
            {t('notifications.markRead')}
          </Button>
        ) : null}
      </div>
    </li>
  );
}

/**
 * The header's bell (提醒): a unit's users see their unit's reminders (催办, automatic and from
 * the office) with the unread count; the list is polled, and read state is per user.
 */
export function NotificationBell() {
  const t = useT();
  const user = useCurrentUser();
  const unitScoped = user.role === 'reporter' || user.role === 'unit_head';
  const notifications = useMyNotificationsQuery(unitScoped);
  const markRead = useMarkReadMutation();
  const [open, setOpen] = useState(false);
  const narrow = useIsNarrow();
  if (!unitScoped) return null;
  const items = notifications.data?.items ?? [];
  const unread = notifications.data?.unreadCount ?? 0;
  const content = (
    <div className="notification-panel" data-testid="bell-panel">
      <div className="notification-panel-head">
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={unread === 0}
          loading={markRead.isPending && markRead.variables === 'all'}
          data-testid="bell-read-all"
          onClick={() => {
            markRead.mutate('all');
          }}
        >
          {t('notifications.markAllRead')}
        </Button>
      </div>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      ) : (
        <ul className="notification-list">
          {items.map((note) => (
            <NotificationItem
              key={note.id}
              note={note}
              onRead={(id) => {
                markRead.mutate(id);
              }}
            />
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <Popover
      content={content}
      trigger="click"
      // On a phone the bell sits mid-header: anchored right, the panel ran off the left edge.
      placement={narrow ? 'bottom' : 'bottomRight'}
      open={open}
      onOpenChange={setOpen}
    >
      <Button
        type="text"
        data-testid="bell"
        aria-label={t('notifications.bell', { count: unread })}
        title={t('notifications.bell', { count: unread })}
      >
        <Badge count={unread} size="small" data-testid="bell-count">
          <BellOutlined />
        </Badge>
      </Button>
    </Popover>
  );
}
