import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout } from 'antd';
import { useRef } from 'react';
import { NavLink, useLocation, useNavigate } from 'react-router';

import { useCurrentUser } from '../api/current-user.tsx';
import { useLogoutMutation } from '../api/session.ts';
import { useIsNarrow } from '../hooks/use-media-query.ts';
import { useScrollCues } from '../hooks/use-scroll-cues.ts';
import { useT } from '../i18n/locale-context.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { NotificationBell } from './notification-bell.tsx';
import { RoundNav } from './round-nav.tsx';

export function AppHeader() {
  const t = useT();
  const user = useCurrentUser();
  const logout = useLogoutMutation();
  const navigate = useNavigate();
  const narrow = useIsNarrow();
  const location = useLocation();
  const navs = useRef<HTMLDivElement>(null);
  // On a phone the link row scrolls sideways: a fade shows where links are hidden, and the
  // current page's link is scrolled into sight (it may be the last one, off the screen).
  const cues = useScrollCues(
    navs,
    `${location.pathname} ${String(narrow)}`,
    '.app-nav-link.active',
  );
  return (
    <Layout.Header className="app-header">
      <span className="app-name">{t('app.name')}</span>
      <span className="app-org" title={user.organization.name}>
        {user.organization.name}
      </span>
      {/* One box for both link groups: on a phone it becomes a second, scrollable header row. */}
      <div
        className="app-navs"
        ref={navs}
        data-testid="app-navs"
        data-more-left={cues.left || undefined}
        data-more-right={cues.right || undefined}
      >
        <RoundNav />
        <nav className="app-nav">
          <NavLink to="/dashboard" data-testid="nav-dashboard" className="app-nav-link">
            {t('dashboard.nav')}
          </NavLink>
          {user.role === 'admin' || user.role === 'leader' ? (
            <NavLink to="/findings" data-testid="nav-findings" className="app-nav-link">
              {t('figures.nav')}
            </NavLink>
          ) : null}
          {user.role === 'admin' ? (
            <NavLink to="/import" data-testid="nav-import" className="app-nav-link">
              {t('import.nav')}
            </NavLink>
          ) : null}
        </nav>
      </div>
      <span className="app-header-spacer" />
      <NotificationBell />
      {/* On a phone the name gives way to the organisation; it stays in the tooltip. */}
      <span className="app-user" title={`${user.displayName} (${user.username})`}>
        <UserOutlined /> {narrow ? null : user.displayName}
      </span>
      <LanguageSwitch />
      <Button
        type="text"
        icon={<LogoutOutlined />}
        data-testid="logout"
        title={t('header.logout')}
        aria-label={t('header.logout')}
        loading={logout.isPending}
        onClick={() => {
          // Leave the current view first: the next person to log in starts at the ledger.
          void navigate('/', { replace: true });
          logout.mutate();
        }}
      >
        {/* On a phone only the icon: the text pushed the button off the screen. */}
        {narrow ? null : t('header.logout')}
      </Button>
    </Layout.Header>
  );
}
