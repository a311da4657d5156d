import type {
  DeleteFigureBody,
  DismissFindingBody,
  FindingsView,
  LightRules,
  PlanLightRules,
  SaveAssessmentBody,
  SaveFigureBody,
  SaveMilestonesBody,
  TaskFigures,
} from '@duban/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { requestJson, requestVoid } from './client.ts';

const figureKeys = {
  task: (id: number, period: string | undefined) => ['task-figures', id, period ?? null] as const,
  findings: (period: string | undefined) => ['findings', period ?? null] as const,
  lightRules: (plan: number) => ['light-rules', plan] as const,
};

function withPeriod(path: string, period: string | undefined): string {
  return period === undefined ? path : `${path}?${new URLSearchParams({ period }).toString()}`;
}

export function useTaskFiguresQuery(id: number, period: string | undefined) {
  return useQuery({
    queryKey: figureKeys.task(id, period),
    queryFn: ({ signal }) =>
      requestJson<TaskFigures>(withPeriod(`/api/tasks/${id}/figures`, period), { signal }),
  });
}

/** After a figure or an assessment changes, the ledger's lights and the findings change too. */
function useInvalidateFigures() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['task-figures'] }),
      client.invalidateQueries({ queryKey: ['ledger'] }),
      client.invalidateQueries({ queryKey: ['findings'] }),
    ]);
}

export function useSaveFigureMutation(id: number) {
  const invalidate = useInvalidateFigures();
  return useMutation({
    mutationFn: (body: SaveFigureBody) =>
      requestJson<TaskFigures>(`/api/tasks/${id}/figures`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

/** The office sets (or with null clears) the task's milestones; its light follows them. */
export function useSaveMilestonesMutation(id: number) {
  const invalidate = useInvalidateFigures();
  return useMutation({
    mutationFn: (body: SaveMilestonesBody) =>
      requestJson<TaskFigures>(`/api/tasks/${id}/milestones`, { method: 'PUT', body }),
    onSuccess: invalidate,
  });
}

/** Deletes a figure people stored; the text's figure applies again. */
export function useDeleteFigureMutation(id: number) {
  const invalidate = useInvalidateFigures();
  return useMutation({
    mutationFn: ({ figureId, ...body }: DeleteFigureBody & { figureId: number }) =>
      requestJson<TaskFigures>(`/api/tasks/${id}/figures/${figureId}`, { method: 'DELETE', body }),
    onSuccess: invalidate,
  });
}

export function useSaveAssessmentMutation(id: number) {
  const invalidate = useInvalidateFigures();
  return useMutation({
    mutationFn: (body: SaveAssessmentBody) =>
      requestJson<TaskFigures>(`/api/tasks/${id}/assessment`, { method: 'PUT', body }),
    onSuccess: invalidate,
  });
}

export function useFindingsQuery(period: string | undefined) {
  return useQuery({
    queryKey: figureKeys.findings(period),
    queryFn: ({ signal }) =>
      requestJson<FindingsView>(withPeriod('/api/findings', period), { signal }),
  });
}

export function useDismissFindingMutation() {
  const invalidate = useInvalidateFigures();
  return useMutation({
    mutationFn: (body: DismissFindingBody) =>
      requestVoid('/api/findings/dismissals', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useLightRulesQuery(plan: number) {
  return useQuery({
    queryKey: figureKeys.lightRules(plan),
    queryFn: ({ signal }) =>
      requestJson<PlanLightRules>(`/api/plans/${plan}/light-rules`, { signal }),
  });
}

export function useSaveLightRulesMutation(plan: number) {
  const client = useQueryClient();
  const invalidate = useInvalidateFigures();
  return useMutation({
    mutationFn: (rules: LightRules) =>
      requestJson<PlanLightRules>(`/api/plans/${plan}/light-rules`, {
        method: 'PUT',
        body: { rules },
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: figureKeys.lightRules(plan) });
      await invalidate();
    },
  });
}
