import type { MyNotifications } from '@duban/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { requestJson } from './client.ts';

/** The bell polls this often: reminders arrive without a socket. */
export const NOTIFICATIONS_POLL_MS = 30_000;

const notificationKeys = { mine: ['notifications'] as const };

/** The caller's unit's notifications with the caller's read state, and the unread count. */
export function useMyNotificationsQuery(enabled = true) {
  return useQuery({
    queryKey: notificationKeys.mine,
    queryFn: ({ signal }) => requestJson<MyNotifications>('/api/notifications', { signal }),
    refetchInterval: NOTIFICATIONS_POLL_MS,
    enabled,
  });
}

/** Marks one notification (by id) or all of them ('all') read; answers the new list. */
export function useMarkReadMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (target: number | 'all') =>
      requestJson<MyNotifications>(
        target === 'all' ? '/api/notifications/read-all' : `/api/notifications/${target}/read`,
        { method: 'POST' },
      ),
    onSuccess: (data) => {
      client.setQueryData(notificationKeys.mine, data);
    },
  });
}
