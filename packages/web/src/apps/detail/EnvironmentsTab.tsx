import { Button, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppEnvironmentSummary } from '../../api/types.js';
import { HealthTag } from '../../common/HealthTag.js';

/** Each environment with where it runs and the revision deployed there (render hash or git commit). */
export function EnvironmentsTab({
  environments,
  onDeploy,
  deploying,
}: {
  environments: AppEnvironmentSummary[];
  onDeploy: (env: string) => void;
  deploying?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Table<AppEnvironmentSummary>
      rowKey="name"
      pagination={false}
      dataSource={environments}
      columns={[
        { title: t('common.environment'), dataIndex: 'name' },
        { title: t('common.cluster'), key: 'where', render: (_, e) => `${e.cluster} / ${e.namespace}` },
        { title: t('editor.delivery'), key: 'delivery', render: (_, e) => <Tag>{e.delivery}</Tag> },
        { title: t('common.health'), key: 'health', render: (_, e) => (e.health ? <HealthTag health={e.health} /> : null) },
        {
          title: t('apps.deployedRevision'),
          key: 'rev',
          render: (_, e) =>
            e.deployedRevision !== undefined ? (
              <span>
                #{e.deployedRevision}{' '}
                <Typography.Text code copyable={{ text: e.gitCommit ?? e.renderHash ?? '' }}>
                  {(e.gitCommit ?? e.renderHash ?? '').slice(0, 12)}
                </Typography.Text>
              </span>
            ) : (
              <Typography.Text type="secondary">{t('apps.notDeployed')}</Typography.Text>
            ),
        },
        {
          title: t('common.actions'),
          key: 'actions',
          render: (_, e) => (
            <Button size="small" loading={deploying === e.name} onClick={() => onDeploy(e.name)}>
              {t('apps.deployTo', { env: e.name })}
            </Button>
          ),
        },
      ]}
    />
  );
}
