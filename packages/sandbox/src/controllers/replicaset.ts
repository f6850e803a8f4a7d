/**
 * The ReplicaSet controller: keeps `spec.replicas` pods of the template (named
 * `<rs>-<5 random>`), deleting the least useful first (unscheduled, pending, not ready, newest),
 * and reports replicas / fullyLabeledReplicas / readyReplicas / availableReplicas.
 */
import type { KubeObject } from '../store/types.js';
import type { ControllerContext } from './context.js';
import { objectKey } from './informer.js';
import { controllerOf, controllerRef, getCondition, isConflict, isNotFound, jsonEqual, matchesMap, parseTime } from './objects.js';
import { isTerminal, podSpec } from './pod-spec.js';
import { WorkQueue } from './queue.js';

const BURST = 500;

/** Whether a pod counts for its controller: not terminal, not being deleted. */
export function isActivePod(pod: KubeObject): boolean {
  return !isTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** Whether a pod is Ready. */
export function isPodReady(pod: KubeObject): boolean {
  return getCondition((pod.status as { conditions?: unknown } | undefined)?.conditions, 'Ready')?.status === 'True';
}

/** Whether a pod has been Ready for at least `minReadySeconds` at `now`; else when it will be (ms), or undefined. */
export function availability(pod: KubeObject, minReadySeconds: number, now: number): { available: boolean; at?: number } {
  const ready = getCondition((pod.status as { conditions?: unknown } | undefined)?.conditions, 'Ready');
  if (ready?.status !== 'True') return { available: false };
  if (minReadySeconds <= 0) return { available: true };
  const since = parseTime(ready.lastTransitionTime) ?? now;
  const at = since + minReadySeconds * 1000;
  return at <= now ? { available: true } : { available: false, at };
}

/** Rank for deletion: lower goes first (kubectl's ActivePods ordering, simplified). */
function deletionRank(pod: KubeObject): number[] {
  const nodeName = podSpec(pod).nodeName;
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  const restarts = ((pod.status as { containerStatuses?: { restartCount?: number }[] } | undefined)?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const created = parseTime(pod.metadata.creationTimestamp) ?? 0;
  return [nodeName ? 1 : 0, phase === 'Pending' ? 0 : phase === 'Unknown' ? 1 : 2, isPodReady(pod) ? 1 : 0, -restarts, -created];
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Pods to delete first when scaling down `pods` by `count`. */
export function podsToDelete(pods: KubeObject[], count: number): KubeObject[] {
  return [...pods].sort((a, b) => compareRank(deletionRank(a), deletionRank(b))).slice(0, count);
}

/** A pod object from a controller's template. */
export function podFromTemplate(owner: KubeObject, template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown }, name: { generateName?: string; name?: string }): KubeObject {
  const meta: KubeObject['metadata'] = { namespace: owner.metadata.namespace, ownerReferences: [controllerRef(owner)] };
  if (name.name) meta.name = name.name;
  else meta.generateName = name.generateName;
  if (template.metadata?.labels) meta.labels = { ...template.metadata.labels };
  if (template.metadata?.annotations) meta.annotations = { ...template.metadata.annotations };
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: structuredClone(template.spec ?? {}) };
}

interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: unknown;
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown };
}

/** The ReplicaSet controller. */
export class ReplicaSetController {
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ name: 'replicaset', clock: ctx.clock, reconcile: (k) => this.sync(k), onError: ctx.onError });
  }

  start(): void {
    const { informers, kinds } = this.ctx;
    const rss = informers.for(kinds.replicaSets!);
    rss.addIndex('uid', (o) => [o.metadata.uid ?? '']);
    rss.onChange((type, rs) => type !== 'DELETED' && this.queue.add(objectKey(rs)));
    informers.for(kinds.pods!).onChange((_type, pod, old) => {
      for (const p of [pod, old]) {
        const ref = p && controllerOf(p);
        if (ref?.kind !== 'ReplicaSet') continue;
        const owner = rss.byIndex('uid', ref.uid)[0];
        if (owner) this.queue.add(objectKey(owner));
      }
    });
    for (const rs of rss.list()) this.queue.add(objectKey(rs));
  }

  stop(): void {
    this.queue.stop();
  }

  private sync(key: string): void {
    const { informers, kinds, store, clock, events } = this.ctx;
    const rs = informers.for(kinds.replicaSets!).getByKey(key);
    if (!rs) return;
    const spec = (rs.spec ?? {}) as ReplicaSetSpec;
    const pods = informers.for(kinds.pods!).byIndex('owner', rs.metadata.uid ?? '').filter((p) => controllerOf(p)?.uid === rs.metadata.uid);
    const active = pods.filter(isActivePod);
    const want = spec.replicas ?? 1;
    if (!rs.metadata.deletionTimestamp) {
      const diff = active.length - want;
      if (diff < 0) {
        for (let i = 0; i < Math.min(-diff, BURST); i++) {
          const pod = podFromTemplate(rs, spec.template ?? {}, { generateName: `${rs.metadata.name}-` });
          let created: KubeObject;
          try {
            created = store.create(kinds.pods!, pod);
          } catch (e) {
            events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`, 'replicaset-controller');
            break;
          }
          events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, 'replicaset-controller');
        }
      } else if (diff > 0) {
        for (const pod of podsToDelete(active, diff)) {
          try {
            store.delete(kinds.pods!, pod.metadata.namespace, pod.metadata.name ?? '');
            events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, 'replicaset-controller');
          } catch (e) {
            if (!isNotFound(e)) throw e;
          }
        }
      }
    }
    // Status from the pods as they are now (the informer already reflects our writes).
    const now = clock.now();
    const current = informers.for(kinds.pods!).byIndex('owner', rs.metadata.uid ?? '').filter((p) => controllerOf(p)?.uid === rs.metadata.uid && isActivePod(p));
    const labels = spec.template?.metadata?.labels;
    let ready = 0;
    let available = 0;
    let nextAvailable: number | undefined;
    for (const p of current) {
      if (isPodReady(p)) ready++;
      const a = availability(p, spec.minReadySeconds ?? 0, now);
      if (a.available) available++;
      else if (a.at !== undefined) nextAvailable = Math.min(nextAvailable ?? Infinity, a.at);
    }
    const old = (rs.status ?? {}) as Record<string, unknown>;
    const status: Record<string, unknown> = {
      replicas: current.length,
      fullyLabeledReplicas: current.filter((p) => !labels || Object.keys(labels).length === 0 || matchesMap(labels, p.metadata.labels)).length,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    if (old.conditions) status.conditions = old.conditions;
    if (!jsonEqual(status, old)) {
      try {
        store.updateStatus(kinds.replicaSets!, { ...rs, status });
      } catch (e) {
        if (isConflict(e)) return this.queue.addAfter(key, 10);
        if (!isNotFound(e)) throw e;
      }
    }
    if (nextAvailable !== undefined) this.queue.addAfter(key, nextAvailable - now);
  }
}
