import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';

import { createQueryClient } from '../api/query-client.ts';
import { AppProviders, AppRoutes } from '../app.tsx';

/** The whole app (login gate, routes, providers) at a URL, against the stubbed fetch. */
export function renderApp(url = '/') {
  const queryClient = createQueryClient();
  const result = render(
    <AppProviders queryClient={queryClient}>
      <MemoryRouter initialEntries={[url]}>
        <AppRoutes />
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...result, queryClient };
}
