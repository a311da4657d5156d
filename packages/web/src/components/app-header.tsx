import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout } from 'antd';
import { useNavigate } from 'react-router';

import { useCurrentUser } from '../api/current-user.tsx';
import { useLogoutMutation } from '../api/session.ts';
import { useIsNarrow } from '../hooks/use-media-query.ts';
import { useT } from '../i18n/locale-context.tsx';
import { LanguageSwitch } from './language-switch.tsx';

export function AppHeader() {
  const t = useT();
  const user = useCurrentUser();
  const logout = useLogoutMutation();
  const navigate = useNavigate();
  const narrow = useIsNarrow();
  return (
    <Layout.Header className="app-header">
      <span className="app-name">{t('app.name')}</span>
      <span className="app-org" title={user.organization.name}>
        {user.organization.name}
      </span>
      <span className="app-header-spacer" />
      {/* On a phone the name gives way to the organisation; it stays in the tooltip. */}
      <span className="app-user" title={`${user.displayName} (${user.username})`}>
        <UserOutlined /> {narrow ? null : user.displayName}
      </span>
      <LanguageSwitch />
      <Button
        type="text"
        icon={<LogoutOutlined />}
        data-testid="logout"
        loading={logout.isPending}
        onClick={() => {
          // Leave the current view first: the next person to log in starts at the ledger.
          void navigate('/', { replace: true });
          logout.mutate();
        }}
      >
        {t('header.logout')}
      </Button>
    </Layout.Header>
  );
}
