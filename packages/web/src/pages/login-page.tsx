import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { LoginBody } from '@duban/core';
import { Alert, Button, Card, Form, Input } from 'antd';

import { useLoginMutation } from '../api/session.ts';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { useT } from '../i18n/locale-context.tsx';
import { describeError } from '../lib/error-message.ts';

export function LoginPage() {
  const t = useT();
  const login = useLoginMutation();
  return (
    <div className="auth-page">
      <div className="auth-page-lang">
        <LanguageSwitch />
      </div>
      <Card className="auth-card">
        <div className="auth-brand">
          <div className="auth-brand-name">{t('app.name')}</div>
          <div className="muted">{t('app.tagline')}</div>
        </div>
        <Form<LoginBody>
          layout="vertical"
          requiredMark={false}
          disabled={login.isPending}
          onFinish={(values) => {
            login.mutate({ username: values.username.trim(), password: values.password });
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
          {login.isError ? (
            <div data-testid="login-error" role="alert" className="form-error">
              <Alert type="error" showIcon title={describeError(login.error, t)} />
            </div>
          ) : null}
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={login.isPending}
            data-testid="login-submit"
          >
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
