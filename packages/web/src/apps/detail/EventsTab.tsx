import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppStatus } from '../../api/types.js';
import { formatTime } from '../../common/time.js';

/** Recent warning events about the application's objects. */
export function EventsTab({ status }: { status: AppStatus | undefined }) {
  const { t, i18n } = useTranslation();
  return (
    <Table
      rowKey={(e) => `${e.object}/${e.reason}/${e.lastSeen ?? ''}`}
      pagination={false}
      size="small"
      dataSource={status?.events ?? []}
      locale={{ emptyText: t('apps.noEvents') }}
      columns={[
        { title: 'Object', dataIndex: 'object' },
        { title: 'Reason', dataIndex: 'reason' },
        { title: t('apps.message'), dataIndex: 'message' },
        { title: '#', dataIndex: 'count' },
        { title: t('common.updated'), key: 'at', render: (_, e) => formatTime(e.lastSeen, i18n.language) },
      ]}
    />
  );
}
