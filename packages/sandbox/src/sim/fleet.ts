/**
 * The simulated nodes: a declared fleet of pools (count, capacity, labels, taints) becomes Node
 * objects whose kubelets post status and renew their heartbeat Lease in `kube-node-lease`.
 * A node under a NotReady fault stops doing both, and the node lifecycle controller notices.
 */
import type { KubeObject } from '../store/types.js';

/** Capacity of every node of a pool, as quantities (`cpu: '4'`, `memory: '16Gi'`). */
export interface NodeCapacity {
  cpu: string | number;
  memory: string;
  pods: number;
  'nvidia.com/gpu'?: number;
  'ephemeral-storage'?: string;
  [resource: string]: string | number | undefined;
}

/** A taint as on Node.spec.taints. */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

/** A pool of identical nodes, named `<namePrefix ?? name>-<n>` from 1. */
export interface NodePool {
  name: string;
  count: number;
  capacity?: Partial<NodeCapacity>;
  labels?: Record<string, string>;
  taints?: Taint[];
  /** Name prefix; default the pool name. */
  namePrefix?: string;
  /** Created cordoned (spec.unschedulable). */
  unschedulable?: boolean;
}

/** The declared nodes of a cluster. */
export interface FleetSpec {
  pools: NodePool[];
}

/** Label holding a node's pool name. */
export const POOL_LABEL = 'sandbox.berth.dev/pool';
/** Kubelet version the simulated nodes report. */
export const KUBELET_VERSION = 'v1.31.0';

/** Default capacity of a node: 4 cpu, 16Gi, 110 pods. */
export const DEFAULT_CAPACITY: NodeCapacity = { cpu: '4', memory: '16Gi', pods: 110, 'ephemeral-storage': '100Gi' };

/** The fleet used when none is declared: three nodes `node-1..3` of 4 cpu / 16Gi / 110 pods. */
export function defaultFleet(): FleetSpec {
  return { pools: [{ name: 'node', count: 3 }] };
}

/**
 * A fleet from the user's shorthand: a number (that many default nodes; 0 = none), a spec, or
 * undefined (the default fleet).
 */
export function resolveFleet(fleet: FleetSpec | number | undefined): FleetSpec {
  if (fleet === undefined) return defaultFleet();
  if (typeof fleet === 'number') return { pools: fleet > 0 ? [{ name: 'node', count: fleet }] : [] };
  return fleet;
}

/** One node of the fleet, with its position (used for addresses and the pod CIDR). */
export interface FleetNode {
  name: string;
  pool: NodePool;
  index: number;
}

/** Every node of the fleet, in order. */
export function fleetNodes(fleet: FleetSpec): FleetNode[] {
  const out: FleetNode[] = [];
  let index = 0;
  for (const pool of fleet.pools) {
    for (let i = 1; i <= pool.count; i++) out.push({ name: `${pool.namePrefix ?? pool.name}-${i}`, pool, index: index++ });
  }
  return out;
}

/** The pod CIDR of the node at `index`: a /24 out of 10.128.0.0/9. */
export function podCidr(index: number): string {
  return `10.${128 + ((index >> 8) & 127)}.${index & 255}.0/24`;
}

/** The InternalIP of the node at `index`. */
export function nodeAddress(index: number): string {
  const n = index + 2;
  return `172.18.${(n >> 8) & 255}.${n & 255}`;
}

/** The node conditions a healthy kubelet posts, with the kubelet's reasons and messages. */
export function healthyConditions(nowIso: string, since: string): Record<string, unknown>[] {
  const c = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: nowIso,
    lastTransitionTime: since,
    reason,
    message,
  });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

function quantityString(v: string | number | undefined): string | undefined {
  return v === undefined ? undefined : String(v);
}

/** The Node object a freshly registered kubelet of `node` creates. */
export function buildNode(node: FleetNode, nowIso: string): KubeObject {
  const cap: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...DEFAULT_CAPACITY, ...node.pool.capacity })) {
    const q = quantityString(v);
    if (q !== undefined) cap[k] = q;
  }
  const hex = (node.index + 1).toString(16).padStart(12, '0');
  const spec: Record<string, unknown> = { podCIDR: podCidr(node.index), podCIDRs: [podCidr(node.index)], providerID: `sandbox://${node.name}` };
  if (node.pool.taints?.length) spec.taints = node.pool.taints.map((t) => ({ ...t }));
  if (node.pool.unschedulable) spec.unschedulable = true;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        [POOL_LABEL]: node.pool.name,
        ...node.pool.labels,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec,
    status: {
      capacity: cap,
      allocatable: { ...cap },
      conditions: healthyConditions(nowIso, nowIso),
      addresses: [
        { type: 'InternalIP', address: nodeAddress(node.index) },
        { type: 'Hostname', address: node.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: `${hex}${'0'.repeat(20)}`,
        systemUUID: `00000000-0000-0000-0000-${hex}`,
        bootID: `b0000000-0000-0000-0000-${hex}`,
        kernelVersion: '6.1.0-sandbox',
        osImage: 'Berth Sandbox (simulated)',
        containerRuntimeVersion: 'containerd://1.7.22',
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
      images: [],
    },
  };
}

/** The heartbeat Lease of `nodeName` in kube-node-lease, owned by its Node. */
export function buildLease(node: KubeObject, renewIso: string): KubeObject {
  const name = node.metadata.name ?? '';
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name,
      namespace: 'kube-node-lease',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid ?? '' }],
    },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: renewIso },
  };
}

/** MicroTime as Leases carry it: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}
