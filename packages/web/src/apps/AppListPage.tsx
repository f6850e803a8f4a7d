import { PlusOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type AppFilters, useApps, useClusters, useWorkspaces } from '../api/queries.js';
import { HEALTH_STATUSES, type AppSummary } from '../api/types.js';
import { HEALTH_COLORS, HealthTag } from '../common/HealthTag.js';
import { NextStep, QueryState } from '../common/QueryState.js';
import { formatTime } from '../common/time.js';
import { LinkButton } from '../common/LinkButton.js';

const FILTER_KEYS = ['workspace', 'health', 'environment', 'cluster', 'search'] as const;

/** Applications with filters in the URL and server-side pages (`continue` cursors). */
export function AppListPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters: AppFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  // cursors[i] is the token that fetches page i (page 0 has none).
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const page = cursors.length - 1;
  const apps = useApps(filters, cursors[page]);
  const workspaces = useWorkspaces();
  const clusters = useClusters();

  const setFilter = (key: (typeof FILTER_KEYS)[number], value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
    setCursors([undefined]);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('apps.title')}
        </Typography.Title>
        <LinkButton to="/apps/new" type="primary" icon={<PlusOutlined />}>
          {t('apps.create')}
        </LinkButton>
      </Space>
      <Space wrap>
        <Select
          allowClear
          placeholder={t('apps.filterWorkspace')}
          aria-label={t('apps.filterWorkspace')}
          style={{ width: 180 }}
          value={filters.workspace}
          onChange={(v?: string) => setFilter('workspace', v)}
          options={(workspaces.data?.items ?? []).map((w) => ({ value: w.name, label: w.displayName || w.name }))}
        />
        <Select
          allowClear
          mode="multiple"
          maxTagCount="responsive"
          placeholder={t('apps.filterHealth')}
          aria-label={t('apps.filterHealth')}
          style={{ minWidth: 180 }}
          value={filters.health ? filters.health.split(',') : []}
          onChange={(v: string[]) => setFilter('health', v.length ? v.join(',') : undefined)}
          options={HEALTH_STATUSES.map((h) => ({ value: h, label: t(`health.${h}`) }))}
        />
        <Input.Search
          allowClear
          placeholder={t('apps.filterName')}
          aria-label={t('apps.filterName')}
          style={{ width: 180 }}
          defaultValue={filters.search}
          onSearch={(v) => setFilter('search', v.trim() || undefined)}
        />
        <Input.Search
          allowClear
          placeholder={t('apps.filterEnvironment')}
          aria-label={t('apps.filterEnvironment')}
          style={{ width: 180 }}
          defaultValue={filters.environment}
          onSearch={(v) => setFilter('environment', v.trim() || undefined)}
        />
        <Select
          allowClear
          placeholder={t('apps.filterCluster')}
          aria-label={t('apps.filterCluster')}
          style={{ width: 180 }}
          value={filters.cluster}
          onChange={(v?: string) => setFilter('cluster', v)}
          options={(clusters.data?.items ?? []).map((c) => ({ value: c.name, label: c.displayName || c.name }))}
        />
      </Space>
      <QueryState isLoading={apps.isLoading} error={apps.error} refetch={apps.refetch}>
        <Table<AppSummary>
          rowKey={(a) => `${a.workspace}/${a.name}`}
          loading={apps.isFetching}
          dataSource={apps.data?.items ?? []}
          pagination={false}
          locale={{
            emptyText: (
              <NextStep text={t('apps.empty')} action={<Link to="/apps/new">{t('apps.create')}</Link>} />
            ),
          }}
          columns={[
            {
              title: t('common.name'),
              key: 'name',
              render: (_, a) => <Link to={`/apps/${a.workspace}/${a.name}`}>{a.name}</Link>,
            },
            { title: t('common.workspace'), dataIndex: 'workspace' },
            {
              title: t('common.health'),
              key: 'health',
              render: (_, a) =>
                a.health ? (
                  <HealthTag health={a.health} reason={a.reason} />
                ) : (
                  <Typography.Text type="secondary">{t('apps.notDeployed')}</Typography.Text>
                ),
            },
            {
              title: t('apps.environments'),
              key: 'envs',
              render: (_, a) =>
                (a.environments ?? []).map((e) => (
                  <Tag
                    key={e.name}
                    color={e.health ? HEALTH_COLORS[e.health] : undefined}
                    title={`${e.cluster}/${e.namespace}${e.health ? ` · ${t(`health.${e.health}`)}` : ''}${e.reason ? `: ${e.reason}` : ''}`}
                  >
                    {e.name}
                  </Tag>
                )),
            },
            { title: t('apps.revision'), dataIndex: 'revision' },
            { title: t('common.updated'), key: 'updated', render: (_, a) => formatTime(a.updatedAt, i18n.language) },
          ]}
        />
        <Space style={{ marginTop: 12 }}>
          <Button disabled={page === 0} onClick={() => setCursors((c) => c.slice(0, -1))} aria-label={t('common.previousPage')}>
            ‹
          </Button>
          <Typography.Text>{page + 1}</Typography.Text>
          <Button
            disabled={!apps.data?.continue}
            onClick={() => setCursors((c) => [...c, apps.data?.continue])}
            aria-label={t('common.nextPage')}
          >
            ›
          </Button>
        </Space>
      </QueryState>
    </Space>
  );
}
