import { STEP_TYPES } from '@berth/core';
import {
  addEdge,
  Background,
  Controls,
  Handle,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Alert, App, Button, Card, Col, Input, List, Row, Space, Typography, Upload } from 'antd';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useJobTypes } from '../api/queries.js';
import type { JobType } from '../api/types.js';
import { SchemaForm } from './SchemaForm.js';
import { graphFromWorkflow, workflowFromGraph, type StepNodeData, type WorkflowGraph } from './workflow-model.js';

type StepNode = Node<StepNodeData, 'step'>;
const DRAG_TYPE = 'application/x-berth-step-type';

function StepNodeView({ data, selected }: NodeProps<StepNode>) {
  return (
    <div tabIndex={0} aria-label={`${data.name} (${data.type})`} data-testid={`wf-step-${data.name}`}
      style={{ border: `2px solid ${selected ? '#1677ff' : '#d9d9d9'}`, borderRadius: 8, padding: '6px 12px', background: '#fff', width: 180 }}>
      <Handle type="target" position={Position.Left} />
      <div style={{ fontWeight: 600 }}>{data.name}</div>
      <Typography.Text type="secondary">{data.type}</Typography.Text>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}
const nodeTypes = { step: StepNodeView };

function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

function Editor({ jobTypes }: { jobTypes: JobType[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const flow = useReactFlow();
  const [nodes, setNodes, onNodesChange] = useNodesState<StepNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<WorkflowGraph['edges'][number]>([]);
  const [selectedId, setSelectedId] = useState<string>();
  const selected = nodes.find((n) => n.id === selectedId);
  const schemaOf = (type: string) => jobTypes.find((j) => j.type === type)?.schema;

  const addStep = (type: string, position = { x: 40 + nodes.length * 30, y: 40 + nodes.length * 30 }) => {
    const name = uniqueName(type, new Set(nodes.map((n) => n.data.name)));
    const id = `${name}-${Date.now().toString(36)}`;
    setNodes((ns) => [...ns, { id, type: 'step', position, data: { name, type, properties: {} } }]);
    setSelectedId(id);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const type = event.dataTransfer.getData(DRAG_TYPE);
    if (type) addStep(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };
  const updateSelected = (patch: Partial<StepNodeData>) =>
    setNodes((ns) => ns.map((n) => (n.id === selectedId ? { ...n, data: { ...n.data, ...patch } } : n)));

  const exportJson = () => {
    const doc = workflowFromGraph({ nodes: nodes as WorkflowGraph['nodes'], edges });
    const blob = new Blob([`${JSON.stringify(doc, null, 2)}\n`], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'workflow.json';
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const importJson = async (file: File) => {
    try {
      const graph = graphFromWorkflow(JSON.parse(await file.text()));
      setNodes(graph.nodes);
      setEdges(graph.edges);
      setSelectedId(undefined);
      requestAnimationFrame(() => void flow.fitView());
    } catch (error) {
      void message.error((error as Error).message);
    }
  };

  return (
    <Row gutter={12}>
      <Col span={5}>
        <Card size="small" title={t('workflow.palette')}>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('workflow.paletteHint')}</Typography.Paragraph>
          <List size="small" dataSource={jobTypes} data-testid="palette"
            renderItem={(j) => (
              <List.Item draggable onDragStart={(e) => e.dataTransfer.setData(DRAG_TYPE, j.type)} style={{ cursor: 'grab' }}>
                <Button type="text" size="small" title={j.description} onClick={() => addStep(j.type)} data-testid={`palette-${j.type}`}>
                  ⠿ {j.type}
                </Button>
              </List.Item>
            )} />
        </Card>
      </Col>
      <Col span={13}>
        <Space style={{ marginBottom: 8 }}>
          <Upload accept=".json,application/json" showUploadList={false} beforeUpload={(f) => { void importJson(f); return false; }}>
            <Button>{t('workflow.import')}</Button>
          </Upload>
          <Button onClick={exportJson} disabled={nodes.length === 0}>{t('workflow.export')}</Button>
        </Space>
        <div style={{ height: 520, border: '1px solid #f0f0f0', borderRadius: 8 }} onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }} onDrop={onDrop} data-testid="wf-canvas">
          <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} onNodesChange={onNodesChange} onEdgesChange={onEdgesChange}
            onConnect={(c: Connection) => setEdges((es) => addEdge({ ...c, id: `${c.source}->${c.target}` }, es))}
            onNodeClick={(_, n) => setSelectedId(n.id)} onPaneClick={() => setSelectedId(undefined)}
            deleteKeyCode={['Delete', 'Backspace']} fitView proOptions={{ hideAttribution: true }}>
            <Background />
            <Controls />
          </ReactFlow>
        </div>
      </Col>
      <Col span={6}>
        <Card size="small" title={t('workflow.properties')}>
          {selected ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text type="secondary">{selected.data.type}</Typography.Text>
              <Input addonBefore={t('workflow.stepName')} aria-label={t('workflow.stepName')} value={selected.data.name} onChange={(e) => updateSelected({ name: e.target.value })} />
              <SchemaForm key={selected.id} schema={schemaOf(selected.data.type)} value={selected.data.properties} onChange={(properties) => updateSelected({ properties })} />
              <Button danger size="small" onClick={() => { setNodes((ns) => ns.filter((n) => n.id !== selectedId)); setEdges((es) => es.filter((e) => e.source !== selectedId && e.target !== selectedId)); setSelectedId(undefined); }}>
                {t('workflow.deleteStep')}
              </Button>
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('workflow.noSelection')}</Typography.Text>
          )}
        </Card>
      </Col>
    </Row>
  );
}

/** Drag steps from the job-type registry, connect dependencies, edit properties; import/export JSON. */
export function WorkflowEditorPage() {
  const { t } = useTranslation();
  const jobTypes = useJobTypes();
  const types: JobType[] = jobTypes.data?.items.length ? jobTypes.data.items : STEP_TYPES.map((type) => ({ type }));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('workflow.title')}</Typography.Title>
      {jobTypes.isError && <Alert type="info" showIcon message={t('workflow.noJobTypes')} />}
      <ReactFlowProvider>
        <Editor jobTypes={types} />
      </ReactFlowProvider>
    </Space>
  );
}
