/**
 * Can some node group run one pod that asks for `perPod` GPUs? Per node: allocatable GPUs minus
 * the GPU requests of the pods bound to it (finished pods excluded); a node counts only when it
 * is ready, schedulable, matches the pod's nodeSelector and its NoSchedule/NoExecute taints are
 * tolerated. Groups come from `berth.dev/node-group` (see clusters/node-groups).
 */
import { parseQuantity, type KubeObject } from '@berth/core';
import { groupKeyOf } from '../clusters/node-groups.js';
import type { NodeSummary } from '../kube/cluster-connection.js';

/** A toleration as on a pod spec. */
export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** What the pod asks for and where it may go. */
export interface GpuPodShape {
  resource: string;
  perPod: number;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
}

/** The GPUs of one node group. */
export interface GroupGpus {
  name: string;
  allocatable: number;
  free: number;
  /** The most free GPUs on one eligible node. */
  largestFree: number;
}

/** The verdict of {@link fitGpus}. */
export interface GpuFit {
  fits: boolean;
  groups: GroupGpus[];
  /** `no node group can fit 2 × nvidia.com/gpu per pod: gpu-a100 has 1 free of 4; general has none`. */
  summary: string;
}

function amount(v: unknown): number {
  if (v === undefined || v === null) return 0;
  const n = parseQuantity(String(v));
  return typeof n === 'number' && Number.isFinite(n) ? n : Number(v) || 0;
}

/** The GPUs a pod (or pod template) requests: per container, the request, else the limit. */
export function podGpuRequest(podSpec: Record<string, unknown> | undefined, resource: string): number {
  const containers = (podSpec?.containers as Array<{ resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } }>) ?? [];
  let total = 0;
  for (const c of containers) total += amount(c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource]);
  return total;
}

function tolerated(taint: NodeSummary['taints'][number], tolerations: readonly Toleration[]): boolean {
  if (taint.effect === 'PreferNoSchedule') return true;
  return tolerations.some(
    (t) =>
      (t.effect === undefined || t.effect === '' || t.effect === taint.effect) &&
      (t.operator === 'Exists' ? t.key === undefined || t.key === '' || t.key === taint.key : t.key === taint.key && (t.value ?? '') === (taint.value ?? '')),
  );
}

function eligible(node: NodeSummary, shape: GpuPodShape): boolean {
  if (!node.ready || node.unschedulable) return false;
  for (const [k, v] of Object.entries(shape.nodeSelector ?? {})) if (node.labels[k] !== v) return false;
  return node.taints.every((t) => tolerated(t, shape.tolerations ?? []));
}

/** Fit one pod of `shape` on `nodes`, given the `pods` already running in the cluster. */
export function fitGpus(shape: GpuPodShape, nodes: readonly NodeSummary[], pods: readonly KubeObject[]): GpuFit {
  const used = new Map<string, number>();
  for (const pod of pods) {
    const spec = pod.spec as Record<string, unknown> | undefined;
    const node = spec?.nodeName as string | undefined;
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (!node || phase === 'Succeeded' || phase === 'Failed') continue;
    used.set(node, (used.get(node) ?? 0) + podGpuRequest(spec, shape.resource));
  }
  const groups = new Map<string, GroupGpus>();
  for (const node of nodes) {
    const name = groupKeyOf(node.labels).name;
    const group = groups.get(name) ?? { name, allocatable: 0, free: 0, largestFree: 0 };
    const allocatable = amount(node.allocatable[shape.resource]);
    const free = Math.max(0, allocatable - (used.get(node.name) ?? 0));
    group.allocatable += allocatable;
    group.free += free;
    if (eligible(node, shape)) group.largestFree = Math.max(group.largestFree, free);
    groups.set(name, group);
  }
  const sorted = [...groups.values()].sort((a, b) => b.free - a.free || a.name.localeCompare(b.name));
  const fitting = sorted.find((g) => g.largestFree >= shape.perPod);
  const describe = (g: GroupGpus) => (g.allocatable === 0 ? `${g.name} has none` : `${g.name} has ${g.free} free of ${g.allocatable}`);
  const need = `${shape.perPod} × ${shape.resource} per pod`;
  if (fitting) return { fits: true, groups: sorted, summary: `${fitting.name} can fit ${need} (${fitting.free} free of ${fitting.allocatable})` };
  const detail = sorted.length === 0 ? 'the cluster has no nodes' : sorted.map(describe).join('; ');
  return { fits: false, groups: sorted, summary: `no node group can fit ${need}: ${detail}` };
}
