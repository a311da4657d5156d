import { Alert, App, Button, Form, Input } from 'antd';

import { useCurrentUser } from '../api/current-user.tsx';
import { useChangePasswordMutation, useLogoutMutation } from '../api/session.ts';
import { AuthCard, AuthFormFooter } from '../components/auth-card.tsx';
import { useT } from '../i18n/locale-context.tsx';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * Shown instead of the app while the user must change the initial password: it has no way
 * past it other than changing the password (or logging out).
 */
export function ChangePasswordPage() {
  const t = useT();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const change = useChangePasswordMutation();
  const logout = useLogoutMutation();
  return (
    <AuthCard
      title={t('password.title')}
      actions={
        <Button
          type="text"
          data-testid="logout"
          onClick={() => {
            logout.mutate();
          }}
        >
          {t('header.logout')}
        </Button>
      }
    >
      <Alert type="info" showIcon title={t('password.notice')} className="form-notice" />
      <Form<PasswordForm>
        layout="vertical"
        requiredMark={false}
        disabled={change.isPending}
        onFinish={(values) => {
          change.mutate(
            { currentPassword: values.currentPassword, newPassword: values.newPassword },
            {
              onSuccess: () => {
                void message.success(t('password.changed'));
              },
            },
          );
        }}
      >
        {/* Lets password managers file the new password under the right account. */}
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={user.username}
          readOnly
          hidden
        />
        <Form.Item
          label={t('password.current')}
          name="currentPassword"
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item
          label={t('password.new')}
          name="newPassword"
          dependencies={['currentPassword']}
          rules={[
            { required: true, message: t('password.newRequired') },
            ({ getFieldValue }) => ({
              validator: (_rule, value: unknown) =>
                value !== undefined && value !== '' && value === getFieldValue('currentPassword')
                  ? Promise.reject(new Error(t('password.sameAsCurrent')))
                  : Promise.resolve(),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          label={t('password.confirm')}
          name="confirmPassword"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: (_rule, value: unknown) =>
                value === undefined || value === '' || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
        <AuthFormFooter
          error={change.error}
          pending={change.isPending}
          label={t('password.submit')}
          testId="password"
        />
      </Form>
    </AuthCard>
  );
}
