import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { paths } from '../../api/paths.js';
import { messageOf } from '../../api/problem.js';
import type { RepoCheckInput, RepoCheckResult } from '../../api/types.js';
import { problemPlace } from './repo-check.js';

type Outcome = { input: string; result: RepoCheckResult } | { input: string; error: string };

/**
 * "Validate repo" beside a helm component: asks the server to check the chart repository and
 * shows its verdict — sound, or every problem with file:line and message — or the server's
 * refusal (an unsafe URL, a failed clone).
 */
export function RepoCheck({
  workspace,
  input,
  component,
}: {
  workspace: string;
  input: RepoCheckInput | undefined;
  component: string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const key = JSON.stringify([workspace, input]);
  const current = outcome?.input === key ? outcome : undefined;
  const ready = !!input && !!workspace;

  const validate = async () => {
    if (!input) return;
    setBusy(true);
    try {
      const result = await api<RepoCheckResult>(paths.repoCheck(workspace), { method: 'POST', body: input });
      setOutcome({ input: key, result });
    } catch (error) {
      setOutcome({ input: key, error: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  const problems = current && 'result' in current ? current.result.problems : [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={`repo-check-${component}`}>
      <Space>
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={busy}
          disabled={!ready}
          onClick={() => void validate()}
          aria-label={t('repoCheck.validateLabel', { component })}
          data-testid={`validate-repo-${component}`}
        >
          {t('repoCheck.validate')}
        </Button>
        {!ready && <Typography.Text type="secondary">{t('repoCheck.needRepo')}</Typography.Text>}
      </Space>
      {current && 'error' in current && (
        <Alert type="error" showIcon role="alert" title={current.error} data-testid="repo-check-error" />
      )}
      {current && 'result' in current && (
        <Alert
          type={current.result.ok ? (problems.length ? 'warning' : 'success') : 'error'}
          showIcon
          data-testid="repo-check-result"
          data-ok={String(current.result.ok)}
          title={
            current.result.ok
              ? problems.length
                ? t('repoCheck.soundWithWarnings', { count: problems.length })
                : t('repoCheck.sound')
              : t('repoCheck.problems')
          }
          description={
            problems.length > 0 && (
              <ul className="plain-list">
                {problems.map((p, i) => (
                  <li key={i} data-testid="repo-check-problem">
                    <Space wrap>
                      <Tag color={p.severity === 'error' ? 'error' : 'warning'}>
                        {t(`repoCheck.severity.${p.severity}`)}
                      </Tag>
                      <Typography.Text code>{problemPlace(p)}</Typography.Text>
                      <span>{p.message}</span>
                    </Space>
                  </li>
                ))}
              </ul>
            )
          }
        />
      )}
    </Space>
  );
}
