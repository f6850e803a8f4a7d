import { Alert, Button, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { paths } from '../api/paths.js';
import { messageOf } from '../api/problem.js';
import { useWorkspaces } from '../api/queries.js';
import type { GitHubCredentialsRecord } from '../api/types.js';
import { type CredentialsFormValues, credentialsBody, credentialsFieldErrors } from './github-credentials.js';

const SECRET_FIELDS = [['token'], ['app', 'privateKey'], ['webhookSecret']] as const;

/**
 * Sets an owner's or a repository's GitHub credentials: a token, or a GitHub App (ID,
 * installation ID, private key pasted as PEM), the webhook secret and the granted workspaces.
 * Secrets are sent once and cleared from the form afterwards; the server never returns them.
 * Each problem the server names is shown next to its field.
 */
export function GitHubCredentialsForm({
  editing,
  onSaved,
}: {
  /** The record being replaced, if any (its IDs and grants prefill the form; never a secret). */
  editing?: { values: CredentialsFormValues; record: GitHubCredentialsRecord } | undefined;
  onSaved: (record: GitHubCredentialsRecord) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CredentialsFormValues>();
  const kind = Form.useWatch('kind', form) ?? 'token';
  const workspaces = useWorkspaces();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    form.resetFields();
    if (editing) form.setFieldsValue(editing.values);
  }, [editing, form]);

  const save = async (values: CredentialsFormValues) => {
    setSaving(true);
    setError(undefined);
    try {
      const record = await api<GitHubCredentialsRecord>(
        paths.gitHubCredentials(values.owner.trim(), values.repo?.trim() || undefined),
        { method: 'PUT', body: credentialsBody(values) },
      );
      form.setFields(SECRET_FIELDS.map((name) => ({ name: [...name], value: undefined, errors: [] })) as Parameters<typeof form.setFields>[0]);
      onSaved(record);
    } catch (err) {
      const fields = credentialsFieldErrors(err);
      if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
      else setError(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<CredentialsFormValues>
      form={form}
      layout="vertical"
      initialValues={{ kind: 'token', workspaces: [] }}
      onFinish={(values) => void save(values)}
      style={{ maxWidth: 640 }}
      data-testid="github-credentials-form"
    >
      {error && (
        <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} data-testid="gp-error" />
      )}
      <Space wrap align="start">
        <Form.Item name="owner" label={t('gitProviders.owner')} rules={[{ required: true, message: t('gitProviders.ownerRequired') }]}>
          <Input placeholder="acme" style={{ width: 220 }} disabled={!!editing} />
        </Form.Item>
        <Form.Item name="repo" label={t('gitProviders.repository')} extra={t('gitProviders.repositoryHint')}>
          <Input placeholder="shop-apps" style={{ width: 260 }} disabled={!!editing} />
        </Form.Item>
      </Space>
      <Form.Item name="kind" label={t('gitProviders.kind')}>
        <Radio.Group
          options={[
            { value: 'token', label: t('gitProviders.kinds.token') },
            { value: 'app', label: t('gitProviders.kinds.app') },
          ]}
        />
      </Form.Item>
      {kind === 'token' ? (
        <Form.Item name="token" label={t('gitProviders.token')} extra={t('gitProviders.secretHint')} rules={[{ required: true, message: t('gitProviders.tokenRequired') }]}>
          <Input.Password autoComplete="off" />
        </Form.Item>
      ) : (
        <>
          <Space wrap align="start">
            <Form.Item name={['app', 'appId']} label={t('gitProviders.appId')} rules={[{ required: true, message: t('gitProviders.numberRequired') }]}>
              <InputNumber min={1} precision={0} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name={['app', 'installationId']} label={t('gitProviders.installationId')} rules={[{ required: true, message: t('gitProviders.numberRequired') }]}>
              <InputNumber min={1} precision={0} style={{ width: 180 }} />
            </Form.Item>
          </Space>
          <Form.Item
            name={['app', 'privateKey']}
            label={t('gitProviders.privateKey')}
            extra={t('gitProviders.secretHint')}
            rules={[{ required: true, message: t('gitProviders.privateKeyRequired') }]}
          >
            <Input.TextArea rows={6} autoComplete="off" spellCheck={false} placeholder="-----BEGIN RSA PRIVATE KEY-----" style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </>
      )}
      <Form.Item
        name="webhookSecret"
        label={t('gitProviders.webhookSecret')}
        extra={editing?.record.webhookSecret ? t('gitProviders.webhookSecretReplace') : t('gitProviders.webhookSecretHint')}
      >
        <Input.Password autoComplete="off" />
      </Form.Item>
      <Form.Item name="workspaces" label={t('gitProviders.workspaces')} extra={t('gitProviders.workspacesHint')}>
        <Select
          mode="multiple"
          allowClear
          loading={workspaces.isLoading}
          options={(workspaces.data?.items ?? []).map((w) => ({ value: w.name, label: w.displayName || w.name }))}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving}>
        {t('common.save')}
      </Button>
    </Form>
  );
}
