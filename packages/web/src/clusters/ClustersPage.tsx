import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Descriptions, Drawer, Form, Input, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client.js';
import { paths } from '../api/paths.js';
import { formFieldErrors, messageOf } from '../api/problem.js';
import { useClusters } from '../api/queries.js';
import type { Cluster, NodesSummary } from '../api/types.js';
import { NextStep, QueryState } from '../common/QueryState.js';

interface RegisterForm {
  name: string;
  displayName?: string;
  kubeconfig: string;
  simulated?: boolean;
}

function RegisterDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RegisterForm>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const register = useMutation({
    mutationFn: (body: RegisterForm) => api<Cluster>(paths.clusters, { method: 'POST', body }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['clusters'] });
      form.resetFields();
      onClose();
    },
    onError: (error) => {
      const fields = formFieldErrors(error);
      if (fields.length > 0) form.setFields(fields as Parameters<typeof form.setFields>[0]);
      else void message.error(messageOf(error));
    },
  });
  return (
    <Drawer open={open} onClose={onClose} title={t('clusters.register')} width={560}>
      <Form form={form} layout="vertical" onFinish={(v) => register.mutate(v)}>
        <Form.Item name="name" label={t('common.name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="displayName" label={t('clusters.displayName')}>
          <Input />
        </Form.Item>
        <Upload
          accept=".yaml,.yml,.conf,.config,*"
          showUploadList={false}
          beforeUpload={async (file) => {
            form.setFieldValue('kubeconfig', await file.text());
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} style={{ marginBottom: 8 }}>
            {t('clusters.upload')}
          </Button>
        </Upload>
        <Form.Item name="kubeconfig" label={t('clusters.kubeconfig')} rules={[{ required: true }]}>
          <Input.TextArea rows={10} className="yaml-editor" />
        </Form.Item>
        <Form.Item name="simulated" valuePropName="checked">
          <Checkbox>{t('common.simulated')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={register.isPending}>
          {t('clusters.register')}
        </Button>
      </Form>
    </Drawer>
  );
}

function ClusterNodes({ name }: { name: string }) {
  const { t } = useTranslation();
  const nodes = useQuery({ queryKey: ['nodes', name], queryFn: () => api<NodesSummary>(paths.clusterNodes(name)) });
  const totals = (r: Record<string, string>) => Object.entries(r).map(([k, v]) => <Tag key={k}>{k}: {v}</Tag>);
  return (
    <QueryState isLoading={nodes.isLoading} error={nodes.error} refetch={nodes.refetch}>
      {nodes.data && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={3}>
            <Descriptions.Item label={t('clusters.nodes')}>{nodes.data.ready} / {nodes.data.count} {t('clusters.ready')}</Descriptions.Item>
            <Descriptions.Item label={t('clusters.gpus')}>{nodes.data.gpus.allocatable} / {nodes.data.gpus.capacity}</Descriptions.Item>
            <Descriptions.Item label={t('clusters.allocatable')}>{totals(nodes.data.allocatable)}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('clusters.nodeGroups')}</Typography.Title>
          <Table size="small" rowKey="name" pagination={false} dataSource={nodes.data.groups}
            columns={[
              { title: t('common.name'), dataIndex: 'name' },
              { title: 'by', dataIndex: 'by' },
              { title: t('clusters.nodes'), key: 'n', render: (_, g) => `${g.ready} / ${g.count}` },
              { title: t('clusters.gpus'), key: 'g', render: (_, g) => `${g.gpus.allocatable} / ${g.gpus.capacity}` },
              { title: t('clusters.allocatable'), key: 'a', render: (_, g) => totals(g.allocatable) },
            ]} />
          <Typography.Title level={5}>{t('clusters.nodes')}</Typography.Title>
          <Table size="small" rowKey="name" pagination={{ pageSize: 20 }} dataSource={nodes.data.nodes}
            columns={[
              { title: t('common.name'), dataIndex: 'name' },
              { title: t('clusters.nodeGroups'), dataIndex: 'group' },
              { title: t('clusters.ready'), key: 'r', render: (_, n) => <Tag color={n.ready ? 'success' : 'error'}>{String(n.ready)}</Tag> },
              { title: t('clusters.allocatable'), key: 'a', render: (_, n) => totals(n.allocatable) },
              { title: 'taints', key: 't', render: (_, n) => n.taints.map((x) => <Tag key={x.key}>{x.key}:{x.effect}</Tag>) },
            ]} />
        </Space>
      )}
    </QueryState>
  );
}

/** Registered clusters (simulated ones marked); one cluster's nodes, node groups and GPUs. */
export function ClustersPage() {
  const { t } = useTranslation();
  const { cluster } = useParams();
  const navigate = useNavigate();
  const clusters = useClusters();
  const [registering, setRegistering] = useState(false);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>{t('clusters.title')}</Typography.Title>
        <Button type="primary" onClick={() => setRegistering(true)}>{t('clusters.register')}</Button>
      </Space>
      <QueryState isLoading={clusters.isLoading} error={clusters.error} refetch={clusters.refetch}>
        <Table<Cluster>
          rowKey="name"
          pagination={false}
          dataSource={clusters.data?.items ?? []}
          locale={{ emptyText: <NextStep text={t('clusters.empty')} /> }}
          onRow={(c) => ({ onClick: () => navigate(`/clusters/${c.name}`) })}
          columns={[
            { title: t('common.name'), key: 'name', render: (_, c) => <Link to={`/clusters/${c.name}`}>{c.displayName || c.name}</Link> },
            { title: t('common.status'), key: 'status', render: (_, c) => (
              <Space>
                <Tag color={c.status === 'ready' ? 'success' : c.status === 'unreachable' ? 'error' : 'default'} title={c.statusMessage}>{c.status}</Tag>
                {c.simulated && <Tag color="purple">{t('common.simulated')}</Tag>}
              </Space>
            ) },
            { title: t('clusters.server'), dataIndex: 'server' },
            { title: t('clusters.version'), dataIndex: 'version' },
          ]}
        />
      </QueryState>
      {cluster && (
        <Card title={cluster}>
          <ClusterNodes name={cluster} />
        </Card>
      )}
      <RegisterDrawer open={registering} onClose={() => setRegistering(false)} />
    </Space>
  );
}
