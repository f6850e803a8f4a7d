import { GithubOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { paths } from '../api/paths.js';
import { messageOf } from '../api/problem.js';
import type { GitHubCredentialsRecord } from '../api/types.js';
import { useMe } from '../auth/session.js';
import { NextStep, QueryState } from '../common/QueryState.js';
import { GitHubCredentialsForm } from './GitHubCredentialsForm.js';
import { type CredentialsFormValues, valuesOf } from './github-credentials.js';

const LIST_KEY = ['github-credentials'];

/** `acme/*` for an owner's record, `acme/shop-apps` for a repository's. */
const scopeOf = (r: GitHubCredentialsRecord) => `${r.owner}/${r.repository ?? '*'}`;

/**
 * Platform admins' page for git providers: every owner and repository with GitHub credentials
 * (the kind, app and installation IDs, whether a webhook secret is set, the granted workspaces —
 * never a secret), a form to set or replace them, and delete.
 */
export function GitProvidersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = me.data?.platformAdmin === true;
  const client = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<{ values: CredentialsFormValues; record: GitHubCredentialsRecord }>();
  const list = useQuery({
    queryKey: LIST_KEY,
    enabled: admin,
    queryFn: () => api<{ items: GitHubCredentialsRecord[] }>(paths.gitHubCredentialsList),
  });

  const remove = async (record: GitHubCredentialsRecord) => {
    try {
      await api(paths.gitHubCredentials(record.owner, record.repository), { method: 'DELETE' });
      void message.success(t('gitProviders.deleted', { scope: scopeOf(record) }));
      if (editing && scopeOf(editing.record) === scopeOf(record)) setEditing(undefined);
    } catch (err) {
      void message.error(messageOf(err));
    } finally {
      await client.invalidateQueries({ queryKey: LIST_KEY });
    }
  };

  if (me.data && !admin)
    return <Alert type="info" showIcon title={t('gitProviders.adminsOnly')} data-testid="gp-admins-only" />;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2}>{t('gitProviders.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('gitProviders.intro')}</Typography.Paragraph>
      <Card size="small" title={<Space><GithubOutlined />{t('gitProviders.github')}</Space>}>
        <QueryState isLoading={me.isLoading || list.isLoading} error={list.error} refetch={list.refetch}>
          <Table<GitHubCredentialsRecord>
            size="small"
            rowKey={scopeOf}
            pagination={false}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <NextStep text={t('gitProviders.empty')} /> }}
            data-testid="gp-list"
            columns={[
              { title: t('gitProviders.owner'), dataIndex: 'owner' },
              {
                title: t('gitProviders.repository'),
                key: 'repository',
                render: (_, r) => r.repository ?? <Typography.Text type="secondary">{t('gitProviders.allRepositories')}</Typography.Text>,
              },
              {
                title: t('gitProviders.kind'),
                key: 'kind',
                render: (_, r) =>
                  r.kind === 'app'
                    ? t('gitProviders.appSummary', { appId: r.appId ?? '?', installationId: r.installationId ?? '?' })
                    : t('gitProviders.kinds.token'),
              },
              {
                title: t('gitProviders.webhookSecret'),
                key: 'webhook',
                render: (_, r) => (r.webhookSecret ? t('gitProviders.set') : t('gitProviders.notSet')),
              },
              {
                title: t('gitProviders.workspaces'),
                key: 'workspaces',
                render: (_, r) =>
                  r.workspaces.length ? r.workspaces.map((w) => <Tag key={w}>{w}</Tag>) : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, r) => (
                  <Space>
                    <Button size="small" onClick={() => setEditing({ values: valuesOf(r), record: r })} aria-label={t('gitProviders.replaceOf', { scope: scopeOf(r) })}>
                      {t('gitProviders.replace')}
                    </Button>
                    <Popconfirm
                      title={t('gitProviders.deleteConfirm', { scope: scopeOf(r) })}
                      okText={t('common.delete')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => remove(r)}
                    >
                      <Button size="small" danger aria-label={t('gitProviders.deleteOf', { scope: scopeOf(r) })}>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        </QueryState>
      </Card>
      <Card
        size="small"
        title={editing ? t('gitProviders.replaceTitle', { scope: scopeOf(editing.record) }) : t('gitProviders.addTitle')}
        extra={editing && <Button size="small" onClick={() => setEditing(undefined)}>{t('common.cancel')}</Button>}
      >
        <GitHubCredentialsForm
          editing={editing}
          onSaved={(record) => {
            void message.success(t('gitProviders.saved', { scope: scopeOf(record) }));
            setEditing(undefined);
            void client.invalidateQueries({ queryKey: LIST_KEY });
          }}
        />
      </Card>
    </Space>
  );
}
