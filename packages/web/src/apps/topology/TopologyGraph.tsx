import { Background, Controls, Handle, Position, ReactFlow, type NodeProps, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppStatus } from '../../api/types.js';
import { HEALTH_COLORS } from '../../common/HealthTag.js';
import { buildTopology, type TopologyNodeData } from './build-topology.js';

type HealthNode = Node<TopologyNodeData, 'health'>;

function HealthNodeView({ data }: NodeProps<HealthNode>) {
  const { t } = useTranslation();
  const color = HEALTH_COLORS[data.health];
  const body = (
    <div
      data-testid={`topology-node-${data.kind}-${data.label}`}
      data-health={data.health}
      tabIndex={0}
      aria-label={`${data.kind} ${data.label}: ${data.health}${data.reason ? ` — ${data.reason}` : ''}`}
      style={{
        border: `2px solid ${color}`,
        borderRadius: 8,
        background: '#fff',
        padding: '6px 10px',
        width: 220,
        fontSize: 12,
      }}
    >
      <Handle type="target" position={Position.Left} />
      <Typography.Text type="secondary" style={{ fontSize: 11 }}>
        {data.kind}
      </Typography.Text>
      <div style={{ fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{data.label}</div>
      <span style={{ color }}>● {t(`health.${data.health}`)}</span>
      {data.reason && (
        <div style={{ color: '#8c8c8c', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{data.reason}</div>
      )}
      <Handle type="source" position={Position.Right} />
    </div>
  );
  return data.reason ? <Tooltip title={data.reason}>{body}</Tooltip> : body;
}

const nodeTypes = { health: HealthNodeView };

/** The live topology of one environment; clicking a pod picks it for the log view. */
export function TopologyGraph({ status, onPickPod }: { status: AppStatus; onPickPod?: (pod: string) => void }) {
  const graph = useMemo(() => buildTopology(status), [status]);
  const edges = useMemo(
    () => graph.edges.map((e) => ({ ...e, style: { stroke: HEALTH_COLORS[e.data.health] } })),
    [graph.edges],
  );
  return (
    <div className="graph-box" data-testid="topology">
      <ReactFlow
        nodes={graph.nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        nodesDraggable={false}
        nodesConnectable={false}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, node) => {
          const pod = (node.data as TopologyNodeData).pod;
          if (pod) onPickPod?.(pod);
        }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
