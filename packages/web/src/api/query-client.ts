import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';

import { isSessionLost } from '../lib/error-message.ts';
import { ApiError } from './client.ts';
import { queryKeys } from './query-keys.ts';
import { dropSession } from './session.ts';

/** Client errors (4xx) will not change on retry; network and 5xx errors get one more try. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) return false;
  return failureCount < 1;
}

/**
 * The app's query client. A 401 from any call (other than reading the session itself and a
 * wrong password) drops the session, which sends the app back to the login screen.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isSessionLost(error) && query.queryKey[0] !== queryKeys.session[0]) dropSession(client);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isSessionLost(error)) dropSession(client);
      },
    }),
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
  return client;
}
