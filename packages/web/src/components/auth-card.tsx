import { Alert, Button, Card } from 'antd';
import type { ReactNode } from 'react';

import { useT } from '../i18n/locale-context.tsx';
import { describeError } from '../lib/error-message.ts';
import { LanguageSwitch } from './language-switch.tsx';

/**
 * The frame of the pages shown before the app (login, the forced password change): the
 * language switch and any other actions top right, the form in one card.
 */
export function AuthCard({
  title,
  actions,
  children,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="auth-page">
      <div className="auth-page-lang">
        <LanguageSwitch />
        {actions}
      </div>
      <Card className="auth-card" title={title}>
        {children}
      </Card>
    </div>
  );
}

/**
 * The end of an auth form: why the last attempt failed (announced to screen readers) and the
 * submit button. Test ids are `${testId}-error` and `${testId}-submit`.
 */
export function AuthFormFooter({
  error,
  pending,
  label,
  testId,
}: {
  /** The mutation's error; null while there is none. */
  error: unknown;
  pending: boolean;
  label: string;
  testId: string;
}) {
  const t = useT();
  return (
    <>
      {error === null || error === undefined ? null : (
        <div data-testid={`${testId}-error`} role="alert" className="form-error">
          <Alert type="error" showIcon title={describeError(error, t)} />
        </div>
      )}
      <Button
        type="primary"
        htmlType="submit"
        block
        loading={pending}
        data-testid={`${testId}-submit`}
      >
        {label}
      </Button>
    </>
  );
}
