import { CheckOutlined, CloseCircleOutlined, DiffOutlined, MergeOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Select, Space, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MergeMethod } from '../api/types.js';
import type { ActionState, BlockReason, CrAction } from './cr-actions.js';

/** The sentence of a block reason ('' for "another action is running"). */
export function useReasonText() {
  const { t } = useTranslation();
  return (reason: BlockReason | undefined): string => {
    if (!reason || reason.code === 'busy') return '';
    if (reason.code === 'denied') return reason.text;
    return t(`changeRequests.why.${reason.code}`, reason.values ?? {});
  };
}

/** A button that says why it is disabled (tooltip and aria-description). */
function ActionButton({
  state,
  busy,
  children,
  ...props
}: {
  state: ActionState;
  busy: boolean;
  children: ReactNode;
  icon?: ReactNode;
  type?: 'primary' | 'default';
  danger?: boolean;
  onClick?: () => void;
  'data-testid': string;
}) {
  const reasonText = useReasonText();
  const why = reasonText(state.reason);
  const button = (
    <Button {...props} loading={busy} disabled={!state.enabled} aria-description={why || undefined}>
      {children}
    </Button>
  );
  return why ? <Tooltip title={why}>{button}</Tooltip> : button;
}

/**
 * Approve, Request changes, Merge (with its method; fast-forward only when possible) and Close,
 * each disabled with its reason when not possible; the reasons are also written out below, for
 * keyboard and screen-reader users.
 */
export function ChangeRequestActions({
  number,
  targetBranch,
  states,
  methods,
  busy,
  method,
  onMethod,
  onAction,
}: {
  number: number;
  targetBranch: string;
  states: Record<CrAction, ActionState>;
  /** Which merge methods are possible (a fast-forward only when the server says so). */
  methods: Record<MergeMethod, ActionState>;
  busy: CrAction | undefined;
  method: MergeMethod;
  onMethod: (method: MergeMethod) => void;
  onAction: (action: Exclude<CrAction, 'comment'>) => void;
}) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const reasons = [
    ...new Set(
      (['approve', 'merge', 'close'] as const).map((a) => reasonText(states[a].reason)).filter(Boolean),
    ),
  ];
  return (
    <Space orientation="vertical" size={4}>
      <Space wrap>
        <ActionButton
          state={states.approve}
          busy={busy === 'approve'}
          icon={<CheckOutlined />}
          onClick={() => onAction('approve')}
          data-testid="cr-approve"
        >
          {t('changeRequests.approve')}
        </ActionButton>
        <ActionButton
          state={states.requestChanges}
          busy={busy === 'requestChanges'}
          icon={<DiffOutlined />}
          onClick={() => onAction('requestChanges')}
          data-testid="cr-request-changes"
        >
          {t('changeRequests.requestChanges')}
        </ActionButton>
        <Select<MergeMethod>
          aria-label={t('changeRequests.mergeMethod')}
          value={method}
          onChange={onMethod}
          disabled={!states.merge.enabled}
          style={{ width: 160 }}
          options={(['merge-commit', 'fast-forward'] as const).map((m) => ({
            value: m,
            label: t(`changeRequests.methods.${m}`),
            disabled: !methods[m].enabled,
            title: reasonText(methods[m].reason) || undefined,
          }))}
          data-testid="cr-merge-method"
        />
        {states.merge.enabled ? (
          <Popconfirm
            title={t('changeRequests.mergeConfirm', { number, target: targetBranch })}
            okText={t('changeRequests.merge')}
            cancelText={t('common.cancel')}
            onConfirm={() => onAction('merge')}
            okButtonProps={{ autoFocus: true }}
          >
            <Button type="primary" icon={<MergeOutlined />} loading={busy === 'merge'} data-testid="cr-merge">
              {t('changeRequests.merge')}
            </Button>
          </Popconfirm>
        ) : (
          <ActionButton
            state={states.merge}
            busy={busy === 'merge'}
            type="primary"
            icon={<MergeOutlined />}
            data-testid="cr-merge"
          >
            {t('changeRequests.merge')}
          </ActionButton>
        )}
        {states.close.enabled ? (
          <Popconfirm
            title={t('changeRequests.closeConfirm', { number })}
            okText={t('changeRequests.close')}
            cancelText={t('common.cancel')}
            onConfirm={() => onAction('close')}
            okButtonProps={{ autoFocus: true }}
          >
            <Button danger icon={<CloseCircleOutlined />} loading={busy === 'close'} data-testid="cr-close">
              {t('changeRequests.close')}
            </Button>
          </Popconfirm>
        ) : (
          <ActionButton
            state={states.close}
            busy={busy === 'close'}
            danger
            icon={<CloseCircleOutlined />}
            data-testid="cr-close"
          >
            {t('changeRequests.close')}
          </ActionButton>
        )}
      </Space>
      {states.merge.enabled && !methods['fast-forward'].enabled && (
        <Typography.Text type="secondary" data-testid="cr-no-fast-forward">
          {reasonText(methods['fast-forward'].reason)}
        </Typography.Text>
      )}
      {reasons.map((reason) => (
        <Typography.Text key={reason} type="secondary" data-testid="cr-blocked">
          {reason}
        </Typography.Text>
      ))}
    </Space>
  );
}
