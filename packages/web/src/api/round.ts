import type {
  AdminUser,
  Board,
  CreateUserBody,
  OpenPeriodBody,
  ProgressPart,
  RoundEntryDto,
  RoundFilter,
  RoundPage,
  RoundPeriod,
  RoundState,
  SaveProgressBody,
  TransitionBody,
  UnitRef,
  VersionHistory,
} from '@duban/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { requestJson, requestVoid } from './client.ts';

/** The board refreshes this often: "updates live" without a socket. */
export const BOARD_POLL_MS = 5000;

/** Cards per page of 本期填报: each carries editors, so fewer than the API's default 50. */
export const ROUND_PAGE_SIZE = 20;

/** What 本期填报 asks the server for (issue 7); the page keeps all but `keep` in its URL. */
export interface RoundListParams {
  filter: RoundFilter;
  state?: RoundState | undefined;
  q: string;
  /** 1-based. */
  page: number;
  /** Tasks acted on during this visit: they stay in 待我处理 (see selectRoundTasks). */
  keep: readonly number[];
}

/** Every round query starts with 'round', so invalidating `round` refreshes the page too. */
const roundKeys = {
  round: ['round'] as const,
  page: (params: RoundListParams) => ['round', 'page', params] as const,
  board: ['round', 'board'] as const,
  versions: (taskId: number) => ['round', 'versions', taskId] as const,
};

/** The query string of `GET /api/round` (names as in `roundListQuerySchema`). */
export function toRoundQueryString(params: RoundListParams): string {
  const query = new URLSearchParams({
    filter: params.filter,
    offset: String((params.page - 1) * ROUND_PAGE_SIZE),
    limit: String(ROUND_PAGE_SIZE),
  });
  if (params.state !== undefined) query.set('state', params.state);
  if (params.q !== '') query.set('q', params.q);
  if (params.filter === 'todo' && params.keep.length > 0) query.set('keep', params.keep.join(','));
  return query.toString();
}

export function useRoundPageQuery(params: RoundListParams) {
  return useQuery({
    // `keep` matters to 待我处理 alone: elsewhere a step must not start another request.
    queryKey: roundKeys.page(params.filter === 'todo' ? params : { ...params, keep: [] }),
    queryFn: ({ signal }) =>
      requestJson<RoundPage>(`/api/round?${toRoundQueryString(params)}`, { signal }),
    // The cards stay on screen while another tab or page loads, instead of a spinner.
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function saveProgress(taskId: number, body: SaveProgressBody): Promise<RoundEntryDto> {
  return requestJson<RoundEntryDto>(`/api/round/tasks/${taskId}/progress`, {
    method: 'PUT',
    body,
  });
}

/**
 * A step on an entry. `onStepTaken` runs once the server took it and before the round's lists
 * are refetched: 本期填报 adds the task to `keep` there, so the refetch already keeps it.
 */
export function useTransitionMutation(onStepTaken?: (taskId: number) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, body }: { taskId: number; body: TransitionBody }) =>
      requestJson<RoundEntryDto>(`/api/round/tasks/${taskId}/transitions`, {
        method: 'POST',
        body,
      }),
    onSuccess: (_entry, { taskId }) => {
      onStepTaken?.(taskId);
    },
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
