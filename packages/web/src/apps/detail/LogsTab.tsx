import { Alert, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { paths } from '../../api/paths.js';
import { useEventStream } from '../../api/sse.js';
import type { AppStatus } from '../../api/types.js';

const MAX_LINES = 1000;

/** Streams one pod's log over SSE (tail, then follow). */
export function LogsTab({
  workspace,
  name,
  environment,
  status,
  pod,
  onPickPod,
}: {
  workspace: string;
  name: string;
  environment: string | undefined;
  status: AppStatus | undefined;
  pod: string | undefined;
  onPickPod: (pod: string) => void;
}) {
  const { t } = useTranslation();
  const [lines, setLines] = useState<string[]>([]);
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => setLines([]), [pod]);
  const stream = useEventStream(
    pod && environment ? paths.podLogs(workspace, name, pod) : null,
    (event) => {
      if (event.type !== 'line') return;
      const line = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
      setLines((old) => [...old, line].slice(-MAX_LINES));
    },
    { query: { env: environment, follow: 'true', tailLines: 200 }, eventTypes: ['line'], closeOn: ['end'] },
  );
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, follow]);
  const pods = status?.components.flatMap((c) => c.pods.map((p) => p.name)) ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Select
          style={{ width: 320 }}
          placeholder={t('apps.pod')}
          aria-label={t('apps.pod')}
          value={pod}
          onChange={onPickPod}
          options={pods.map((p) => ({ value: p, label: p }))}
        />
        <Switch checked={follow} onChange={setFollow} aria-label={t('apps.follow')} /> {t('apps.follow')}
        {pod && <Typography.Text type="secondary">{stream.connected ? t('common.live') : t('common.offline')}</Typography.Text>}
      </Space>
      {!pod && <Alert type="info" message={t('apps.choosePod')} />}
      {stream.failed && <Alert type="warning" message={t('common.unavailable', { path: pod ? paths.podLogs(workspace, name, pod) : '' })} />}
      <div className="log-view" ref={box} role="log" aria-live="polite" data-testid="pod-log">
        {lines.join('\n')}
      </div>
    </Space>
  );
}
