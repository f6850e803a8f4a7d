import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Space, Tabs, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { paths } from '../../api/paths.js';
import { ApiError, messageOf } from '../../api/problem.js';
import { useClusters } from '../../api/queries.js';
import type { AppDetail } from '../../api/types.js';
import { QueryState } from '../../common/QueryState.js';
import { type AppForm, formFromYaml, STARTER_YAML, yamlFromForm } from './app-form.js';
import { AppWizard } from './AppWizard.js';
import { type EditorProblem, placeServerProblems, validateInBrowser } from './spec-problems.js';
import { YamlEditor } from './YamlEditor.js';

/** Create or edit an application: YAML editor and form wizard, kept in step with each other. */
export function AppEditorPage() {
  const { workspace, name } = useParams();
  const editing = !!(workspace && name);
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const clusters = useClusters();
  const existing = useQuery({
    queryKey: ['app', workspace, name],
    enabled: editing,
    queryFn: () => api<AppDetail>(paths.app(workspace!, name!)),
  });
  const [text, setText] = useState(editing ? '' : STARTER_YAML);
  const [mode, setMode] = useState<'yaml' | 'form'>('yaml');
  const [serverProblems, setServerProblems] = useState<EditorProblem[]>([]);
  const [commitMessage, setCommitMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [form] = Form.useForm<AppForm>();

  useEffect(() => {
    if (existing.data?.specText) setText(existing.data.specText);
  }, [existing.data?.specText]);

  const browserProblems = useMemo(() => validateInBrowser(text), [text]);
  const problems = [...serverProblems, ...browserProblems];
  const parsed = useMemo(() => formFromYaml(text), [text]);

  const changeText = (next: string) => {
    setText(next);
    setServerProblems([]);
  };
  const switchMode = (next: string) => {
    if (next === 'form' && 'form' in parsed) {
      // Start from an empty store: setFieldsValue merges objects, which would keep removed keys.
      form.resetFields();
      form.setFieldsValue(parsed.form);
    }
    setMode(next as 'yaml' | 'form');
  };

  const submit = async () => {
    const target = 'form' in parsed ? parsed.form.workspace || workspace : workspace;
    if (!target) {
      setError(t('editor.yamlInvalid'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const body = { spec: text, ...(commitMessage ? { message: commitMessage } : {}) };
      const saved = editing
        ? await api<AppDetail>(paths.app(workspace!, name!), {
            method: 'PUT',
            body: { ...body, resourceVersion: existing.data?.resourceVersion },
          })
        : await api<AppDetail>(paths.workspaceApps(target), { method: 'POST', body });
      void message.success(t('editor.saved', { revision: saved.revision }));
      await client.invalidateQueries({ queryKey: ['apps'] });
      await client.invalidateQueries({ queryKey: ['app', saved.workspace, saved.name] });
      navigate(`/apps/${saved.workspace}/${saved.name}`);
    } catch (err) {
      if (err instanceof ApiError && err.fieldProblems.length > 0) {
        setServerProblems(placeServerProblems(text, err.fieldProblems));
        setMode('yaml');
      }
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <QueryState isLoading={editing && existing.isLoading} error={existing.error} refetch={existing.refetch}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Title level={2}>
          {editing ? t('editor.editTitle', { name }) : t('editor.createTitle')}
        </Typography.Title>
        {error && (
          <Alert
            type="error"
            showIcon
            message={error}
            role="alert"
            closable
            onClose={() => setError(undefined)}
          />
        )}
        <Tabs
          activeKey={mode}
          onChange={switchMode}
          items={[
            {
              key: 'yaml',
              label: t('editor.yaml'),
              children: <YamlEditor value={text} onChange={changeText} problems={problems} />,
            },
            {
              key: 'form',
              label: t('editor.wizard'),
              disabled: 'error' in parsed,
              children: (
                <AppWizard
                  form={form}
                  problems={problems}
                  clusters={(clusters.data?.items ?? []).map((c) => c.name)}
                  yaml={text}
                  onEditYaml={() => setMode('yaml')}
                  onChange={(values) => changeText(yamlFromForm(values, text))}
                />
              ),
            },
          ]}
        />
        {'error' in parsed && <Alert type="warning" message={`${t('editor.yamlInvalid')} ${parsed.error}`} />}
        <Space>
          <Input
            placeholder={t('apps.message')}
            aria-label={t('apps.message')}
            value={commitMessage}
            onChange={(e) => setCommitMessage(e.target.value)}
            style={{ width: 360 }}
          />
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="save-app">
            {t('editor.submit')}
          </Button>
          <Typography.Text type="secondary">
            {t('editor.problems', { count: problems.length })}
          </Typography.Text>
        </Space>
      </Space>
    </QueryState>
  );
}
