import { Background, Handle, Position, ReactFlow, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Tooltip } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepView } from '../../api/types.js';
import { STATE_COLORS } from './RunStateTag.js';
import { layerSteps } from './run-layout.js';

type StepNode = Node<{ step: StepView }, 'step'>;

function StepNodeView({ data }: NodeProps<StepNode>) {
  const { t } = useTranslation();
  const { step } = data;
  const color = STATE_COLORS[step.state] ?? '#d9d9d9';
  const note = step.message;
  const body = (
    <div
      data-testid={`run-step-${step.name}`}
      data-state={step.state}
      tabIndex={0}
      aria-label={`${step.name}: ${step.state}`}
      style={{ border: `2px solid ${color}`, borderRadius: 8, padding: '6px 10px', width: 170, background: '#fff', fontSize: 12 }}
    >
      <Handle type="target" position={Position.Left} />
      <div style={{ fontWeight: 600 }}>{step.name}</div>
      <div style={{ color: '#8c8c8c' }}>{step.type}</div>
      <span style={{ color }}>● {t(`runs.states.${step.state}`)}</span>
      <Handle type="source" position={Position.Right} />
    </div>
  );
  return note ? <Tooltip title={note}>{body}</Tooltip> : body;
}

const nodeTypes = { step: StepNodeView };

/** A workflow run as a DAG, coloured by step state. */
export function RunGraph({ steps }: { steps: StepView[] }) {
  const { nodes, edges } = useMemo(() => {
    const layout = layerSteps(steps);
    const names = new Set(steps.map((s) => s.name));
    return {
      nodes: steps.map((step) => {
        const at = layout.get(step.name)!;
        return { id: step.name, type: 'step' as const, position: { x: at.column * 220, y: at.row * 90 }, data: { step } };
      }),
      edges: steps.flatMap((step) =>
        step.dependsOn
          .filter((d) => names.has(d))
          .map((d) => ({ id: `${d}->${step.name}`, source: d, target: step.name, animated: step.state === 'running' })),
      ),
    };
  }, [steps]);
  return (
    <div style={{ height: 300, border: '1px solid #f0f0f0', borderRadius: 8 }} data-testid="run-graph">
      <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} fitView nodesConnectable={false} proOptions={{ hideAttribution: true }}>
        <Background />
      </ReactFlow>
    </div>
  );
}
