/**
 * The node side of the simulation: registers the fleet's Nodes, renews their heartbeat Leases
 * (staggered, so 1,000 nodes cost a trickle of writes), and plays the node lifecycle controller:
 * a node whose lease has not been renewed within the grace period gets Unknown conditions
 * (NodeStatusUnknown, "Kubelet stopped posting node status."), the unreachable taints, its pods
 * marked not ready, and after their toleration (300s by default) evicted.
 */
import { buildLease, buildNode, fleetNodes, healthyConditions, microTime, POOL_LABEL, type FleetSpec, type Taint } from '../sim/fleet.js';
import type { KubeObject } from '../store/types.js';
import type { ControllerContext } from './context.js';
import { clone, iso, isConflict, isNotFound, parseTime, setCondition, type Condition } from './objects.js';

const UNREACHABLE = 'node.kubernetes.io/unreachable';
const NOT_READY = 'node.kubernetes.io/not-ready';
const MONITOR_PERIOD_MS = 5000;
const BATCHES = 10;
const DEFAULT_EVICTION_SECONDS = 300;

/** Runs the fleet's kubelets (registration, heartbeats) and the node lifecycle controller. */
export class NodeSimulation {
  private timers: { cancel(): void }[] = [];
  private phase = 0;
  private stopped = false;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly fleet: FleetSpec,
  ) {}

  start(): void {
    const { store, kinds, clock } = this.ctx;
    if (!kinds.nodes) return;
    if (kinds.namespaces && !store.get(kinds.namespaces, undefined, 'kube-node-lease')) {
      try {
        store.create(kinds.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-node-lease' } });
      } catch {
        /* created concurrently */
      }
    }
    const now = iso(clock.now());
    for (const node of fleetNodes(this.fleet)) {
      if (store.get(kinds.nodes, undefined, node.name)) continue;
      const created = store.create(kinds.nodes, buildNode(node, now));
      this.renewLease(created);
    }
    this.scheduleRenewals();
    this.scheduleMonitor();
    this.ctx.faults.onChange(() => {
      if (!this.stopped) this.postStatusAll();
    });
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) t.cancel();
  }

  private pool(node: KubeObject): string | undefined {
    return node.metadata.labels?.[POOL_LABEL];
  }

  private kubeletDown(node: KubeObject): boolean {
    return this.ctx.faults.nodeNotReady(node.metadata.name ?? '', this.pool(node));
  }

  private scheduleRenewals(): void {
    const every = Math.max(1, Math.floor(this.ctx.timings.leaseRenewMs / BATCHES));
    const tick = (): void => {
      if (this.stopped) return;
      const phase = this.phase++ % BATCHES;
      const nodes = this.ctx.informers.for(this.ctx.kinds.nodes!).list();
      for (let i = phase; i < nodes.length; i += BATCHES) {
        const node = nodes[i]!;
        if (this.kubeletDown(node)) continue;
        this.renewLease(node);
        this.postStatus(node);
      }
      this.timers[0] = this.ctx.clock.setTimer(every, tick);
    };
    this.timers[0] = this.ctx.clock.setTimer(every, tick);
  }

  private scheduleMonitor(): void {
    const tick = (): void => {
      if (this.stopped) return;
      this.monitor();
      this.timers[1] = this.ctx.clock.setTimer(MONITOR_PERIOD_MS, tick);
    };
    this.timers[1] = this.ctx.clock.setTimer(MONITOR_PERIOD_MS, tick);
  }

  /** The kubelet renews its lease. */
  private renewLease(node: KubeObject): void {
    const { store, kinds, clock } = this.ctx;
    if (!kinds.leases) return;
    const name = node.metadata.name ?? '';
    const renew = microTime(clock.now());
    const existing = store.get(kinds.leases, 'kube-node-lease', name);
    try {
      if (existing) store.update(kinds.leases, { ...existing, spec: { ...(existing.spec as object), renewTime: renew } }, { fieldManager: 'kubelet' });
      else store.create(kinds.leases, buildLease(node, renew), { fieldManager: 'kubelet' });
    } catch (e) {
      if (!isConflict(e) && !isNotFound(e)) throw e;
    }
  }

  /** A running kubelet posts Ready status when its node is not Ready (e.g. after a fault clears). */
  private postStatus(node: KubeObject): void {
    const ready = (node.status as { conditions?: Condition[] } | undefined)?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status === 'True') return;
    const now = iso(this.ctx.clock.now());
    const status = { ...(node.status as object), conditions: healthyConditions(now, now) };
    try {
      this.ctx.store.updateStatus(this.ctx.kinds.nodes!, { ...node, status }, { fieldManager: 'kubelet' });
    } catch (e) {
      if (!isConflict(e) && !isNotFound(e)) throw e;
    }
    this.ctx.events.record(node, 'Normal', 'NodeReady', `Node ${node.metadata.name} status is now: NodeReady`, 'kubelet', { host: node.metadata.name ?? '' });
  }

  private postStatusAll(): void {
    for (const node of this.ctx.informers.for(this.ctx.kinds.nodes!).list()) {
      if (this.kubeletDown(node)) continue;
      this.renewLease(node);
      this.postStatus(node);
    }
    this.monitor();
  }

  /** Node lifecycle controller: one pass over every node. */
  monitor(): void {
    const { kinds, clock, informers, timings } = this.ctx;
    const now = clock.now();
    const leases = kinds.leases ? informers.for(kinds.leases) : undefined;
    for (const node of informers.for(kinds.nodes!).list()) {
      const name = node.metadata.name ?? '';
      const lease = leases?.get('kube-node-lease', name);
      const renewed = parseTime((lease?.spec as { renewTime?: string } | undefined)?.renewTime);
      const conditions = (node.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
      const ready = conditions.find((c) => c.type === 'Ready');
      const stale = renewed === undefined ? false : now - renewed > timings.nodeGraceMs;
      if (stale && ready?.status !== 'Unknown') this.markUnknown(node, conditions);
      const isReady = !stale && ready?.status === 'True';
      this.syncTaints(node, isReady, ready?.status === 'False');
      if (!isReady && (stale || ready?.status !== 'True')) this.handlePodsOnDownNode(name, now);
    }
  }

  private markUnknown(node: KubeObject, conditions: Condition[]): void {
    const nowIso = iso(this.ctx.clock.now());
    let next = conditions;
    for (const c of conditions) {
      next = setCondition(next, { ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }, nowIso);
    }
    try {
      this.ctx.store.updateStatus(this.ctx.kinds.nodes!, { ...node, status: { ...(node.status as object), conditions: next } });
    } catch (e) {
      if (!isConflict(e) && !isNotFound(e)) throw e;
      return;
    }
    this.ctx.events.record(node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`, 'node-controller');
  }

  private syncTaints(node: KubeObject, ready: boolean, readyFalse: boolean): void {
    const spec = (node.spec ?? {}) as { taints?: Taint[] };
    const current = spec.taints ?? [];
    const others = current.filter((t) => t.key !== UNREACHABLE && t.key !== NOT_READY);
    let wanted = others;
    if (!ready) {
      const key = readyFalse ? NOT_READY : UNREACHABLE;
      const keep = current.filter((t) => t.key === key);
      const timeAdded = iso(this.ctx.clock.now());
      const mk = (effect: Taint['effect']): Taint => keep.find((t) => t.effect === effect) ?? (effect === 'NoExecute' ? { key, effect, timeAdded } : { key, effect });
      wanted = [...others, mk('NoSchedule'), mk('NoExecute')];
    }
    if (JSON.stringify(wanted) === JSON.stringify(current)) return;
    const next = clone(node);
    (next.spec as { taints?: Taint[] }) = { ...spec, taints: wanted };
    if (wanted.length === 0) delete (next.spec as { taints?: Taint[] }).taints;
    try {
      this.ctx.store.update(this.ctx.kinds.nodes!, next);
    } catch (e) {
      if (!isConflict(e) && !isNotFound(e)) throw e;
    }
  }

  /** Pods on a down node: Ready=False at once, deleted once their NoExecute toleration runs out. */
  private handlePodsOnDownNode(nodeName: string, now: number): void {
    const { kinds, informers, store } = this.ctx;
    const nodeObj = informers.for(kinds.nodes!).get(undefined, nodeName);
    const taint = ((nodeObj?.spec as { taints?: Taint[] } | undefined)?.taints ?? []).find((t) => (t.key === UNREACHABLE || t.key === NOT_READY) && t.effect === 'NoExecute');
    const taintedAt = parseTime(taint?.timeAdded) ?? now;
    for (const pod of informers.for(kinds.pods!).byIndex('node', nodeName)) {
      const status = (pod.status ?? {}) as { conditions?: Condition[]; phase?: string };
      if (status.phase === 'Succeeded' || status.phase === 'Failed') continue;
      const ready = status.conditions?.find((c) => c.type === 'Ready');
      if (ready && ready.status !== 'False') {
        const nowIso = iso(now);
        let conds = setCondition(status.conditions, { type: 'Ready', status: 'False', lastProbeTime: null }, nowIso);
        conds = setCondition(conds, { type: 'ContainersReady', status: 'False', lastProbeTime: null }, nowIso);
        try {
          store.updateStatus(kinds.pods!, { ...pod, status: { ...status, conditions: conds } });
        } catch (e) {
          if (!isConflict(e) && !isNotFound(e)) throw e;
        }
      }
      if (!taint || pod.metadata.deletionTimestamp) continue;
      const tolerations = ((pod.spec as { tolerations?: { key?: string; operator?: string; effect?: string; tolerationSeconds?: number }[] })?.tolerations ?? []).filter(
        (t) => (t.key === taint.key || (t.operator === 'Exists' && !t.key)) && (!t.effect || t.effect === 'NoExecute'),
      );
      const seconds = tolerations.length === 0 ? DEFAULT_EVICTION_SECONDS : tolerations.some((t) => t.tolerationSeconds === undefined) ? Infinity : Math.min(...tolerations.map((t) => t.tolerationSeconds!));
      if (now - taintedAt < seconds * 1000) continue;
      this.ctx.events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`, 'taint-eviction-controller');
      try {
        store.delete(kinds.pods!, pod.metadata.namespace, pod.metadata.name ?? '');
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }
}
