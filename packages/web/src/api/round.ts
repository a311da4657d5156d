import type {
  AdminUser,
  Board,
  CreateUserBody,
  OpenPeriodBody,
  ProgressPart,
  RoundEntryDto,
  RoundPeriod,
  RoundView,
  SaveProgressBody,
  TransitionBody,
  UnitRef,
  VersionHistory,
} from '@duban/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { requestJson, requestVoid } from './client.ts';

/** The board refreshes this often: "updates live" without a socket. */
export const BOARD_POLL_MS = 5000;

const roundKeys = {
  round: ['round'] as const,
  board: ['round', 'board'] as const,
  versions: (taskId: number) => ['round', 'versions', taskId] as const,
};

export function useRoundQuery() {
  return useQuery({
    queryKey: roundKeys.round,
    queryFn: ({ signal }) => requestJson<RoundView>('/api/round', { signal }),
    retry: false,
  });
}

export function saveProgress(taskId: number, body: SaveProgressBody): Promise<RoundEntryDto> {
  return requestJson<RoundEntryDto>(`/api/round/tasks/${taskId}/progress`, {
    method: 'PUT',
    body,
  });
}

export function useTransitionMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, body }: { taskId: number; body: TransitionBody }) =>
      requestJson<RoundEntryDto>(`/api/round/tasks/${taskId}/transitions`, {
        method: 'POST',
        body,
      }),
    onSettled: () => client.invalidateQueries({ queryKey: roundKeys.round }),
  });
}

export function useBoardQuery() {
  return useQuery({
    queryKey: roundKeys.board,
    queryFn: ({ signal }) => requestJson<Board>('/api/round/board', { signal }),
    refetchInterval: BOARD_POLL_MS,
    retry: false,
  });
}

export function useRemindMutation() {
  return useMutation({
    mutationFn: (body: { period: string; unitId: number }) =>
      requestVoid('/api/round/reminders', { method: 'POST', body }),
  });
}

export function useOpenPeriodMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: OpenPeriodBody) =>
      requestJson<RoundPeriod>('/api/periods', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: roundKeys.round }),
  });
}

export function useVersionsQuery(taskId: number) {
  return useQuery({
    queryKey: roundKeys.versions(taskId),
    queryFn: ({ signal }) =>
      requestJson<VersionHistory>(`/api/round/tasks/${taskId}/versions`, { signal }),
  });
}

export function partKey(part: ProgressPart): string {
  return part === 'consolidated' ? 'consolidated' : String(part);
}

const userKeys = { users: ['users'] as const, units: ['units'] as const };

export function useUsersQuery() {
  return useQuery({
    queryKey: userKeys.users,
    queryFn: ({ signal }) => requestJson<AdminUser[]>('/api/users', { signal }),
  });
}

export function useUnitsQuery() {
  return useQuery({
    queryKey: userKeys.units,
    queryFn: ({ signal }) => requestJson<UnitRef[]>('/api/units', { signal }),
  });
}

/** Create, reset, disable and set the e-mail: each answers with the user (and, for the first two, a password). */
export function useUserAdminMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      change:
        | { kind: 'create'; body: CreateUserBody }
        | { kind: 'reset'; id: number }
        | { kind: 'disable'; id: number }
        | { kind: 'email'; id: number; email: string },
    ): Promise<{ user: AdminUser; password?: string }> => {
      if (change.kind === 'email') {
        return requestJson<AdminUser>(`/api/users/${change.id}/email`, {
          method: 'PUT',
          body: { email: change.email },
        }).then((user) => ({ user }));
      }
      if (change.kind === 'create') {
        return requestJson('/api/users', { method: 'POST', body: change.body });
      }
      if (change.kind === 'reset') {
        return requestJson(`/api/users/${change.id}/password-reset`, { method: 'POST' });
      }
      return requestJson<AdminUser>(`/api/users/${change.id}/disable`, { method: 'POST' }).then(
        (user) => ({ user }),
      );
    },
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.users }),
  });
}
