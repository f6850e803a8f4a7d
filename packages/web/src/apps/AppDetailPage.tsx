import { EditOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Alert, Button, Select, Space, Spin, Tabs, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { paths } from '../api/paths.js';
import { ApiError, messageOf } from '../api/problem.js';
import type { RunView } from '../api/types.js';
import { HealthTag } from '../common/HealthTag.js';
import { QueryState } from '../common/QueryState.js';
import { EnvironmentsTab } from './detail/EnvironmentsTab.js';
import { EventsTab } from './detail/EventsTab.js';
import { awaitDeployChangeRequest } from './detail/gitops-deploy.js';
import { LogsTab } from './detail/LogsTab.js';
import { RevisionsTab } from './detail/RevisionsTab.js';
import { environmentsOf, useApp, useAppStatus } from './detail/use-app.js';
import { RunsTab } from './runs/RunsTab.js';
import { LinkButton } from '../common/LinkButton.js';

const TopologyGraph = lazy(() => import('./topology/TopologyGraph.js').then((m) => ({ default: m.TopologyGraph })));

/** One application: live topology, environments, revisions, runs, events, logs and spec. */
export function AppDetailPage() {
  const { workspace = '', name = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const app = useApp(workspace, name);
  const environments = environmentsOf(app.data);
  const environment = params.get('env') ?? environments[0]?.name;
  const status = useAppStatus(workspace, name, environment);
  const [pod, setPod] = useState<string>();
  const [deploying, setDeploying] = useState<string>();
  const tab = params.get('tab') ?? 'topology';
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };

  const startRun = async (path: string, body: { environment?: string | undefined; revision?: number }, done: string) => {
    const run = await api<RunView | undefined>(path, { method: 'POST', body });
    void message.success(done);
    await client.invalidateQueries({ queryKey: ['runs'] });
    await client.invalidateQueries({ queryKey: ['app', workspace, name] });
    // A gitops environment is deployed by merging the change request the run opens: go there.
    const env = environments.find((e) => e.name === body.environment);
    if (run?.id && env?.delivery === 'gitops') {
      const cr = await awaitDeployChangeRequest({ workspace, app: name, environment: env.name, run }).catch(() => undefined);
      if (cr) {
        void message.info(t('gitops.mergeToDeploy', { number: cr.number, env: env.name }));
        navigate(`/change-requests/${encodeURIComponent(workspace)}/${encodeURIComponent(cr.repo)}/${cr.number}?app=${encodeURIComponent(name)}&env=${encodeURIComponent(env.name)}`);
        return;
      }
    }
    const next = new URLSearchParams(params);
    next.set('tab', 'runs');
    if (run?.id) next.set('run', run.id);
    setParams(next);
  };
  const deploy = async (env: string) => {
    setDeploying(env);
    try {
      await startRun(paths.runs(workspace, name), { environment: env }, t('apps.deployed'));
    } catch (error) {
      void message.error(messageOf(error));
    } finally {
      setDeploying(undefined);
    }
  };
  const rollback = async (revision: number) => {
    try {
      await startRun(paths.runs(workspace, name), { environment, revision }, t('apps.rolledBack'));
    } catch (error) {
      void message.error(messageOf(error));
    }
  };

  return (
    <QueryState isLoading={app.isLoading} error={app.error} refetch={app.refetch}>
      {app.data && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
            <Space align="center">
              <Typography.Title level={2} style={{ margin: 0 }}>
                {name}
              </Typography.Title>
              <Typography.Text type="secondary">
                {workspace} · #{app.data.revision}
              </Typography.Text>
              <HealthTag health={status.data?.health ?? app.data.health} reason={status.data?.reason ?? app.data.reason} />
            </Space>
            <Space>
              <Select
                aria-label={t('common.environment')}
                value={environment}
                style={{ width: 160 }}
                onChange={(v: string) => setParam('env', v)}
                options={environments.map((e) => ({ value: e.name, label: e.name }))}
              />
              <Button type="primary" loading={!!deploying} disabled={!environment} onClick={() => environment && void deploy(environment)} data-testid="deploy">
                {t('apps.deploy')}
              </Button>
              <LinkButton to={`/apps/${workspace}/${name}/edit`} icon={<EditOutlined />}>
                {t('apps.edit')}
              </LinkButton>
            </Space>
          </Space>
          <Tabs
            activeKey={tab}
            onChange={(key) => setParam('tab', key)}
            items={[
              {
                key: 'topology',
                label: t('apps.topology'),
                children: (
                  <QueryState
                    isLoading={status.isLoading}
                    error={status.error instanceof ApiError && status.error.status === 404 && !status.error.isMissingRoute ? null : status.error}
                    refetch={status.refetch}
                  >
                    {status.data?.components.length ? (
                      <Suspense fallback={<Spin />}>
                        <Typography.Text type="secondary">
                          {status.data.cluster}/{status.data.namespace} · #{status.data.deployedRevision} ·{' '}
                          {status.live ? t('common.live') : t('common.offline')}
                        </Typography.Text>
                        <TopologyGraph
                          status={status.data}
                          onPickPod={(p) => {
                            setPod(p);
                            setParam('tab', 'logs');
                          }}
                        />
                      </Suspense>
                    ) : (
                      <Alert type="info" showIcon message={t('apps.noTopology')} />
                    )}
                  </QueryState>
                ),
              },
              {
                key: 'environments',
                label: t('apps.environments'),
                children: (
                  <EnvironmentsTab workspace={workspace} name={name} environments={environments} onDeploy={(e) => void deploy(e)} deploying={deploying} />
                ),
              },
              {
                key: 'revisions',
                label: t('apps.revisions'),
                children: (
                  <RevisionsTab
                    workspace={workspace}
                    name={name}
                    current={app.data.revision}
                    environment={environment}
                    onRollback={rollback}
                  />
                ),
              },
              {
                key: 'runs',
                label: t('apps.runs'),
                children: (
                  <RunsTab workspace={workspace} name={name} selected={params.get('run') ?? undefined} onSelect={(id) => setParam('run', id)} />
                ),
              },
              { key: 'events', label: t('apps.events'), children: <EventsTab status={status.data} /> },
              {
                key: 'logs',
                label: t('apps.logs'),
                children: (
                  <LogsTab workspace={workspace} name={name} environment={environment} status={status.data} pod={pod} onPickPod={setPod} />
                ),
              },
              {
                key: 'spec',
                label: t('apps.spec'),
                children: <pre className="diff-view">{app.data.specText ?? JSON.stringify(app.data.spec, null, 2)}</pre>,
              },
            ]}
          />
        </Space>
      )}
    </QueryState>
  );
}
