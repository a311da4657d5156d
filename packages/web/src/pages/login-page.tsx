import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { LoginBody } from '@duban/core';
import { Form, Input } from 'antd';
import { useLocation, useNavigate } from 'react-router';

import { useLoginMutation } from '../api/session.ts';
import { AuthCard, AuthFormFooter } from '../components/auth-card.tsx';
import { useT } from '../i18n/locale-context.tsx';

/**
 * Where a role lands after signing in, when the address named no page: a 领导 reads the
 * dashboard first; everyone else the ledger.
 */
function findLandingPath(role: LoginUser['role']): string | undefined {
  return role === 'leader' ? '/dashboard' : undefined;
}

type LoginUser = NonNullable<ReturnType<typeof useLoginMutation>['data']>;

export function LoginPage() {
  const t = useT();
  const login = useLoginMutation();
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <AuthCard>
      <div className="auth-brand">
        <div className="auth-brand-name">{t('app.name')}</div>
        <div className="muted">{t('app.tagline')}</div>
      </div>
      <Form<LoginBody>
        layout="vertical"
        requiredMark={false}
        disabled={login.isPending}
        onFinish={(values) => {
          login.mutate(
            { username: values.username.trim(), password: values.password },
            {
              onSuccess: (user) => {
                const landing = findLandingPath(user.role);
                // A link that named a page (a task, a filtered ledger) wins over the landing.
                if (landing !== undefined && location.pathname === '/' && location.search === '') {
                  void navigate(landing, { replace: true });
                }
              },
            },
          );
        }}
      >
        <Form.Item
          label={t('login.username')}
          name="username"
          rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
        >
          <Input
            prefix={<UserOutlined />}
            autoComplete="username"
            autoFocus
            data-testid="login-username"
          />
        </Form.Item>
        <Form.Item
          label={t('login.password')}
          name="password"
          rules={[{ required: true, message: t('login.passwordRequired') }]}
        >
          <Input.Password
            prefix={<LockOutlined />}
            autoComplete="current-password"
            data-testid="login-password"
          />
        </Form.Item>
        <AuthFormFooter
          error={login.error}
          pending={login.isPending}
          label={t('login.submit')}
          testId="login"
        />
      </Form>
    </AuthCard>
  );
}
