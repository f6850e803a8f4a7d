import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, List, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { paths } from '../../api/paths.js';
import { messageOf } from '../../api/problem.js';
import { useRuns } from '../../api/queries.js';
import { RUN_EVENT_TYPES, useEventStream } from '../../api/sse.js';
import type { RunView } from '../../api/types.js';
import { QueryState } from '../../common/QueryState.js';
import { formatTime } from '../../common/time.js';
import { RunStateTag } from './RunStateTag.js';

const RunGraph = lazy(() => import('./RunGraph.js').then((m) => ({ default: m.RunGraph })));

const FINAL = new Set(['succeeded', 'failed', 'refused', 'cancelled']);

/** One run, live: its DAG, and approve / reject for waiting approvals, cancel while it runs. */
function RunDetail({ workspace, name, id }: { workspace: string; name: string; id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const run = useQuery({ queryKey: ['run', id], queryFn: () => api<RunView>(paths.run(workspace, name, id)) });
  const final = run.data ? FINAL.has(run.data.state) : false;
  useEventStream(
    final ? null : paths.runEvents(workspace, name, id),
    (event) => {
      if (event.type === 'lease-renewed') return;
      void run.refetch();
      if (event.type === 'run-finished') void client.invalidateQueries({ queryKey: ['runs'] });
    },
    { eventTypes: RUN_EVENT_TYPES, closeOn: ['run-finished'] },
  );
  const [busy, setBusy] = useState<string>();
  const act = async (label: string, path: string) => {
    setBusy(label);
    try {
      await api(path, { method: 'POST', body: {} });
      await run.refetch();
    } catch (error) {
      void message.error(messageOf(error));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <QueryState isLoading={run.isLoading} error={run.error} refetch={run.refetch}>
      {run.data && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space>
            <RunStateTag state={run.data.state} />
            <Typography.Text>
              {run.data.environment} · #{run.data.revision}
            </Typography.Text>
            {!final && (
              <Button size="small" danger loading={busy === 'cancel'} onClick={() => void act('cancel', paths.runCancel(workspace, name, id))}>
                {t('runs.cancel')}
              </Button>
            )}
          </Space>
          <Suspense fallback={<Spin />}>
            <RunGraph steps={run.data.steps ?? []} />
          </Suspense>
          {(run.data.steps ?? [])
            .filter((s) => s.state === 'waiting' && s.waitingFor === 'approval')
            .map((s) => (
              <Space key={s.name}>
                <Typography.Text strong>{s.name}</Typography.Text>
                <Typography.Text type="secondary">{s.message}</Typography.Text>
                <Button
                  type="primary"
                  size="small"
                  data-testid={`approve-${s.name}`}
                  loading={busy === `approve-${s.name}`}
                  onClick={() => void act(`approve-${s.name}`, paths.stepDecision(workspace, name, id, s.name, 'approve'))}
                >
                  {t('runs.approve')}
                </Button>
                <Button
                  danger
                  size="small"
                  loading={busy === `reject-${s.name}`}
                  onClick={() => void act(`reject-${s.name}`, paths.stepDecision(workspace, name, id, s.name, 'reject'))}
                >
                  {t('runs.reject')}
                </Button>
              </Space>
            ))}
        </Space>
      )}
    </QueryState>
  );
}

/** The runs of an application, newest first, with the chosen one shown live. */
export function RunsTab({ workspace, name, selected, onSelect }: { workspace: string; name: string; selected?: string | undefined; onSelect: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const runs = useRuns(workspace, name, 20);
  const current = selected ?? runs.data?.items[0]?.id;
  return (
    <QueryState isLoading={runs.isLoading} error={runs.error} refetch={runs.refetch}>
      {runs.data?.items.length ? (
        <Space align="start" style={{ width: '100%' }} size="large">
          <List
            style={{ width: 280 }}
            size="small"
            dataSource={runs.data.items}
            renderItem={(r) => (
              <List.Item
                onClick={() => onSelect(r.id)}
                style={{ cursor: 'pointer', background: r.id === current ? '#e6f4ff' : undefined }}
              >
                <button type="button" className="link-button" onClick={() => onSelect(r.id)} style={{ all: 'unset', cursor: 'pointer' }}>
                  {r.environment} #{r.revision} · {formatTime(r.createdAt, i18n.language)}
                </button>
                <RunStateTag state={r.state} />
              </List.Item>
            )}
          />
          <div style={{ flex: 1, minWidth: 480 }}>{current && <RunDetail key={current} workspace={workspace} name={name} id={current} />}</div>
        </Space>
      ) : (
        <Empty description={t('apps.noRuns')} />
      )}
    </QueryState>
  );
}
