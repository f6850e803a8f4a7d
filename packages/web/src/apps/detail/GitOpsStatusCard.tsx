import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Empty, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { paths } from '../../api/paths.js';
import { HEALTH_STATUSES, type GitOpsStatus, type HealthStatus } from '../../api/types.js';
import { HealthTag } from '../../common/HealthTag.js';

/** The GitOps status of one environment, refreshed every few seconds. */
export function useGitOpsStatus(workspace: string, app: string, environment: string) {
  return useQuery({
    queryKey: ['gitops', workspace, app, environment],
    queryFn: () => api<GitOpsStatus>(paths.gitopsStatus(workspace, app), { query: { env: environment } }),
    refetchInterval: 5000,
  });
}

const SYNC_COLORS: Record<string, string> = { Synced: 'success', OutOfSync: 'warning' };
const AGENTS = { argocd: 'Argo CD', flux: 'Flux' } as const;

function Commit({ sha, testId }: { sha: string | undefined; testId: string }) {
  const { t } = useTranslation();
  if (!sha)
    return (
      <Typography.Text type="secondary" data-testid={testId}>
        {t('gitops.none')}
      </Typography.Text>
    );
  return (
    <Typography.Text code copyable={{ text: sha }} data-testid={testId} data-sha={sha}>
      {sha.slice(0, 12)}
    </Typography.Text>
  );
}

/**
 * A gitops environment: its repository and directory, the merged head and the commit the agent
 * deployed, sync and health, and links to its open change requests.
 */
export function GitOpsStatusCard({
  workspace,
  app,
  environment,
}: {
  workspace: string;
  app: string;
  environment: string;
}) {
  const { t } = useTranslation();
  const status = useGitOpsStatus(workspace, app, environment);
  const s = status.data;
  return (
    <Card
      size="small"
      title={t('gitops.title', { env: environment })}
      data-testid={`gitops-${environment}`}
      extra={status.isFetching && <Spin size="small" />}
    >
      {status.error ? (
        <Alert type="error" showIcon title={(status.error as Error).message} />
      ) : !s ? (
        <Spin />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('gitops.repository')}>
              <Typography.Text code>{`${s.repo}@${s.branch}`}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('gitops.path')}>
              <Typography.Text code>{s.path}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('gitops.mergedHead')}>
              <Space>
                <Commit sha={s.mergedHead} testId="gitops-merged-head" />
                {s.mergedRevision !== undefined && (
                  <Typography.Text type="secondary">#{s.mergedRevision}</Typography.Text>
                )}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('gitops.deployedCommit')}>
              <Commit sha={s.deployedCommit} testId="gitops-deployed-commit" />
            </Descriptions.Item>
            <Descriptions.Item label={t('gitops.sync')}>
              <Space>
                <Tag
                  color={SYNC_COLORS[s.syncStatus] ?? 'default'}
                  data-testid="gitops-sync"
                  data-sync={s.syncStatus}
                  data-in-sync={String(s.inSync)}
                >
                  {s.syncStatus}
                </Tag>
                <Typography.Text type={s.inSync ? 'success' : 'secondary'}>
                  {s.inSync ? t('gitops.inSync') : t('gitops.notInSync')}
                </Typography.Text>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('common.health')}>
              {HEALTH_STATUSES.includes(s.health as HealthStatus) ? (
                <HealthTag health={s.health as HealthStatus} />
              ) : (
                <Tag>{s.health}</Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('gitops.agent')} span={2}>
              {AGENTS[s.agent] ?? s.agent} · {s.agentObject.kind} {s.agentObject.namespace}/
              {s.agentObject.name}
            </Descriptions.Item>
          </Descriptions>
          {s.message && <Alert type="info" showIcon title={s.message} />}
          <Typography.Text strong>{t('gitops.openChangeRequests')}</Typography.Text>
          {s.openChangeRequests.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('gitops.noOpenChangeRequests')} />
          ) : (
            <ul className="plain-list">
              {s.openChangeRequests.map((cr) => (
                <li key={cr.number}>
                  <Link
                    to={`/change-requests/${encodeURIComponent(workspace)}/${encodeURIComponent(s.repo)}/${cr.number}?app=${encodeURIComponent(app)}&env=${encodeURIComponent(environment)}`}
                    data-testid={`gitops-open-cr-${cr.number}`}
                  >
                    #{cr.number} {cr.title}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Space>
      )}
    </Card>
  );
}
