import type { ChangePasswordBody, LoginBody, User } from '@duban/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';

import { ApiError, requestJson, requestVoid } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** The signed-in user, or null when there is no session (401). */
export async function fetchSession(): Promise<User | null> {
  try {
    return await requestJson<User>('/api/session');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function login(body: LoginBody): Promise<User> {
  return requestJson<User>('/api/session', { method: 'POST', body });
}

export function logout(): Promise<void> {
  return requestVoid('/api/session', { method: 'DELETE' });
}

export function changePassword(body: ChangePasswordBody): Promise<void> {
  return requestVoid('/api/session/password', { method: 'POST', body });
}

/**
 * Forget the session: the login gate then unmounts every signed-in screen. Their cached data
 * is cleared at the next login (clearing it here, while those screens are still mounted,
 * would make them fetch again).
 */
export function dropSession(client: QueryClient): void {
  client.setQueryData(queryKeys.session, null);
}

/** Remove everything fetched under a previous session, before another user's data arrives. */
function clearUserData(client: QueryClient): void {
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.session[0] });
}

export function useSessionQuery() {
  return useQuery({ queryKey: queryKeys.session, queryFn: fetchSession, staleTime: Infinity });
}

export function useLoginMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (user) => {
      clearUserData(client);
      client.setQueryData(queryKeys.session, user);
    },
  });
}

export function useLogoutMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: logout,
    // Even if the server could not be told, this browser forgets the session.
    onSettled: () => {
      dropSession(client);
    },
  });
}

export function useChangePasswordMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    // The server clears mustChangePassword; read the user again rather than guess.
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.session }),
  });
}
