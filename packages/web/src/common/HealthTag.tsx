import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HealthStatus } from '../api/types.js';

/** The colour of each health status, shared by tags and the topology graph. */
export const HEALTH_COLORS: Record<HealthStatus, string> = {
  Healthy: '#52c41a',
  Progressing: '#1677ff',
  Suspended: '#8c8c8c',
  Unknown: '#bfbfbf',
  Missing: '#faad14',
  Degraded: '#ff4d4f',
};

const TAG_COLORS: Record<HealthStatus, string> = {
  Healthy: 'success',
  Progressing: 'processing',
  Suspended: 'default',
  Unknown: 'default',
  Missing: 'warning',
  Degraded: 'error',
};

/** A health status as a coloured tag, with its reason as a tooltip. */
export function HealthTag({ health, reason }: { health?: HealthStatus | undefined; reason?: string | undefined }) {
  const { t } = useTranslation();
  if (!health) return <Tag>{t('health.Unknown')}</Tag>;
  const tag = (
    <Tag color={TAG_COLORS[health]} data-health={health}>
      {t(`health.${health}`)}
    </Tag>
  );
  return reason ? <Tooltip title={reason}>{tag}</Tooltip> : tag;
}
