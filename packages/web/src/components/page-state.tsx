import { Button, Result, Spin } from 'antd';

import { useT } from '../i18n/locale-context.tsx';
import { describeError } from '../lib/error-message.ts';

export function PageLoading() {
  const t = useT();
  return (
    <div className="page-state">
      <Spin description={t('app.loading')} />
    </div>
  );
}

interface PageErrorProps {
  error: unknown;
  onRetry?: () => void;
  /** A way out when retrying cannot help (a bad filter in a shared link). */
  onReset?: () => void;
}

export function PageError({ error, onRetry, onReset }: PageErrorProps) {
  const t = useT();
  return (
    <div className="page-state">
      <Result
        status="warning"
        title={t('app.loadFailed')}
        subTitle={describeError(error, t)}
        extra={[
          onRetry ? (
            <Button key="retry" type="primary" onClick={onRetry}>
              {t('app.retry')}
            </Button>
          ) : null,
          onReset ? (
            <Button key="reset" onClick={onReset}>
              {t('app.reset')}
            </Button>
          ) : null,
        ]}
      />
    </div>
  );
}
