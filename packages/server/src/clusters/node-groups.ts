/**
 * Nodes → a summary with node groups. A node's group comes from, in order:
 * 1. `berth.dev/node-group` (what Berth and the sandbox set; by: `node-group`),
 * 2. `node.kubernetes.io/instance-type` (cloud node pools usually share a type; by: `instance-type`),
 * 3. `topology.kubernetes.io/zone` (by: `zone`),
 * 4. else the group `default` (by: `none`).
 * Totals sum capacity and allocatable per resource, and count GPUs (`nvidia.com/gpu`) apart.
 */
import { parseQuantity } from '@berth/core';
import type { NodeSummary } from '../kube/cluster-connection.js';
import type { NodesSummary } from './schemas.js';

/** Label that names a node's group explicitly. */
export const NODE_GROUP_LABEL = 'berth.dev/node-group';
/** The extended resource of NVIDIA GPUs. */
export const GPU_RESOURCE = 'nvidia.com/gpu';

type GroupSource = NodesSummary['groups'][number]['by'];

/** The group of a node and the label it came from. */
export function groupKeyOf(labels: Record<string, string>): { name: string; by: GroupSource } {
  const explicit = labels[NODE_GROUP_LABEL];
  if (explicit) return { name: explicit, by: 'node-group' };
  const type = labels['node.kubernetes.io/instance-type'] ?? labels['beta.kubernetes.io/instance-type'];
  if (type) return { name: type, by: 'instance-type' };
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'];
  if (zone) return { name: zone, by: 'zone' };
  return { name: 'default', by: 'none' };
}

/** Summarizes nodes: totals, readiness, GPUs, and per-group totals (groups sorted by name). */
export function summarizeNodes(nodes: readonly NodeSummary[]): NodesSummary {
  const sorted = [...nodes].sort((a, b) => a.name.localeCompare(b.name));
  const groups = new Map<string, { by: GroupSource; nodes: NodeSummary[] }>();
  for (const node of sorted) {
    const key = groupKeyOf(node.labels);
    const group = groups.get(key.name) ?? { by: key.by, nodes: [] };
    group.nodes.push(node);
    groups.set(key.name, group);
  }
  return {
    ...totals(sorted),
    groups: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, group]) => ({
        name,
        by: group.by,
        nodes: group.nodes.map((n) => n.name),
        ...totals(group.nodes),
      })),
    nodes: sorted.map((node) => ({
      name: node.name,
      group: groupKeyOf(node.labels).name,
      ready: node.ready,
      unschedulable: node.unschedulable,
      labels: node.labels,
      taints: node.taints,
      capacity: node.capacity,
      allocatable: node.allocatable,
    })),
  };
}

function totals(nodes: readonly NodeSummary[]) {
  const capacity = sum(nodes.map((n) => n.capacity));
  const allocatable = sum(nodes.map((n) => n.allocatable));
  return {
    count: nodes.length,
    ready: nodes.filter((n) => n.ready).length,
    capacity: format(capacity),
    allocatable: format(allocatable),
    gpus: { capacity: capacity.get(GPU_RESOURCE) ?? 0, allocatable: allocatable.get(GPU_RESOURCE) ?? 0 },
  };
}

function sum(lists: readonly Record<string, string>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const list of lists) {
    for (const [resource, text] of Object.entries(list)) {
      const value = parseQuantity(text);
      if (value !== undefined) out.set(resource, (out.get(resource) ?? 0) + value);
    }
  }
  return out;
}

function format(values: Map<string, number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [resource, value] of [...values.entries()].sort(([a], [b]) => a.localeCompare(b)))
    out[resource] = formatQuantity(resource, value);
  return out;
}

const BINARY: Array<[string, number]> = [
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/** A total as a quantity: bytes in the largest exact binary unit, CPU in cores or millicores. */
export function formatQuantity(resource: string, value: number): string {
  if (resource === 'memory' || resource.endsWith('storage') || resource.startsWith('hugepages-')) {
    const bytes = Math.round(value);
    for (const [suffix, size] of BINARY)
      if (bytes >= size && bytes % size === 0) return `${bytes / size}${suffix}`;
    return String(bytes);
  }
  if (Number.isInteger(value)) return String(value);
  const milli = Math.round(value * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}
