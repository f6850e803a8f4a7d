import { Button, Modal, Popconfirm, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { paths } from '../../api/paths.js';
import type { AppRevision, RevisionDiff } from '../../api/types.js';
import { QueryState } from '../../common/QueryState.js';
import { formatTime } from '../../common/time.js';
import { useRevisions } from './use-app.js';

/** Revisions with a diff against the current one and a rollback per environment. */
export function RevisionsTab({
  workspace,
  name,
  current,
  environment,
  onRollback,
}: {
  workspace: string;
  name: string;
  current: number;
  environment: string | undefined;
  onRollback: (revision: number) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const revisions = useRevisions(workspace, name);
  const [diff, setDiff] = useState<RevisionDiff>();
  const [busy, setBusy] = useState<number>();

  const showDiff = async (revision: AppRevision) => {
    setDiff(await api<RevisionDiff>(paths.revisionDiff(workspace, name, revision.revision, current)));
  };

  return (
    <QueryState isLoading={revisions.isLoading} error={revisions.error} refetch={revisions.refetch}>
      <Table<AppRevision>
        rowKey="revision"
        pagination={false}
        dataSource={revisions.data?.items ?? []}
        columns={[
          { title: t('apps.revision'), key: 'rev', render: (_, r) => `#${r.revision}${r.revision === current ? ' ✓' : ''}` },
          { title: t('apps.author'), dataIndex: 'author' },
          { title: t('apps.message'), dataIndex: 'message' },
          { title: t('common.created'), key: 'at', render: (_, r) => formatTime(r.createdAt, i18n.language) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, r) => (
              <Space>
                <Button size="small" disabled={r.revision === current} onClick={() => void showDiff(r)}>
                  {t('apps.diff')}
                </Button>
                <Popconfirm
                  title={t('common.confirm')}
                  onConfirm={async () => {
                    setBusy(r.revision);
                    try {
                      await onRollback(r.revision);
                    } finally {
                      setBusy(undefined);
                    }
                  }}
                  disabled={!environment}
                >
                  <Button size="small" danger loading={busy === r.revision} disabled={!environment} data-testid={`rollback-${r.revision}`}>
                    {t('apps.rollback')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!diff}
        width={860}
        title={diff ? `#${diff.from} → #${diff.to}` : ''}
        onCancel={() => setDiff(undefined)}
        footer={null}
      >
        <div className="diff-view" role="region" aria-label={t('apps.diff')}>
          {[diff?.spec ?? '', ...(diff?.objects ?? []).map((o) => o.diff)]
            .join('\n')
            .split('\n')
            .map((line, i) => (
              <span key={i} className={line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : undefined}>
                {line}
                {'\n'}
              </span>
            ))}
        </div>
      </Modal>
    </QueryState>
  );
}
