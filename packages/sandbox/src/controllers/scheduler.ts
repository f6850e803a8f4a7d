/**
 * The simulated default-scheduler. Binds pods that have no node to the least allocated node that
 * passes the filters the real scheduler runs, in its order — NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity, NodeResourcesFit — and, when none does, sets
 * PodScheduled=False/Unschedulable and records FailedScheduling with the real message
 * (`0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: ...`). Unschedulable pods
 * are retried when nodes change or pods free capacity.
 */
import { keepManagedFields } from '../machinery/managed-fields.js';
import type { Taint } from '../sim/fleet.js';
import { resourceAmount } from '../sim/quantity.js';
import type { KubeObject } from '../store/types.js';
import type { ControllerContext } from './context.js';
import { objectKey } from './informer.js';
import { iso, isConflict, isNotFound, setCondition, type Condition } from './objects.js';
import { isTerminal, matchesNodeAffinity, podRequests, podSpec, tolerates } from './pod-spec.js';
import { WorkQueue } from './queue.js';

/** Name the simulated scheduler answers to. */
export const SCHEDULER_NAME = 'default-scheduler';
const FEASIBLE_ENOUGH = 100;
const RETRY_UNSCHEDULABLE_MS = 60_000;

interface Failure {
  reasons: string[];
  /** Whether preemption could help (resource shortage) or not (affinity, taints...). */
  resolvable: boolean;
}

/** The outcome of filtering one pod against every node. */
export interface ScheduleResult {
  node?: string;
  message?: string;
}

/** Formats a scheduling failure as the scheduler's FitError does (counts sorted as strings). */
export function fitErrorMessage(total: number, failures: Failure[]): string {
  if (total === 0) return 'no nodes available to schedule pods';
  const histogram = (items: string[]): string => {
    const counts = new Map<string, number>();
    for (const r of items) counts.set(r, (counts.get(r) ?? 0) + 1);
    return [...counts].map(([r, n]) => `${n} ${r}`).sort().join(', ');
  };
  const main = histogram(failures.flatMap((f) => f.reasons));
  const preemption = histogram(failures.map((f) => (f.resolvable ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling')));
  return `0/${total} nodes are available: ${main}. preemption: 0/${total} nodes are available: ${preemption}.`;
}

/** Schedules pending pods onto the simulated nodes. */
export class Scheduler {
  private readonly queue: WorkQueue;
  private readonly usage = new Map<string, Map<string, number>>();
  private readonly contribution = new Map<string, { node: string; req: Map<string, number> }>();
  private readonly unschedulable = new Set<string>();
  private nextStart = 0;
  private retryPending = false;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ name: 'scheduler', clock: ctx.clock, reconcile: (k) => this.schedule(k), onError: ctx.onError });
  }

  start(): void {
    const { informers, kinds } = this.ctx;
    const pods = informers.for(kinds.pods!);
    pods.onChange((type, pod, old) => {
      const key = objectKey(pod);
      this.account(type === 'DELETED' ? undefined : pod, key);
      // A pod already known unschedulable is retried on cluster changes, not on its own status writes.
      const specChanged = !old || JSON.stringify(old.spec) !== JSON.stringify(pod.spec);
      if (type !== 'DELETED' && this.needsScheduling(pod) && (!this.unschedulable.has(key) || specChanged)) this.queue.add(key);
      if (type === 'DELETED' || isTerminal(pod)) {
        this.unschedulable.delete(objectKey(pod));
        this.retryUnschedulable();
      }
    });
    informers.for(kinds.nodes!).onChange(() => this.retryUnschedulable());
    for (const pod of pods.list()) {
      this.account(pod, objectKey(pod));
      if (this.needsScheduling(pod)) this.queue.add(objectKey(pod));
    }
  }

  stop(): void {
    this.queue.stop();
  }

  private needsScheduling(pod: KubeObject): boolean {
    const spec = podSpec(pod);
    if (spec.nodeName || pod.metadata.deletionTimestamp || isTerminal(pod)) return false;
    return (spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME;
  }

  /** Keeps per-node requested resources up to date, incrementally. */
  private account(pod: KubeObject | undefined, key: string): void {
    const old = this.contribution.get(key);
    const nodeName = pod ? podSpec(pod).nodeName : undefined;
    if (old && pod && nodeName === old.node && !isTerminal(pod)) return;
    if (old) {
      const u = this.usage.get(old.node);
      if (u) for (const [k, v] of old.req) u.set(k, (u.get(k) ?? 0) - v);
      this.contribution.delete(key);
    }
    if (!pod || !nodeName || isTerminal(pod)) return;
    const req = podRequests(pod);
    req.set('pods', 1);
    let u = this.usage.get(nodeName);
    if (!u) this.usage.set(nodeName, (u = new Map()));
    for (const [k, v] of req) u.set(k, (u.get(k) ?? 0) + v);
    this.contribution.set(key, { node: nodeName, req });
  }

  private retryUnschedulable(): void {
    if (this.retryPending || this.unschedulable.size === 0) return;
    this.retryPending = true;
    this.ctx.clock.setTimer(0, () => {
      this.retryPending = false;
      for (const key of this.unschedulable) this.queue.add(key);
    });
  }

  /** Filters one node; undefined when the pod fits. */
  private filter(pod: KubeObject, node: KubeObject, req: Map<string, number>): Failure | undefined {
    const spec = podSpec(pod);
    const nodeSpec = (node.spec ?? {}) as { unschedulable?: boolean; taints?: Taint[] };
    const tolerations = spec.tolerations ?? [];
    if (nodeSpec.unschedulable && !tolerations.some((t) => tolerates(t, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }))) {
      return { reasons: ['node(s) were unschedulable'], resolvable: false };
    }
    const taint = (nodeSpec.taints ?? []).find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerations.some((tol) => tolerates(tol, t)));
    if (taint) return { reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`], resolvable: false };
    if (!matchesNodeAffinity(spec, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvable: false };
    const allocatable = ((node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable ?? {}) as Record<string, string>;
    const used = this.usage.get(node.metadata.name ?? '');
    const reasons: string[] = [];
    const podsAllowed = resourceAmount('pods', allocatable.pods);
    if ((used?.get('pods') ?? 0) + 1 > podsAllowed) reasons.push('Too many pods');
    for (const [name, amount] of req) {
      if (amount <= 0 || name === 'pods') continue;
      const free = resourceAmount(name, allocatable[name]) - (used?.get(name) ?? 0);
      if (amount > free) reasons.push(`Insufficient ${name}`);
    }
    return reasons.length ? { reasons, resolvable: true } : undefined;
  }

  private score(node: KubeObject, req: Map<string, number>): number {
    const allocatable = ((node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable ?? {}) as Record<string, string>;
    const used = this.usage.get(node.metadata.name ?? '');
    const frac = (name: string): number => {
      const cap = resourceAmount(name, allocatable[name]);
      return cap > 0 ? ((used?.get(name) ?? 0) + (req.get(name) ?? 0)) / cap : 1;
    };
    return (frac('cpu') + frac('memory')) / 2 + frac('pods') / 1000;
  }

  /** Finds a node for the pod (least allocated of the first feasible ones), or explains why none fits. */
  evaluate(pod: KubeObject): ScheduleResult {
    const nodes = this.ctx.informers.for(this.ctx.kinds.nodes!).list();
    if (nodes.length === 0) return { message: fitErrorMessage(0, []) };
    const req = podRequests(pod);
    const failures: Failure[] = [];
    let best: { name: string; score: number } | undefined;
    let feasible = 0;
    const start = this.nextStart % nodes.length;
    for (let i = 0; i < nodes.length && feasible < FEASIBLE_ENOUGH; i++) {
      const node = nodes[(start + i) % nodes.length]!;
      const failure = this.filter(pod, node, req);
      if (failure) {
        failures.push(failure);
        continue;
      }
      feasible++;
      const s = this.score(node, req);
      const name = node.metadata.name ?? '';
      if (!best || s < best.score || (s === best.score && name < best.name)) best = { name, score: s };
    }
    this.nextStart = start + 1;
    if (best) return { node: best.name };
    return { message: fitErrorMessage(nodes.length, failures) };
  }

  private schedule(key: string): void {
    const pods = this.ctx.informers.for(this.ctx.kinds.pods!);
    const pod = pods.getByKey(key);
    if (!pod || !this.needsScheduling(pod)) {
      this.unschedulable.delete(key);
      return;
    }
    const result = this.evaluate(pod);
    if (result.node) this.bind(pod, result.node);
    else this.markUnschedulable(pod, result.message ?? '');
  }

  private bind(pod: KubeObject, nodeName: string): void {
    const { store, kinds, clock } = this.ctx;
    let bound: KubeObject;
    try {
      // As the binding subresource: written to storage directly, the pod's managedFields stay.
      bound = store.update(kinds.pods!, { ...pod, spec: { ...podSpec(pod), nodeName } }, { managedFields: keepManagedFields });
    } catch (e) {
      if (isConflict(e) || isNotFound(e)) return;
      throw e;
    }
    this.unschedulable.delete(objectKey(pod));
    const status = (bound.status ?? {}) as { conditions?: Condition[] };
    const conditions = setCondition(status.conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null }, iso(clock.now()));
    try {
      bound = store.updateStatus(kinds.pods!, { ...bound, status: { phase: 'Pending', ...status, conditions } }, { managedFields: keepManagedFields });
    } catch (e) {
      if (!isConflict(e) && !isNotFound(e)) throw e;
    }
    this.ctx.events.record(bound, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`, SCHEDULER_NAME);
  }

  private markUnschedulable(pod: KubeObject, message: string): void {
    const key = objectKey(pod);
    this.unschedulable.add(key);
    this.queue.addAfter(key, RETRY_UNSCHEDULABLE_MS);
    const status = (pod.status ?? {}) as { conditions?: Condition[]; phase?: string };
    const cond: Condition = { type: 'PodScheduled', status: 'False', lastProbeTime: null, reason: 'Unschedulable', message };
    const conditions = setCondition(status.conditions, cond, iso(this.ctx.clock.now()));
    if (conditions !== status.conditions || status.phase !== 'Pending') {
      try {
        this.ctx.store.updateStatus(this.ctx.kinds.pods!, { ...pod, status: { ...status, phase: 'Pending', conditions } }, { fieldManager: 'kube-scheduler' });
      } catch (e) {
        if (!isConflict(e) && !isNotFound(e)) throw e;
      }
    }
    this.ctx.events.record(pod, 'Warning', 'FailedScheduling', message, SCHEDULER_NAME);
  }
}
