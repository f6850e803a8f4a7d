/**
 * The disruption controller (pkg/controller/disruption): keeps each PodDisruptionBudget's status
 * in step with the pods its selector matches. `expectedPods` is the number of matching pods for
 * an integer `minAvailable`, otherwise the sum of the scale of the pods' controllers (pods
 * without one are reported as `UnmanagedPods`); `desiredHealthy` is `minAvailable` or
 * `expectedPods - maxUnavailable` (percentages round up); `currentHealthy` counts ready pods
 * that are not being deleted nor recently evicted (`disruptedPods`, forgotten after 2 minutes).
 * A budget it cannot compute gets `DisruptionAllowed=False` `SyncFailed` (failSafe).
 */
import { DISRUPTION_ALLOWED, isPodReady, pdbCoversPod, scaledValue, setStatusCondition, updateDisruptionAllowedCondition, type PdbSpec, type PdbStatus } from '../resources/disruption-budget.js';
import type { KubeObject, ResourceType } from '../store/types.js';
import type { ControllerContext } from './context.js';
import { objectKey } from './informer.js';
import { clone, iso, isConflict, isNotFound, jsonEqual, parseTime } from './objects.js';
import { WorkQueue } from './queue.js';

/** `DeletionTimeout`: how long an evicted pod may take to be deleted before it counts again. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;
const COMPONENT = 'controllermanager';

/** The PodDisruptionBudget controller. */
export class DisruptionController {
  private readonly queue: WorkQueue;
  private readonly type: ResourceType;
  private readonly pods: ResourceType;

  constructor(private readonly ctx: ControllerContext) {
    this.type = ctx.registry.byKind('policy/v1', 'PodDisruptionBudget')!;
    this.pods = ctx.kinds.pods!;
    this.queue = new WorkQueue({ name: 'disruption', clock: ctx.clock, reconcile: (k) => this.sync(k), onError: ctx.onError });
  }

  start(): void {
    const pdbs = this.ctx.informers.for(this.type);
    pdbs.onChange((type, pdb, old) => {
      if (type === 'DELETED') return;
      if (type === 'ADDED' || !jsonEqual(pdb.spec, old?.spec) || pdb.metadata.generation !== old?.metadata.generation || !jsonEqual(pdb.status, old?.status)) {
        this.queue.add(objectKey(pdb));
      }
    });
    this.ctx.informers.for(this.pods).onChange((_type, pod, old) => {
      for (const p of [pod, old]) if (p) for (const pdb of pdbs.list(p.metadata.namespace)) if (pdbCoversPod(pdb, p)) this.queue.add(objectKey(pdb));
    });
    for (const pdb of pdbs.list()) this.queue.add(objectKey(pdb));
  }

  stop(): void {
    this.queue.stop();
  }

  private sync(key: string): void {
    const pdb = this.ctx.informers.for(this.type).getByKey(key);
    if (!pdb || pdb.metadata.deletionTimestamp) return;
    const now = this.ctx.clock.now();
    const pods = this.ctx.informers.for(this.pods).list(pdb.metadata.namespace).filter((p) => pdbCoversPod(pdb, p));
    if (pods.length === 0) this.ctx.events.record(pdb, 'Normal', 'NoPods', 'No matching pods found', COMPONENT);
    const old = (pdb.status ?? {}) as PdbStatus;
    let status: PdbStatus;
    const expected = this.expectedPodCount(pdb, pods);
    if (typeof expected === 'string') {
      // failSafe: no disruption while the budget cannot be computed.
      status = { ...clone(old), disruptionsAllowed: 0 };
      setStatusCondition(status, { type: DISRUPTION_ALLOWED, status: 'False', observedGeneration: old.observedGeneration, lastTransitionTime: iso(now), reason: 'SyncFailed', message: expected });
    } else {
      if (expected.unmanaged.length) {
        const selector = JSON.stringify((pdb.spec as PdbSpec | undefined)?.selector ?? null);
        this.ctx.events.record(
          pdb,
          'Warning',
          'UnmanagedPods',
          `Pods selected by this PodDisruptionBudget (selector: ${selector}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
          COMPONENT,
        );
      }
      const { disrupted, recheckAt } = this.disruptedPods(pods, old.disruptedPods, now);
      const currentHealthy = pods.filter((p) => !p.metadata.deletionTimestamp && !(p.metadata.name! in disrupted) && isPodReady(p)).length;
      let disruptionsAllowed = currentHealthy - expected.desiredHealthy;
      if (expected.expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
      status = {
        observedGeneration: pdb.metadata.generation,
        disruptionsAllowed,
        currentHealthy,
        desiredHealthy: expected.desiredHealthy,
        expectedPods: expected.expectedCount,
        conditions: old.conditions,
      };
      if (Object.keys(disrupted).length) status.disruptedPods = disrupted;
      if (!status.conditions) delete status.conditions;
      updateDisruptionAllowedCondition(status, iso(now));
      if (recheckAt !== undefined) this.queue.addAfter(key, Math.max(0, recheckAt - now));
    }
    if (jsonEqual(status, pdb.status)) return;
    try {
      this.ctx.store.updateStatus(this.type, { ...pdb, status });
    } catch (e) {
      if (isConflict(e)) return this.queue.addAfter(key, 10);
      if (!isNotFound(e)) throw e;
    }
  }

  /** getExpectedPodCount: `{ expectedCount, desiredHealthy, unmanaged }`, or the error of a failed sync. */
  private expectedPodCount(pdb: KubeObject, pods: KubeObject[]): { expectedCount: number; desiredHealthy: number; unmanaged: string[] } | string {
    const spec = (pdb.spec ?? {}) as PdbSpec;
    if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
      const scale = this.expectedScale(pods);
      if (typeof scale === 'string') return scale;
      const max = scaledValue(spec.maxUnavailable, scale.count);
      if (typeof max === 'string') return max;
      return { expectedCount: scale.count, desiredHealthy: Math.max(0, scale.count - max), unmanaged: scale.unmanaged };
    }
    if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
      if (typeof spec.minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanaged: [] };
      const scale = this.expectedScale(pods);
      if (typeof scale === 'string') return scale;
      const min = scaledValue(spec.minAvailable, scale.count);
      if (typeof min === 'string') return min;
      return { expectedCount: scale.count, desiredHealthy: min, unmanaged: scale.unmanaged };
    }
    return { expectedCount: 0, desiredHealthy: 0, unmanaged: [] };
  }

  /** getExpectedScale: the sum of the scale of the pods' controllers (a ReplicaSet of a Deployment counts as the Deployment). */
  private expectedScale(pods: KubeObject[]): { count: number; unmanaged: string[] } | string {
    const scales = new Map<string, number>();
    const unmanaged: string[] = [];
    for (const pod of pods) {
      const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
      if (!ref) {
        unmanaged.push(pod.metadata.name ?? '');
        continue;
      }
      if (scales.has(ref.uid)) continue;
      const found = this.controllerScale(ref, pod.metadata.namespace);
      if (!found) return `found no controllers for pod "${pod.metadata.name}"`;
      scales.set(found.uid, found.scale);
    }
    let count = 0;
    for (const s of scales.values()) count += s;
    return { count, unmanaged };
  }

  /** The finders: the pod's controller when it has a scale (Deployment over its ReplicaSets, StatefulSet, ...). */
  private controllerScale(ref: { apiVersion: string; kind: string; name: string; uid: string }, namespace: string | undefined): { uid: string; scale: number } | undefined {
    const type = this.ctx.registry.byKind(ref.apiVersion, ref.kind);
    if (!type || !(type.subresources ?? []).includes('scale')) return undefined;
    const owner = this.ctx.store.get(type, namespace, ref.name);
    if (!owner || owner.metadata.uid !== ref.uid) return undefined;
    if (type.group === 'apps' && type.kind === 'ReplicaSet') {
      const dep = owner.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
      if (dep) return this.controllerScale(dep, namespace);
    }
    const path = (type.scale?.specReplicasPath ?? '.spec.replicas').replace(/^\./, '').split('.');
    const value = path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), owner);
    return { uid: owner.metadata.uid ?? '', scale: typeof value === 'number' ? value : 0 };
  }

  /** buildDisruptedPodMap: evicted pods still present and not deleted, for at most {@link DELETION_TIMEOUT_MS}. */
  private disruptedPods(pods: KubeObject[], previous: Record<string, string> | undefined, now: number): { disrupted: Record<string, string>; recheckAt?: number } {
    const disrupted: Record<string, string> = {};
    let recheckAt: number | undefined;
    for (const pod of pods) {
      const at = previous?.[pod.metadata.name ?? ''];
      if (pod.metadata.deletionTimestamp || at === undefined) continue;
      const expectedDeletion = (parseTime(at) ?? now) + DELETION_TIMEOUT_MS;
      if (expectedDeletion < now) continue;
      disrupted[pod.metadata.name!] = at;
      if (recheckAt === undefined || expectedDeletion < recheckAt) recheckAt = expectedDeletion;
    }
    return { disrupted, recheckAt };
  }
}
