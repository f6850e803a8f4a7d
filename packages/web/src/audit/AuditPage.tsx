import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client.js';
import { paths } from '../api/paths.js';
import type { AuditEvent } from '../api/types.js';
import { QueryState } from '../common/QueryState.js';
import { formatTime } from '../common/time.js';

interface AuditFilters {
  actor?: string;
  action?: string;
  workspace?: string;
  resource?: string;
  result?: string;
  since?: string;
  until?: string;
}

/** The audit log, newest first, with filters and server-side pages. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const page = cursors.length - 1;
  const events = useQuery({
    queryKey: ['audit', filters, cursors[page]],
    queryFn: () => api<Page<AuditEvent>>(paths.audit, { query: { ...filters, limit: 50, continue: cursors[page] } }),
    placeholderData: (previous) => previous,
  });
  const set = (key: keyof AuditFilters, value: string | undefined) => {
    setFilters((f) => ({ ...f, [key]: value || undefined }));
    setCursors([undefined]);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('audit.title')}</Typography.Title>
      <Space wrap>
        {(
          [
            ['actor', t('audit.actor')],
            ['action', t('audit.action')],
            ['workspace', t('common.workspace')],
            ['resource', t('audit.resource')],
          ] as const
        ).map(([key, label]) => (
          <Input.Search key={key} allowClear placeholder={label} aria-label={label} style={{ width: 170 }} onSearch={(v) => set(key, v.trim())} />
        ))}
        <Select allowClear placeholder={t('audit.result')} aria-label={t('audit.result')} style={{ width: 130 }}
          onChange={(v?: string) => set('result', v)}
          options={['success', 'denied', 'failure'].map((r) => ({ value: r, label: r }))} />
        <DatePicker.RangePicker showTime aria-label="time range"
          onChange={(range) => {
            set('since', range?.[0]?.toISOString());
            set('until', range?.[1]?.toISOString());
          }} />
      </Space>
      <QueryState isLoading={events.isLoading} error={events.error} refetch={events.refetch}>
        <Table<AuditEvent>
          rowKey="id"
          size="small"
          loading={events.isFetching}
          pagination={false}
          dataSource={events.data?.items ?? []}
          locale={{ emptyText: t('audit.empty') }}
          columns={[
            { title: t('audit.at'), key: 'at', render: (_, e) => formatTime(e.at, i18n.language) },
            { title: t('audit.actor'), dataIndex: 'actor' },
            { title: t('audit.action'), dataIndex: 'action' },
            { title: t('audit.resource'), key: 'res', render: (_, e) => [e.workspace, e.resourceKind, e.resourceName].filter(Boolean).join(' / ') },
            { title: t('audit.result'), key: 'result', render: (_, e) => <Tag color={e.result === 'success' ? 'success' : e.result === 'denied' ? 'warning' : 'error'}>{e.result} {e.status}</Tag> },
            { title: t('audit.detail'), dataIndex: 'detail', ellipsis: true },
          ]}
        />
        <Space style={{ marginTop: 12 }}>
          <Button disabled={page === 0} onClick={() => setCursors((c) => c.slice(0, -1))} aria-label="previous page">‹</Button>
          <Typography.Text>{page + 1}</Typography.Text>
          <Button disabled={!events.data?.continue} onClick={() => setCursors((c) => [...c, events.data?.continue])} aria-label={t('common.more')}>›</Button>
        </Space>
      </QueryState>
    </Space>
  );
}
