import type { AppStatus, HealthStatus } from '../../api/types.js';

/** What a topology node shows. */
export interface TopologyNodeData extends Record<string, unknown> {
  label: string;
  /** `Component`, a Kubernetes kind, or `Pod`. */
  kind: string;
  health: HealthStatus;
  reason?: string;
  component: string;
  /** Set on pod nodes: the pod name (to stream its logs). */
  pod?: string;
}

/** A positioned node, in @xyflow/react's shape. */
export interface TopologyNode {
  id: string;
  position: { x: number; y: number };
  data: TopologyNodeData;
  type: 'health';
}

/** An edge, in @xyflow/react's shape. */
export interface TopologyEdge {
  id: string;
  source: string;
  target: string;
  animated: boolean;
  data: { health: HealthStatus };
}

/** Kinds that own pods: pods hang under them. */
const POD_OWNERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet']);

/** Column x positions and row height of the layout. */
export const LAYOUT = { component: 0, object: 280, pod: 560, row: 84 } as const;

/**
 * The topology of an application in one environment: components → Kubernetes objects → pods,
 * each node with its health and reason. Pure and deterministic (same status, same graph): the
 * graph re-renders on every status event.
 */
export function buildTopology(status: Pick<AppStatus, 'components'>): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  let objectRow = 0;
  let podRow = 0;
  const components = [...status.components].sort((a, b) => a.name.localeCompare(b.name));
  for (const component of components) {
    const top = Math.max(objectRow, podRow);
    objectRow = top;
    podRow = top;
    const componentId = `c:${component.name}`;
    const objects = [...component.objects].sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`));
    const pods = [...component.pods].sort((a, b) => a.name.localeCompare(b.name));
    let owner: string | undefined;
    for (const object of objects) {
      const id = `o:${component.name}:${object.kind}/${object.name}`;
      nodes.push({
        id,
        type: 'health',
        position: { x: LAYOUT.object, y: objectRow++ * LAYOUT.row },
        data: withReason({ label: object.name, kind: object.kind, health: object.health, component: component.name }, object.reason),
      });
      edges.push(edge(componentId, id, object.health));
      if (!owner && POD_OWNERS.has(object.kind)) owner = id;
    }
    for (const pod of pods) {
      const id = `p:${pod.name}`;
      nodes.push({
        id,
        type: 'health',
        position: { x: LAYOUT.pod, y: podRow++ * LAYOUT.row },
        data: withReason(
          { label: pod.name, kind: 'Pod', health: pod.health, component: component.name, pod: pod.name },
          pod.reason,
        ),
      });
      edges.push(edge(owner ?? componentId, id, pod.health));
    }
    const rows = Math.max(1, objectRow - top, podRow - top);
    nodes.push({
      id: componentId,
      type: 'health',
      position: { x: LAYOUT.component, y: (top + (rows - 1) / 2) * LAYOUT.row },
      data: withReason({ label: component.name, kind: 'Component', health: component.health, component: component.name }, component.reason),
    });
    objectRow = podRow = top + rows;
  }
  return { nodes, edges };
}

function edge(source: string, target: string, health: HealthStatus): TopologyEdge {
  return { id: `${source}->${target}`, source, target, animated: health === 'Progressing', data: { health } };
}

function withReason(data: TopologyNodeData, reason: string | undefined): TopologyNodeData {
  return reason ? { ...data, reason } : data;
}
