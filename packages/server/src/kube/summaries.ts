/** Node and namespace summaries from their API objects. */
import type { KubeObject, NamespaceSummary, NodeSummary } from './cluster-connection.js';

type Dict = Record<string, unknown>;
const obj = (v: unknown): Dict => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Dict) : {});
const strings = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v)).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** Placement and size of a node (labels, taints, capacity and allocatable incl. GPUs, readiness). */
export function summarizeNode(node: KubeObject): NodeSummary {
  const spec = obj(node.spec);
  const status = obj(node.status);
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Dict[]) : [];
  const taints = (Array.isArray(spec.taints) ? (spec.taints as Dict[]) : []).map((t) => ({
    key: String(t.key ?? ''),
    ...(typeof t.value === 'string' ? { value: t.value } : {}),
    effect: String(t.effect ?? ''),
  }));
  const summary: NodeSummary = {
    name: node.metadata.name,
    labels: node.metadata.labels ?? {},
    taints,
    capacity: strings(status.capacity),
    allocatable: strings(status.allocatable),
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    unschedulable: spec.unschedulable === true,
  };
  const kubelet = obj(status.nodeInfo).kubeletVersion;
  if (typeof kubelet === 'string') summary.kubeletVersion = kubelet;
  return summary;
}

/** Name, labels and phase of a namespace. */
export function summarizeNamespace(ns: KubeObject): NamespaceSummary {
  return {
    name: ns.metadata.name,
    labels: ns.metadata.labels ?? {},
    phase: String(obj(ns.status).phase ?? 'Active'),
  };
}
