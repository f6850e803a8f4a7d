import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client.js';
import { paths } from '../api/paths.js';
import { formFieldErrors, messageOf } from '../api/problem.js';
import { useWorkspaces } from '../api/queries.js';
import type { Member, Workspace } from '../api/types.js';
import { NextStep, QueryState } from '../common/QueryState.js';

const ROLES = ['owner', 'developer', 'viewer'];

function Members({ workspace }: { workspace: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ username: string; role: string }>();
  const members = useQuery({
    queryKey: ['members', workspace],
    queryFn: () => api<Page<Member>>(paths.members(workspace), { query: { limit: 500 } }),
  });
  const put = useMutation({
    mutationFn: (m: { username: string; role: string }) => api(paths.member(workspace, m.username), { method: 'PUT', body: { role: m.role } }),
    onSuccess: () => {
      form.resetFields();
      return client.invalidateQueries({ queryKey: ['members', workspace] });
    },
    onError: (error) => {
      const fields = formFieldErrors(error, ['username', 'role']);
      if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
      else void message.error(messageOf(error));
    },
  });
  const remove = useMutation({
    mutationFn: (username: string) => api(paths.member(workspace, username), { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['members', workspace] }),
    onError: (error) => void message.error(messageOf(error)),
  });
  return (
    <QueryState isLoading={members.isLoading} error={members.error} refetch={members.refetch}>
      <Table<Member> size="small" rowKey="username" pagination={false} dataSource={members.data?.items ?? []}
        columns={[
          { title: t('workspaces.username'), dataIndex: 'username' },
          { title: t('workspaces.role'), key: 'role', render: (_, m) => (
            <Select size="small" value={m.role} style={{ width: 130 }} aria-label={t('workspaces.role')}
              onChange={(role: string) => put.mutate({ username: m.username, role })}
              options={ROLES.map((r) => ({ value: r, label: r }))} />
          ) },
          { title: t('common.actions'), key: 'x', render: (_, m) => (
            <Popconfirm title={t('common.confirm')} onConfirm={() => remove.mutate(m.username)}>
              <Button size="small" danger>{t('common.delete')}</Button>
            </Popconfirm>
          ) },
        ]} />
      <Form form={form} layout="inline" style={{ marginTop: 12 }} onFinish={(v) => put.mutate(v)} initialValues={{ role: 'developer' }}>
        <Form.Item name="username" rules={[{ required: true }]}><Input placeholder={t('workspaces.username')} aria-label={t('workspaces.username')} /></Form.Item>
        <Form.Item name="role"><Select style={{ width: 130 }} aria-label={t('workspaces.role')} options={ROLES.map((r) => ({ value: r, label: r }))} /></Form.Item>
        <Button htmlType="submit" loading={put.isPending}>{t('workspaces.addMember')}</Button>
      </Form>
    </QueryState>
  );
}

/** Workspaces, and the members of the chosen one. */
export function WorkspacesPage() {
  const { t } = useTranslation();
  const workspaces = useWorkspaces();
  const client = useQueryClient();
  const [selected, setSelected] = useState<string>();
  const [form] = Form.useForm<{ name: string; displayName?: string; description?: string }>();
  const create = useMutation({
    mutationFn: (body: { name: string; displayName?: string; description?: string }) =>
      api<Workspace>(paths.workspaces, { method: 'POST', body }),
    onSuccess: (w) => {
      form.resetFields();
      setSelected(w.name);
      return client.invalidateQueries({ queryKey: ['workspaces'] });
    },
    onError: (error) => {
      const fields = formFieldErrors(error);
      form.setFields((fields.length ? fields : [{ name: ['name'], errors: [messageOf(error)] }]) as Parameters<typeof form.setFields>[0]);
    },
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('workspaces.title')}</Typography.Title>
      <Card size="small" title={t('workspaces.create')}>
        <Form form={form} layout="inline" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="name" rules={[{ required: true }]}><Input placeholder={t('common.name')} aria-label={t('common.name')} /></Form.Item>
          <Form.Item name="displayName"><Input placeholder={t('workspaces.displayName')} aria-label={t('workspaces.displayName')} /></Form.Item>
          <Form.Item name="description"><Input placeholder={t('workspaces.description')} aria-label={t('workspaces.description')} style={{ width: 280 }} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>{t('common.create')}</Button>
        </Form>
      </Card>
      <QueryState isLoading={workspaces.isLoading} error={workspaces.error} refetch={workspaces.refetch}>
        <Table<Workspace> rowKey="name" pagination={false} dataSource={workspaces.data?.items ?? []}
          locale={{ emptyText: <NextStep text={t('workspaces.empty')} /> }}
          rowSelection={{ type: 'radio', selectedRowKeys: selected ? [selected] : [], onChange: (keys) => setSelected(String(keys[0])) }}
          onRow={(w) => ({ onClick: () => setSelected(w.name) })}
          columns={[
            { title: t('common.name'), dataIndex: 'name' },
            { title: t('workspaces.displayName'), dataIndex: 'displayName' },
            { title: t('workspaces.description'), dataIndex: 'description' },
          ]} />
      </QueryState>
      {selected && (
        <Card title={`${t('workspaces.members')} · ${selected}`}>
          <Members workspace={selected} />
        </Card>
      )}
    </Space>
  );
}
