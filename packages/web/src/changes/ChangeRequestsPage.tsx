import { Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useWorkspaces } from '../api/queries.js';
import type { ChangeRequestListItem, ChangeRequestState } from '../api/types.js';
import { NextStep, QueryState } from '../common/QueryState.js';
import { formatTime } from '../common/time.js';
import { checksVerdict, STATE_COLORS, VERDICT_COLORS } from './cr-status.js';
import { useWorkspaceChangeRequests } from './use-change-requests.js';
import { LinkButton } from '../common/LinkButton.js';
import { RepositoryName } from './RepositoryName.js';

const STATES: readonly ChangeRequestState[] = ['open', 'merged', 'closed'];

/** The checks of one listed change request, as the list reports them. */
function ChecksCell({ cr }: { cr: ChangeRequestListItem }) {
  const { t } = useTranslation();
  const checks = cr.checks;
  const verdict = checksVerdict(checks);
  if (verdict === 'none') return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip
      title={checks.map((c) => `${c.name}: ${t(`changeRequests.checkStates.${c.status}`)}`).join('\n')}
    >
      <Tag color={VERDICT_COLORS[verdict]} tabIndex={0}>
        {t(`changeRequests.verdicts.${verdict}`, { count: checks.length })}
      </Tag>
    </Tooltip>
  );
}

/**
 * Change requests of a workspace across its repositories (embedded and GitHub; one of them when
 * picked), by state (open by default), with the application each delivers and its checks (from
 * the list itself); a row opens the change request.
 */
export function ChangeRequestsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const workspaces = useWorkspaces();
  const workspace = params.get('workspace') ?? workspaces.data?.items[0]?.name;
  const stateParam = params.get('state') ?? 'open';
  const state = STATES.includes(stateParam as ChangeRequestState)
    ? (stateParam as ChangeRequestState)
    : undefined;
  const repository = params.get('repo') ?? undefined;
  const list = useWorkspaceChangeRequests(workspace, state, repository);
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined) next.delete(key);
    else next.set(key, value);
    if (key === 'workspace') next.delete('repo');
    setParams(next, { replace: true });
  };
  const hrefOf = (cr: ChangeRequestListItem) =>
    `/change-requests/${encodeURIComponent(workspace ?? '')}/${encodeURIComponent(cr.repository)}/${cr.number}`;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('changeRequests.title')}</Typography.Title>
      <Space wrap>
        <Select
          aria-label={t('common.workspace')}
          style={{ width: 200 }}
          value={workspace}
          loading={workspaces.isLoading}
          onChange={(v: string) => setParam('workspace', v)}
          options={(workspaces.data?.items ?? []).map((w) => ({
            value: w.name,
            label: w.displayName || w.name,
          }))}
          data-testid="cr-workspace"
        />
        <Select
          aria-label={t('changeRequests.state')}
          style={{ width: 140 }}
          value={state ?? 'all'}
          onChange={(v: string) => setParam('state', v)}
          options={[
            ...STATES.map((s) => ({ value: s, label: t(`changeRequests.states.${s}`) })),
            { value: 'all', label: t('common.all') },
          ]}
          data-testid="cr-state-filter"
        />
        <Select
          aria-label={t('changeRequests.repository')}
          style={{ minWidth: 240 }}
          value={repository ?? ''}
          onChange={(v: string) => setParam('repo', v || undefined)}
          options={[
            { value: '', label: t('changeRequests.allRepositories') },
            ...list.repositories.map((r) => ({ value: r.name, label: <RepositoryName name={r.name} /> })),
          ]}
          data-testid="cr-repository-filter"
        />
      </Space>
      <QueryState isLoading={workspaces.isLoading} error={workspaces.error} refetch={workspaces.refetch}>
        <QueryState isLoading={false} error={list.error} refetch={() => void list.refetch()}>
          <Table<ChangeRequestListItem>
            rowKey={(cr) => `${cr.repository}#${cr.number}`}
            loading={list.isLoading}
            dataSource={list.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            onRow={(cr) => ({ onClick: () => navigate(hrefOf(cr)), style: { cursor: 'pointer' } })}
            locale={{
              emptyText: (
                <NextStep
                  text={t('changeRequests.empty')}
                  action={<LinkButton to="/apps">{t('changeRequests.goToApps')}</LinkButton>}
                />
              ),
            }}
            columns={[
              { title: '#', key: 'n', width: 64, render: (_, cr) => cr.number },
              {
                title: t('changeRequests.titleColumn'),
                key: 'title',
                render: (_, cr) => (
                  <Link to={hrefOf(cr)} onClick={(e) => e.stopPropagation()}>
                    {cr.title}
                  </Link>
                ),
              },
              {
                title: t('changeRequests.application'),
                key: 'app',
                render: (_, cr) =>
                  cr.app ? (
                    <Link
                      to={`/apps/${encodeURIComponent(cr.app.workspace)}/${encodeURIComponent(cr.app.name)}?tab=environments&env=${encodeURIComponent(cr.app.environment)}`}
                      onClick={(e) => e.stopPropagation()}
                      data-testid="cr-app"
                    >
                      {cr.app.name} · {cr.app.environment}
                    </Link>
                  ) : (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ),
              },
              {
                title: t('changeRequests.repository'),
                key: 'repository',
                render: (_, cr) => <RepositoryName name={cr.repository} />,
              },
              { title: t('apps.author'), dataIndex: 'author' },
              {
                title: t('changeRequests.state'),
                key: 'state',
                render: (_, cr) => (
                  <Tag color={STATE_COLORS[cr.state]}>{t(`changeRequests.states.${cr.state}`)}</Tag>
                ),
              },
              {
                title: t('changeRequests.checks'),
                key: 'checks',
                render: (_, cr) => <ChecksCell cr={cr} />,
              },
              {
                title: t('common.created'),
                key: 'at',
                render: (_, cr) => formatTime(cr.createdAt, i18n.language),
              },
            ]}
          />
        </QueryState>
      </QueryState>
    </Space>
  );
}
