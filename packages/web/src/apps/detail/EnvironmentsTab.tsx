import { Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { HEALTH_STATUSES, type AppEnvironmentSummary, type HealthStatus } from '../../api/types.js';
import { HealthTag } from '../../common/HealthTag.js';
import { GitOpsStatusCard, useGitOpsStatus } from './GitOpsStatusCard.js';

/** A gitops environment's health and deployed revision, as its agent reports them. */
function GitOpsCell({
  workspace,
  app,
  env,
  show,
}: {
  workspace: string;
  app: string;
  env: string;
  show: 'health' | 'revision';
}) {
  const { t } = useTranslation();
  const status = useGitOpsStatus(workspace, app, env).data;
  if (!status) return null;
  if (show === 'health')
    return HEALTH_STATUSES.includes(status.health as HealthStatus) ? (
      <HealthTag health={status.health as HealthStatus} />
    ) : null;
  if (!status.deployedCommit)
    return <Typography.Text type="secondary">{t('apps.notDeployed')}</Typography.Text>;
  return (
    <span>
      {status.deployedCommit === status.mergedHead &&
        status.mergedRevision !== undefined &&
        `#${status.mergedRevision} `}
      <Typography.Text code copyable={{ text: status.deployedCommit }}>
        {status.deployedCommit.slice(0, 12)}
      </Typography.Text>
    </span>
  );
}

/**
 * Each environment with where it runs and the revision deployed there (render hash or git
 * commit); below, the GitOps status of every gitops environment with its open change requests.
 */
export function EnvironmentsTab({
  workspace,
  name,
  environments,
  onDeploy,
  deploying,
}: {
  workspace: string;
  name: string;
  environments: AppEnvironmentSummary[];
  onDeploy: (env: string) => void;
  deploying?: string | undefined;
}) {
  const { t } = useTranslation();
  const gitops = environments.filter((e) => e.delivery === 'gitops');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Table<AppEnvironmentSummary>
        rowKey="name"
        pagination={false}
        dataSource={environments}
        columns={[
          { title: t('common.environment'), dataIndex: 'name' },
          { title: t('common.cluster'), key: 'where', render: (_, e) => `${e.cluster} / ${e.namespace}` },
          { title: t('editor.delivery'), key: 'delivery', render: (_, e) => <Tag>{e.delivery}</Tag> },
          {
            title: t('common.health'),
            key: 'health',
            render: (_, e) =>
              e.delivery === 'gitops' ? (
                <GitOpsCell workspace={workspace} app={name} env={e.name} show="health" />
              ) : e.health ? (
                <HealthTag health={e.health} />
              ) : null,
          },
          {
            title: t('apps.deployedRevision'),
            key: 'rev',
            render: (_, e) =>
              e.delivery === 'gitops' ? (
                <GitOpsCell workspace={workspace} app={name} env={e.name} show="revision" />
              ) : e.deployedRevision !== undefined ? (
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
              <Tooltip title={e.delivery === 'gitops' ? t('gitops.deployHint') : undefined}>
                <Button
                  size="small"
                  loading={deploying === e.name}
                  onClick={() => onDeploy(e.name)}
                  data-testid={`deploy-${e.name}`}
                >
                  {t('apps.deployTo', { env: e.name })}
                </Button>
              </Tooltip>
            ),
          },
        ]}
      />
      {gitops.map((e) => (
        <GitOpsStatusCard key={e.name} workspace={workspace} app={name} environment={e.name} />
      ))}
    </Space>
  );
}
