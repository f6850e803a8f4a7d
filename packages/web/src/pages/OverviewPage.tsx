import { Card, Col, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClusters, useWorkspaces } from '../api/queries.js';
import { HEALTH_STATUSES } from '../api/types.js';
import { useHealthSummary, useRecentRuns } from './overview-data.js';
import { HEALTH_COLORS } from '../common/HealthTag.js';
import { NextStep, QueryState } from '../common/QueryState.js';
import { RunStateTag } from '../apps/runs/RunStateTag.js';
import { formatTime } from '../common/time.js';
import { LinkButton } from '../common/LinkButton.js';

/** Clusters, workspaces, applications by health and recent runs (failures first). */
export function OverviewPage() {
  const { t, i18n } = useTranslation();
  const clusters = useClusters();
  const workspaces = useWorkspaces();
  const health = useHealthSummary();
  const runs = useRecentRuns();

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('overview.title')}</Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('overview.clusters')} extra={<Link to="/clusters">{t('nav.clusters')}</Link>}>
            <QueryState isLoading={clusters.isLoading} error={clusters.error} refetch={clusters.refetch}>
              {clusters.data?.items.length ? (
                <List
                  dataSource={clusters.data.items}
                  renderItem={(c) => (
                    <List.Item>
                      <Link to={`/clusters/${c.name}`}>{c.displayName || c.name}</Link>
                      <Space>
                        {c.simulated && <Tag color="purple">{t('common.simulated')}</Tag>}
                        <Tag color={c.status === 'ready' ? 'success' : c.status === 'unreachable' ? 'error' : 'default'}>
                          {c.status}
                        </Tag>
                        <Typography.Text type="secondary">{c.version}</Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              ) : (
                <NextStep text={t('overview.noClusters')} action={<Link to="/clusters">{t('overview.registerCluster')}</Link>} />
              )}
            </QueryState>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('overview.workspaces')} extra={<Link to="/workspaces">{t('nav.workspaces')}</Link>}>
            <QueryState isLoading={workspaces.isLoading} error={workspaces.error} refetch={workspaces.refetch}>
              {workspaces.data?.items.length ? (
                <List
                  dataSource={workspaces.data.items}
                  renderItem={(w) => (
                    <List.Item>
                      <Link to={`/apps?workspace=${w.name}`}>{w.displayName || w.name}</Link>
                      <Typography.Text type="secondary">{w.description}</Typography.Text>
                    </List.Item>
                  )}
                />
              ) : (
                <NextStep
                  text={t('overview.noWorkspaces')}
                  action={<Link to="/workspaces">{t('overview.createWorkspace')}</Link>}
                />
              )}
            </QueryState>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('overview.appsByHealth')} extra={<Link to="/apps">{t('nav.applications')}</Link>}>
            <QueryState isLoading={health.isLoading} error={health.error} refetch={health.refetch}>
              {health.data?.total ? (
                <Row gutter={[24, 16]} data-testid="apps-by-health">
                  {HEALTH_STATUSES.filter((h) => health.data.byHealth[h]).map((h) => (
                    <Col key={h}>
                      <Link to={`/apps?health=${h}`}>
                        <Statistic title={t(`health.${h}`)} value={health.data.byHealth[h]} valueStyle={{ color: HEALTH_COLORS[h] }} />
                      </Link>
                    </Col>
                  ))}
                  {health.data.notDeployed > 0 && (
                    <Col>
                      <Statistic title={t('overview.notDeployed')} value={health.data.notDeployed} />
                    </Col>
                  )}
                  <Col>
                    <Link to="/apps">
                      <Statistic title={t('overview.totalApps')} value={health.data.total} />
                    </Link>
                  </Col>
                </Row>
              ) : (
                <NextStep
                  text={t('overview.noApps')}
                  action={
                    <LinkButton to="/apps/new" type="primary">
                      {t('overview.createApp')}
                    </LinkButton>
                  }
                />
              )}
            </QueryState>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('overview.recentRuns')}>
            <QueryState isLoading={runs.isLoading} error={runs.error} refetch={runs.refetch}>
              {runs.data?.length ? (
                <List
                  dataSource={runs.data}
                  data-testid="recent-runs"
                  renderItem={(r) => (
                    <List.Item>
                      <Space direction="vertical" size={0}>
                        <Link to={`/apps/${r.workspace}/${r.application}?tab=runs&run=${r.id}`}>
                          {r.workspace}/{r.application} · {r.environment} · #{r.revision}
                        </Link>
                        {r.failedStep && (
                          <Typography.Text type="danger">
                            {r.failedStep.name}: {r.failedStep.message ?? r.message}
                          </Typography.Text>
                        )}
                      </Space>
                      <Space>
                        <RunStateTag state={r.state} />
                        <Typography.Text type="secondary">{formatTime(r.createdAt, i18n.language)}</Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              ) : (
                <NextStep text={t('overview.noRuns')} />
              )}
            </QueryState>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
