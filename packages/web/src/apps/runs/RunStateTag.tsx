import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RunState, StepState } from '../../api/types.js';

/** Colour of each run or step state: refused (the platform declined) is distinct from failed. */
export const STATE_COLORS: Record<StepState, string> = {
  pending: '#d9d9d9',
  ready: '#91caff',
  running: '#1677ff',
  waiting: '#faad14',
  succeeded: '#52c41a',
  failed: '#ff4d4f',
  refused: '#722ed1',
  skipped: '#bfbfbf',
  cancelled: '#8c8c8c',
  'timed-out': '#ff7a45',
};

/** A run or step state as a coloured tag. */
export function RunStateTag({ state }: { state: RunState | StepState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} data-state={state}>
      {t(`runs.states.${state}`)}
    </Tag>
  );
}
