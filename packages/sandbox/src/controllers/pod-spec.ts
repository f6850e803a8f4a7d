/**
 * Reading pod specs the way the scheduler and the kubelet do: effective resource requests,
 * tolerations, node affinity and the pod's QoS class.
 */
import type { Taint } from '../sim/fleet.js';
import { resourceAmount } from '../sim/quantity.js';
import type { KubeObject } from '../store/types.js';

/** A container as the simulation reads it. */
export interface ContainerSpec {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  readinessProbe?: { initialDelaySeconds?: number; periodSeconds?: number };
  startupProbe?: { initialDelaySeconds?: number; periodSeconds?: number };
  ports?: { containerPort: number; name?: string; protocol?: string }[];
  restartPolicy?: string;
  [field: string]: unknown;
}

/** A toleration as on PodSpec.tolerations. */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** A node selector requirement (matchExpressions / matchFields). */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/** The parts of a PodSpec the simulation uses. */
export interface PodSpec {
  nodeName?: string;
  schedulerName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }[] } } };
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
  overhead?: Record<string, string>;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  [field: string]: unknown;
}

/** The pod's spec, typed. */
export function podSpec(pod: KubeObject): PodSpec {
  return (pod.spec ?? {}) as PodSpec;
}

function containerRequests(c: ContainerSpec): Map<string, number> {
  const out = new Map<string, number>();
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  // The apiserver defaults a missing request to the limit.
  for (const name of new Set([...Object.keys(req), ...Object.keys(lim)])) {
    out.set(name, resourceAmount(name, req[name] ?? lim[name]));
  }
  return out;
}

/**
 * Effective requests of a pod as the scheduler computes them: the sum over app containers (and
 * sidecar init containers), at least the largest regular init container, plus overhead.
 */
export function podRequests(pod: KubeObject): Map<string, number> {
  const spec = podSpec(pod);
  const sum = new Map<string, number>();
  for (const c of spec.containers ?? []) for (const [k, v] of containerRequests(c)) sum.set(k, (sum.get(k) ?? 0) + v);
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      for (const [k, v] of r) sum.set(k, (sum.get(k) ?? 0) + v);
      continue;
    }
    for (const [k, v] of r) if (v > (sum.get(k) ?? 0)) sum.set(k, v);
  }
  for (const [k, v] of Object.entries(spec.overhead ?? {})) sum.set(k, (sum.get(k) ?? 0) + resourceAmount(k, v));
  return sum;
}

/** Whether a toleration tolerates a taint (key/operator/value/effect, as core/v1 helpers define it). */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** Whether a node selector requirement is satisfied by `value` (undefined = label absent). */
export function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const a = Number.parseInt(value, 10);
      const b = Number.parseInt(values[0]!, 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** Whether the node matches the pod's nodeSelector and required node affinity. */
export function matchesNodeAffinity(spec: PodSpec, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  // Terms are ORed; requirements inside a term are ANDed; an empty term matches nothing.
  return terms.some((term) => {
    const exprs = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) return false;
    return (
      exprs.every((r) => requirementMatches(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined)) &&
      fields.every((r) => requirementMatches(r, r.key === 'metadata.name' ? node.metadata.name : undefined))
    );
  });
}

/** The pod's QoS class: Guaranteed, Burstable or BestEffort. */
export function qosClass(pod: KubeObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const spec = podSpec(pod);
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const name of ['cpu', 'memory']) {
      const r = req[name] ?? lim[name];
      if (r !== undefined || lim[name] !== undefined) any = true;
      if (lim[name] === undefined || resourceAmount(name, r) !== resourceAmount(name, lim[name])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Whether the pod has reached a terminal phase. */
export function isTerminal(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}
