import { QueryClientProvider } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider, Layout } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Suspense, lazy } from 'react';
import type { ReactNode } from 'react';
import { Navigate, Outlet, Route, Routes } from 'react-router';

import { CurrentUserContext } from './api/current-user.tsx';
import { useSessionQuery } from './api/session.ts';
import { AppHeader } from './components/app-header.tsx';
import { PageError, PageLoading } from './components/page-state.tsx';
import { LocaleProvider, useLocale } from './i18n/locale-context.tsx';

// Route-level code splitting: the login screen does not load the ledger's table code.
const LoginPage = lazy(() =>
  import('./pages/login-page.tsx').then((module) => ({ default: module.LoginPage })),
);
const ChangePasswordPage = lazy(() =>
  import('./pages/change-password-page.tsx').then((module) => ({
    default: module.ChangePasswordPage,
  })),
);
const LedgerPage = lazy(() =>
  import('./pages/ledger-page.tsx').then((module) => ({ default: module.LedgerPage })),
);
const RoundPage = lazy(() =>
  import('./pages/round-page.tsx').then((module) => ({ default: module.RoundPage })),
);
const BoardPage = lazy(() =>
  import('./pages/board-page.tsx').then((module) => ({ default: module.BoardPage })),
);
// ECharts comes with the dashboard's chunk only.
const DashboardPage = lazy(() =>
  import('./pages/dashboard-page.tsx').then((module) => ({ default: module.DashboardPage })),
);
const ImportPage = lazy(() =>
  import('./pages/import-page.tsx').then((module) => ({ default: module.ImportPage })),
);
const FindingsPage = lazy(() =>
  import('./pages/findings-page.tsx').then((module) => ({ default: module.FindingsPage })),
);
const UsersPage = lazy(() =>
  import('./pages/users-page.tsx').then((module) => ({ default: module.UsersPage })),
);
const HistoryPage = lazy(() =>
  import('./pages/history-page.tsx').then((module) => ({ default: module.HistoryPage })),
);
const TaskDrawer = lazy(() =>
  import('./components/task-drawer.tsx').then((module) => ({ default: module.TaskDrawer })),
);

const THEME = {
  token: {
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
};

function AntdConfig({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  return (
    // autoInsertSpace off: antd would render 登录 as "登 录", which reads oddly and breaks text matching.
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      theme={THEME}
      button={{ autoInsertSpace: false }}
    >
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  );
}

/** Everything the screens need around them; the router is supplied by the caller. */
export function AppProviders({
  queryClient,
  children,
}: {
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <AntdConfig>{children}</AntdConfig>
      </LocaleProvider>
    </QueryClientProvider>
  );
}

function SignedInLayout() {
  return (
    <Layout className="app-layout">
      <AppHeader />
      <Layout.Content className="app-content">
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}

/**
 * The login gate: no session → login; a session that must change its password → that screen
 * and nothing else; otherwise the app. A 401 anywhere clears the session (see query-client.ts),
 * which brings the login screen back.
 */
export function AppRoutes() {
  const session = useSessionQuery();
  if (session.isPending) return <PageLoading />;
  if (session.isError) {
    return (
      <PageError
        error={session.error}
        onRetry={() => {
          void session.refetch();
        }}
      />
    );
  }
  const user = session.data;
  if (!user) {
    return (
      <Suspense fallback={<PageLoading />}>
        <LoginPage />
      </Suspense>
    );
  }
  return (
    <CurrentUserContext.Provider value={user}>
      {user.mustChangePassword ? (
        <Suspense fallback={<PageLoading />}>
          <ChangePasswordPage />
        </Suspense>
      ) : (
        <SignedInRoutes />
      )}
    </CurrentUserContext.Provider>
  );
}

function SignedInRoutes() {
  return (
    <Routes>
      <Route element={<SignedInLayout />}>
        <Route path="/" element={<LedgerPage />}>
          <Route
            path="tasks/:id"
            element={
              <Suspense fallback={null}>
                <TaskDrawer />
              </Suspense>
            }
          />
        </Route>
        <Route path="round" element={<RoundPage />} />
        <Route path="board" element={<BoardPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="history/:id" element={<HistoryPage />} />
        <Route path="dashboard" element={<DashboardPage />} />
        <Route path="import" element={<ImportPage />} />
        <Route path="import/:id" element={<ImportPage />} />
        <Route path="findings" element={<FindingsPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
