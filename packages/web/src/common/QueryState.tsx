import { Alert, Button, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, messageOf } from '../api/problem.js';

/**
 * What a page shows while its query is not ready: a skeleton while loading, the server's
 * message with a retry on error, or a clear note when the route does not exist yet.
 */
export function QueryState({
  isLoading,
  error,
  refetch,
  children,
}: {
  isLoading: boolean;
  error: unknown;
  refetch?: () => unknown;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (isLoading) return <Skeleton active aria-busy="true" />;
  if (error) {
    if (error instanceof ApiError && error.isMissingRoute) {
      return <Alert type="info" showIcon message={t('common.unavailable', { path: error.path })} />;
    }
    return (
      <Alert
        type="error"
        showIcon
        message={messageOf(error)}
        action={refetch ? <Button onClick={() => refetch()}>{t('common.retry')}</Button> : undefined}
      />
    );
  }
  return <>{children}</>;
}

/** An empty state that says what to do next, with an optional action. */
export function NextStep({ text, action }: { text: string; action?: ReactNode }) {
  return (
    <Empty description={text} image={Empty.PRESENTED_IMAGE_SIMPLE}>
      {action}
    </Empty>
  );
}
