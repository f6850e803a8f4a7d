/**
 * The DaemonSet controller: one pod per node that matches the template's nodeSelector and
 * required node affinity and whose NoSchedule/NoExecute taints it tolerates (plus the
 * tolerations the controller adds to every daemon pod). Pods are pinned to their node by node
 * affinity on `metadata.name` and placed by the scheduler. Rolling updates replace one pod at a time.
 */
import type { Taint } from '../sim/fleet.js';
import type { KubeObject } from '../store/types.js';
import type { ControllerContext } from './context.js';
import { objectKey } from './informer.js';
import { controllerOf, isConflict, isNotFound, jsonEqual } from './objects.js';
import { isTerminal, matchesNodeAffinity, podSpec, tolerates, type PodSpec, type Toleration } from './pod-spec.js';
import { WorkQueue } from './queue.js';
import { availability, isPodReady, podFromTemplate } from './replicaset.js';
import { podTemplateHash } from './rollout.js';

const COMPONENT = 'daemonset-controller';

/** Tolerations the DaemonSet controller adds to every daemon pod. */
export const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

interface DaemonSetSpec {
  minReadySeconds?: number;
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: PodSpec };
}

/** Whether a daemon pod of `spec` should run on `node`. */
export function shouldRunOn(spec: PodSpec, node: KubeObject): boolean {
  if (!matchesNodeAffinity(spec, node)) return false;
  const tolerations = [...(spec.tolerations ?? []), ...DAEMON_TOLERATIONS];
  const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  return taints.every((t) => tolerations.some((tol) => tolerates(tol, t)));
}

/** The DaemonSet controller. */
export class DaemonSetController {
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ name: 'daemonset', clock: ctx.clock, reconcile: (k) => this.sync(k), onError: ctx.onError });
  }

  start(): void {
    const { informers, kinds } = this.ctx;
    const sets = informers.for(kinds.daemonSets!);
    sets.addIndex('uid', (o) => [o.metadata.uid ?? '']);
    sets.onChange((type, s) => type !== 'DELETED' && this.queue.add(objectKey(s)));
    informers.for(kinds.pods!).onChange((_t, pod) => {
      const ref = controllerOf(pod);
      if (ref?.kind !== 'DaemonSet') return;
      const s = sets.byIndex('uid', ref.uid)[0];
      if (s) this.queue.add(objectKey(s));
    });
    informers.for(kinds.nodes!).onChange((_t, node, old) => {
      if (old && jsonEqual(old.metadata.labels, node.metadata.labels) && jsonEqual(old.spec, node.spec)) return;
      for (const s of sets.list()) this.queue.add(objectKey(s));
    });
    for (const s of sets.list()) this.queue.add(objectKey(s));
  }

  stop(): void {
    this.queue.stop();
  }

  private sync(key: string): void {
    const { informers, kinds, store, clock } = this.ctx;
    const ds = informers.for(kinds.daemonSets!).getByKey(key);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const spec = (ds.spec ?? {}) as DaemonSetSpec;
    const tplSpec = spec.template?.spec ?? {};
    const hash = podTemplateHash(spec.template as never);
    const nodes = informers.for(kinds.nodes!).list();
    const pods = informers.for(kinds.pods!).byIndex('owner', ds.metadata.uid ?? '').filter((p) => controllerOf(p)?.uid === ds.metadata.uid && !isTerminal(p));
    const byNode = new Map<string, KubeObject[]>();
    for (const p of pods) {
      const target = this.targetNode(p);
      byNode.set(target, [...(byNode.get(target) ?? []), p]);
    }
    const wanted = new Set(nodes.filter((n) => shouldRunOn(tplSpec, n)).map((n) => n.metadata.name ?? ''));
    let unavailableBudget = 1 - pods.filter((p) => !isPodReady(p) || p.metadata.deletionTimestamp).length;
    for (const node of wanted) {
      const mine = (byNode.get(node) ?? []).filter((p) => !p.metadata.deletionTimestamp);
      if (mine.length === 0) this.createPod(ds, spec, node, hash);
      else if (mine[0]!.metadata.labels?.['controller-revision-hash'] !== hash && unavailableBudget > 0) {
        this.deletePod(ds, mine[0]!);
        unavailableBudget--;
      }
    }
    for (const [node, list] of byNode) if (!wanted.has(node)) for (const p of list) if (!p.metadata.deletionTimestamp) this.deletePod(ds, p);
    const now = clock.now();
    const current = informers.for(kinds.pods!).byIndex('owner', ds.metadata.uid ?? '').filter((p) => controllerOf(p)?.uid === ds.metadata.uid && !isTerminal(p) && !p.metadata.deletionTimestamp);
    const scheduled = current.filter((p) => podSpec(p).nodeName);
    const onWanted = scheduled.filter((p) => wanted.has(podSpec(p).nodeName ?? ''));
    const available = onWanted.filter((p) => availability(p, spec.minReadySeconds ?? 0, now).available).length;
    const status: Record<string, unknown> = {
      currentNumberScheduled: onWanted.length,
      numberMisscheduled: scheduled.length - onWanted.length,
      desiredNumberScheduled: wanted.size,
      numberReady: onWanted.filter(isPodReady).length,
      observedGeneration: ds.metadata.generation ?? 1,
      updatedNumberScheduled: onWanted.filter((p) => p.metadata.labels?.['controller-revision-hash'] === hash).length,
      numberAvailable: available,
      numberUnavailable: Math.max(0, wanted.size - available),
    };
    for (const k of ['numberAvailable', 'numberUnavailable', 'updatedNumberScheduled']) if (status[k] === 0) delete status[k];
    if (!jsonEqual(status, ds.status)) {
      try {
        store.updateStatus(kinds.daemonSets!, { ...ds, status });
      } catch (e) {
        if (isConflict(e)) return this.queue.addAfter(key, 10);
        if (!isNotFound(e)) throw e;
      }
    }
  }

  private targetNode(pod: KubeObject): string {
    const terms = podSpec(pod).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.values?.[0]) return f.values[0];
    return podSpec(pod).nodeName ?? '';
  }

  private createPod(ds: KubeObject, spec: DaemonSetSpec, node: string, hash: string): void {
    const labels = { ...spec.template?.metadata?.labels, 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) };
    const pod = podFromTemplate(ds, { ...spec.template, metadata: { ...spec.template?.metadata, labels } }, { generateName: `${ds.metadata.name}-` });
    const ps = pod.spec as PodSpec;
    ps.affinity = { ...ps.affinity, nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } };
    const tolerations = [...(ps.tolerations ?? [])];
    for (const t of DAEMON_TOLERATIONS) if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect)) tolerations.push(t);
    ps.tolerations = tolerations;
    try {
      const created = this.ctx.store.create(this.ctx.kinds.pods!, pod);
      this.ctx.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
    } catch (e) {
      this.ctx.events.record(ds, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`, COMPONENT);
    }
  }

  private deletePod(ds: KubeObject, pod: KubeObject): void {
    try {
      this.ctx.store.delete(this.ctx.kinds.pods!, pod.metadata.namespace, pod.metadata.name ?? '');
      this.ctx.events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
