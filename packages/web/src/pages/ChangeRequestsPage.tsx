import { useQuery } from '@tanstack/react-query';
import { Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client.js';
import { paths } from '../api/paths.js';
import type { ChangeRequest } from '../api/types.js';
import { NextStep, QueryState } from '../common/QueryState.js';
import { formatTime } from '../common/time.js';

/** GitOps change requests (pull requests into application repositories). */
export function ChangeRequestsPage() {
  const { t, i18n } = useTranslation();
  const list = useQuery({
    queryKey: ['change-requests'],
    queryFn: () => api<Page<ChangeRequest>>(paths.changeRequests, { query: { limit: 50 } }),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('changeRequests.title')}</Typography.Title>
      <QueryState isLoading={list.isLoading} error={list.error} refetch={list.refetch}>
        <Table<ChangeRequest> rowKey="id" pagination={false} dataSource={list.data?.items ?? []}
          locale={{ emptyText: <NextStep text={t('changeRequests.empty')} /> }}
          columns={[
            { title: '#', dataIndex: 'id' },
            { title: t('common.name'), dataIndex: 'title' },
            { title: t('common.status'), key: 's', render: (_, c) => <Tag>{c.state}</Tag> },
            { title: t('apps.author'), dataIndex: 'author' },
            { title: t('common.created'), key: 'at', render: (_, c) => formatTime(c.createdAt, i18n.language) },
          ]} />
      </QueryState>
    </Space>
  );
}
