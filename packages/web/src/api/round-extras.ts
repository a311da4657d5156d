import type {
  CreateExtensionBody,
  CreateInstructionBody,
  DecideExtensionBody,
  ExtensionRequestDto,
  InstructionDto,
  PublishBody,
  RoundPeriod,
  TimelinessDto,
} from '@duban/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { requestJson } from './client.ts';

/** Polled like the board, so a leader sees acknowledgements and the office new requests. */
const POLL_MS = 5000;

const keys = {
  round: ['round'] as const,
  /** Every page of 本期填报 (api/round.ts's `page` keys). */
  page: ['round', 'page'] as const,
  board: ['round', 'board'] as const,
  extensions: ['round', 'extensions'] as const,
  instructions: ['round', 'instructions'] as const,
  timeliness: ['round', 'timeliness'] as const,
};

export function useExtensionsQuery(enabled = true) {
  return useQuery({
    queryKey: keys.extensions,
    queryFn: ({ signal }) =>
      requestJson<ExtensionRequestDto[]>('/api/round/extensions', { signal }),
    refetchInterval: POLL_MS,
    retry: false,
    enabled,
  });
}

export function useRequestExtensionMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, body }: { taskId: number; body: CreateExtensionBody }) =>
      requestJson<ExtensionRequestDto>(`/api/round/tasks/${taskId}/extensions`, {
        method: 'POST',
        body,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.extensions }),
  });
}

export function useDecideExtensionMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: DecideExtensionBody }) =>
      requestJson<ExtensionRequestDto>(`/api/round/extensions/${id}/decision`, {
        method: 'POST',
        body,
      }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.round }),
  });
}

export function useInstructionsQuery(enabled = true) {
  return useQuery({
    queryKey: keys.instructions,
    queryFn: ({ signal }) => requestJson<InstructionDto[]>('/api/round/instructions', { signal }),
    refetchInterval: POLL_MS,
    retry: false,
    enabled,
  });
}

export function useCreateInstructionMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, body }: { taskId: number; body: CreateInstructionBody }) =>
      requestJson<InstructionDto>(`/api/round/tasks/${taskId}/instructions`, {
        method: 'POST',
        body,
      }),
    // The round's pages count and list the tasks with a 批示 (已批示).
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.instructions }),
        client.invalidateQueries({ queryKey: keys.page }),
      ]),
  });
}

export function useAcknowledgeMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      requestJson<InstructionDto>(`/api/round/instructions/${id}/acknowledgement`, {
        method: 'POST',
      }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.instructions }),
  });
}

export function useTimelinessQuery() {
  return useQuery({
    queryKey: keys.timeliness,
    queryFn: ({ signal }) => requestJson<TimelinessDto>('/api/round/timeliness', { signal }),
    refetchInterval: POLL_MS,
    retry: false,
  });
}

/** Publishing with an optional override reason (needed while tasks are not accepted). */
export function usePublishWithReasonMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ label, body }: { label: string; body: NonNullable<PublishBody> }) =>
      requestJson<RoundPeriod>(`/api/periods/${label}/publish`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.round }),
  });
}
