import { ArrowLeftOutlined, GithubOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { paths } from '../api/paths.js';
import { ApiError, messageOf } from '../api/problem.js';
import type { MergeMethod } from '../api/types.js';
import { useMe } from '../auth/session.js';
import { QueryState } from '../common/QueryState.js';
import { formatTime } from '../common/time.js';
import { ChangeRequestActions } from './ChangeRequestActions.js';
import { ConversationPanel } from './ConversationPanel.js';
import {
  type ActionContext,
  changeRequestActions,
  type CrAction,
  mergeMethods,
  PERMISSION_OF,
} from './cr-actions.js';
import { checksVerdict, STATE_COLORS, VERDICT_COLORS } from './cr-status.js';
import { DiffView } from './DiffView.js';
import { isGitHubRepository, RepositoryName } from './RepositoryName.js';
import { useChangeRequest, useWorkspacePermissions } from './use-change-requests.js';

const ACTION_REQUEST: Record<
  CrAction,
  {
    action: 'reviews' | 'merge' | 'close' | 'comments';
    body: (extra: { method: MergeMethod; text: string }) => object;
  }
> = {
  approve: { action: 'reviews', body: () => ({ state: 'approved' }) },
  requestChanges: { action: 'reviews', body: () => ({ state: 'changes-requested' }) },
  merge: { action: 'merge', body: ({ method }) => ({ method }) },
  close: { action: 'close', body: () => ({}) },
  comment: { action: 'comments', body: ({ text }) => ({ body: text }) },
};

/**
 * One change request: title, state, branches, description, checks, reviews, the diff per file,
 * conflicts, comments; approve, request changes, merge (fast-forward only when possible), close —
 * each disabled up front when the user's permissions do not allow it, with progress, the server's
 * message on failure, and a refresh afterwards. Links back to the application it delivers; a
 * GitHub pull request links to GitHub, and an action GitHub refuses stays disabled with its reason.
 */
export function ChangeRequestPage() {
  const { workspace = '', repo = '', number: numberText = '' } = useParams();
  const number = Number(numberText);
  const [params] = useSearchParams();
  const fromApp = params.get('app');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const me = useMe();
  const cr = useChangeRequest(workspace, repo, number);
  const permissions = useWorkspacePermissions(workspace);
  const [busy, setBusy] = useState<CrAction>();
  const [denied, setDenied] = useState<ActionContext['denied']>({});
  const [method, setMethod] = useState<MergeMethod>('merge-commit');
  const [error, setError] = useState<string>();
  const [tab, setTab] = useState('conversation');

  const github = isGitHubRepository(repo);
  // Only a web address becomes a link (never `javascript:` or the like).
  const gitHubUrl = github && cr.data?.url && /^https?:\/\//i.test(cr.data.url) ? cr.data.url : undefined;
  const role = me.data?.platformAdmin
    ? 'admin'
    : me.data?.workspaces.find((w) => w.workspace === workspace)?.role;
  const states = cr.data
    ? changeRequestActions(cr.data, {
        workspace,
        permissions: permissions.data,
        role,
        denied,
        busy,
        provider: github ? 'github' : 'embedded',
      })
    : undefined;
  const methods = cr.data ? mergeMethods(cr.data) : undefined;
  const chosenMethod: MergeMethod = methods?.[method].enabled ? method : 'merge-commit';
  // The application it delivers: as the server knows it, else as the Deploy button said.
  const delivered =
    cr.data?.app ??
    (fromApp ? { workspace, name: fromApp, environment: params.get('env') ?? '' } : undefined);

  const act = async (action: CrAction, text = ''): Promise<boolean> => {
    const request = ACTION_REQUEST[action];
    setBusy(action);
    setError(undefined);
    try {
      await api(paths.changeRequestAction(workspace, repo, number, request.action), {
        method: 'POST',
        body: request.body({ method: chosenMethod, text }),
      });
      void message.success(t(`changeRequests.done.${action}`, { number }));
      return true;
    } catch (err) {
      // A permission refused (403) — or, on GitHub, a request GitHub refuses (422, e.g. a review
      // of a pull request opened with the same credentials): the action stays off, with its words.
      if (err instanceof ApiError && (err.status === 403 || (github && err.status === 422)))
        setDenied((d) => ({ ...d, [PERMISSION_OF[action]]: err.message }));
      setError(messageOf(err));
      return false;
    } finally {
      setBusy(undefined);
      await client.invalidateQueries({ queryKey: ['change-request', workspace, repo, number] });
      await client.invalidateQueries({ queryKey: ['change-requests', workspace] });
      if (action === 'merge') await client.invalidateQueries({ queryKey: ['gitops'] });
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Link to={`/change-requests?workspace=${encodeURIComponent(workspace)}`}>
          <ArrowLeftOutlined /> {t('changeRequests.backToList')}
        </Link>
        {delivered && (
          <Link
            to={`/apps/${encodeURIComponent(delivered.workspace)}/${encodeURIComponent(delivered.name)}?tab=environments${delivered.environment ? `&env=${encodeURIComponent(delivered.environment)}` : ''}`}
            data-testid="cr-back-to-app"
          >
            {t('changeRequests.backToApp', { app: delivered.name })}
          </Link>
        )}
      </Space>
      <QueryState isLoading={cr.isLoading} error={cr.error} refetch={cr.refetch}>
        {cr.data && states && methods && (
          <>
            <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start" wrap>
              <Space orientation="vertical" size={4}>
                <Typography.Title level={2} style={{ margin: 0 }}>
                  <Typography.Text type="secondary">#{cr.data.number}</Typography.Text> {cr.data.title}
                </Typography.Title>
                <Space wrap>
                  <Tag color={STATE_COLORS[cr.data.state]} data-testid="cr-state" data-state={cr.data.state}>
                    {t(`changeRequests.states.${cr.data.state}`)}
                  </Tag>
                  <Typography.Text>
                    <RepositoryName name={repo} />: <Typography.Text code>{cr.data.sourceBranch}</Typography.Text> →{' '}
                    <Typography.Text code>{cr.data.targetBranch}</Typography.Text>
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {t('changeRequests.openedBy', {
                      author: cr.data.author,
                      at: formatTime(cr.data.createdAt, i18n.language),
                    })}
                  </Typography.Text>
                </Space>
                <Space wrap>
                  <Tag color={VERDICT_COLORS[checksVerdict(cr.data.checks)]}>
                    {t('changeRequests.checks')}:{' '}
                    {t(`changeRequests.verdicts.${checksVerdict(cr.data.checks)}`, {
                      count: cr.data.checks.length,
                    })}
                  </Tag>
                  {cr.data.approvals.length > 0 && (
                    <Tag color="success" data-testid="cr-approvals">
                      {t('changeRequests.approvedBy', { names: [...new Set(cr.data.approvals)].join(', ') })}
                    </Tag>
                  )}
                </Space>
                {cr.data.state === 'merged' && (
                  <Typography.Text data-testid="cr-merged" data-sha={cr.data.mergeSha}>
                    {t('changeRequests.mergedAs', {
                      by: cr.data.mergedBy ?? '',
                      sha: (cr.data.mergeSha ?? '').slice(0, 12),
                      at: formatTime(cr.data.mergedAt, i18n.language),
                    })}
                  </Typography.Text>
                )}
              </Space>
              <Space>
                {gitHubUrl && (
                  <Button
                    href={gitHubUrl}
                    target="_blank"
                    rel="noopener noreferrer"
                    icon={<GithubOutlined />}
                    data-testid="cr-open-on-github"
                  >
                    {t('changeRequests.openOnGitHub')}
                  </Button>
                )}
                <Button
                  icon={<ReloadOutlined />}
                  onClick={() => void cr.refetch()}
                  loading={cr.isFetching}
                  aria-label={t('common.refresh')}
                />
              </Space>
            </Space>
            {github && (
              <Typography.Text type="secondary" data-testid="cr-github-credentials">
                {t('changeRequests.githubActsAsBerth')}
              </Typography.Text>
            )}
            {fromApp && cr.data.state === 'open' && (
              <Alert
                type="info"
                showIcon
                title={t('changeRequests.openedByDeploy', { env: params.get('env') ?? '' })}
              />
            )}
            {error && (
              <Alert
                type="error"
                showIcon
                role="alert"
                title={error}
                closable
                onClose={() => setError(undefined)}
                data-testid="cr-error"
              />
            )}
            {cr.data.conflicts.length > 0 && (
              <Alert
                type="warning"
                showIcon
                title={t('changeRequests.conflicts', { target: cr.data.targetBranch })}
                description={
                  <ul style={{ margin: 0 }}>
                    {cr.data.conflicts.map((p) => (
                      <li key={p}>
                        <Typography.Text code>{p}</Typography.Text>
                      </li>
                    ))}
                  </ul>
                }
              />
            )}
            <ChangeRequestActions
              number={cr.data.number}
              targetBranch={cr.data.targetBranch}
              states={states}
              methods={methods}
              busy={busy}
              method={chosenMethod}
              onMethod={setMethod}
              onAction={(action) => void act(action)}
            />
            <Tabs
              activeKey={tab}
              onChange={setTab}
              items={[
                {
                  key: 'conversation',
                  label: t('changeRequests.conversation'),
                  children: (
                    <ConversationPanel
                      cr={cr.data}
                      comment={states.comment}
                      busy={busy === 'comment'}
                      onComment={(text) => act('comment', text)}
                    />
                  ),
                },
                {
                  key: 'files',
                  label: t('changeRequests.files', { count: cr.data.diff.length }),
                  children: <DiffView files={cr.data.diff} />,
                },
              ]}
            />
          </>
        )}
      </QueryState>
    </Space>
  );
}
