/**
 * The Deployment controller: one ReplicaSet per template (`<deploy>-<pod-template-hash>`),
 * rolling updates within maxSurge/maxUnavailable, Recreate, revisions (an undo reuses the old
 * ReplicaSet and gives it the next revision), scaling, pausing, revision history clean-up, and
 * the status and conditions `kubectl rollout status` reads.
 */
import type { KubeObject } from '../store/types.js';
import type { ControllerContext } from './context.js';
import { objectKey } from './informer.js';
import { controllerOf, controllerRef, getCondition, iso, isConflict, isNotFound, jsonEqual, parseTime, type Condition } from './objects.js';
import { isActivePod } from './replicaset.js';
import { WorkQueue } from './queue.js';
import {
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  POD_TEMPLATE_HASH,
  REVISION,
  calculateStatus,
  deploymentComplete,
  podTemplateHash,
  progressStatus,
  revisionOf,
  sameTemplate,
  setDeploymentCondition,
  specReplicas,
  statusField,
  surgeAndUnavailable,
  type DeploymentSpec,
} from './rollout.js';

const COMPONENT = 'deployment-controller';

/** The Deployment controller. */
export class DeploymentController {
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ name: 'deployment', clock: ctx.clock, reconcile: (k) => this.sync(k), onError: ctx.onError });
  }

  start(): void {
    const { informers, kinds } = this.ctx;
    const deployments = informers.for(kinds.deployments!);
    deployments.addIndex('uid', (o) => [o.metadata.uid ?? '']);
    deployments.onChange((type, d) => type !== 'DELETED' && this.queue.add(objectKey(d)));
    const owner = (rs: KubeObject | undefined) => {
      const ref = rs && controllerOf(rs);
      if (ref?.kind !== 'Deployment') return;
      const d = deployments.byIndex('uid', ref.uid)[0];
      if (d) this.queue.add(objectKey(d));
    };
    informers.for(kinds.replicaSets!).onChange((_t, rs, old) => {
      owner(rs);
      owner(old);
    });
    // Recreate waits for old pods to be gone: a pod removal wakes its Deployment.
    const rss = informers.for(kinds.replicaSets!);
    informers.for(kinds.pods!).onChange((type, pod) => {
      if (type !== 'DELETED') return;
      const ref = controllerOf(pod);
      if (ref?.kind !== 'ReplicaSet') return;
      owner(rss.list(pod.metadata.namespace).find((rs) => rs.metadata.uid === ref.uid));
    });
    for (const d of deployments.list()) this.queue.add(objectKey(d));
  }

  stop(): void {
    this.queue.stop();
  }

  private ownedReplicaSets(d: KubeObject): KubeObject[] {
    return this.ctx.informers
      .for(this.ctx.kinds.replicaSets!)
      .byIndex('owner', d.metadata.uid ?? '')
      .filter((rs) => controllerOf(rs)?.uid === d.metadata.uid)
      .sort((a, b) => (parseTime(a.metadata.creationTimestamp) ?? 0) - (parseTime(b.metadata.creationTimestamp) ?? 0) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  }

  private sync(key: string): void {
    const d = this.ctx.informers.for(this.ctx.kinds.deployments!).getByKey(key);
    if (!d) return;
    const spec = (d.spec ?? {}) as DeploymentSpec;
    let all = this.ownedReplicaSets(d);
    if (d.metadata.deletionTimestamp) return this.syncStatus(d, all, this.findNew(d, all));
    if (spec.paused) {
      const newRS = this.findNew(d, all);
      this.scale(d, all, newRS);
      all = this.ownedReplicaSets(d);
      return this.syncStatus(d, all, newRS);
    }
    if (spec.strategy?.type === 'Recreate') return this.recreate(d, all);
    // A scaling event (replicas changed while several ReplicaSets are active) is handled proportionally.
    const newRS = this.syncRevision(d, all, true);
    all = this.ownedReplicaSets(d);
    const active = all.filter((rs) => specReplicas(rs) > 0);
    if (active.some((rs) => rs.metadata.annotations?.[DESIRED_REPLICAS] !== String(spec.replicas ?? 1)) && active.length > 1) {
      this.scale(d, all, newRS);
      return this.syncStatus(d, this.ownedReplicaSets(d), newRS);
    }
    this.rolling(d, all, newRS);
  }

  private findNew(d: KubeObject, all: KubeObject[]): KubeObject | undefined {
    const template = ((d.spec ?? {}) as DeploymentSpec).template;
    return all.find((rs) => sameTemplate((rs.spec as DeploymentSpec).template, template));
  }

  /** Finds or creates the new ReplicaSet and brings revisions up to date (getAllReplicaSetsAndSyncRevision). */
  private syncRevision(d: KubeObject, all: KubeObject[], create: boolean): KubeObject | undefined {
    const { store, kinds, clock, events } = this.ctx;
    const spec = (d.spec ?? {}) as DeploymentSpec;
    const existing = this.findNew(d, all);
    const maxOld = Math.max(0, ...all.filter((rs) => rs !== existing).map(revisionOf));
    const revision = String(maxOld + 1);
    const nowIso = iso(clock.now());
    const replicas = spec.replicas ?? 1;
    const { maxSurge } = surgeAndUnavailable(spec);
    let newRS = existing;
    if (existing) {
      const annotations = { ...existing.metadata.annotations };
      if (revisionOf(existing) < maxOld + 1) annotations[REVISION] = revision;
      if (!annotations[DESIRED_REPLICAS]) annotations[DESIRED_REPLICAS] = String(replicas);
      if (!annotations[MAX_REPLICAS]) annotations[MAX_REPLICAS] = String(replicas + maxSurge);
      const minReady = spec.minReadySeconds ?? 0;
      const rsSpec = existing.spec as { minReadySeconds?: number };
      if (!jsonEqual(annotations, existing.metadata.annotations) || (rsSpec.minReadySeconds ?? 0) !== minReady) {
        newRS = store.update(kinds.replicaSets!, { ...existing, metadata: { ...existing.metadata, annotations }, spec: { ...rsSpec, minReadySeconds: minReady } });
      }
      const cond = getCondition((d.status as { conditions?: unknown } | undefined)?.conditions, 'Progressing');
      if (!cond) this.writeCondition(d, { type: 'Progressing', status: 'True', lastUpdateTime: nowIso, lastTransitionTime: nowIso, reason: 'FoundNewReplicaSet', message: `Found new replica set "${existing.metadata.name}"` });
    } else if (create) {
      const hash = podTemplateHash(spec.template, (d.status as { collisionCount?: number } | undefined)?.collisionCount);
      const template = structuredClone(spec.template ?? {});
      template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash } };
      const total = all.reduce((n, rs) => n + specReplicas(rs), 0);
      const initial = spec.strategy?.type === 'Recreate' ? replicas : Math.max(0, Math.min(replicas + maxSurge - total, replicas));
      const rs: KubeObject = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          namespace: d.metadata.namespace,
          labels: { ...template.metadata.labels },
          annotations: { ...spec.template?.metadata?.annotations, [DESIRED_REPLICAS]: String(replicas), [MAX_REPLICAS]: String(replicas + maxSurge), [REVISION]: revision },
          ownerReferences: [controllerRef(d)],
        },
        spec: {
          replicas: initial,
          minReadySeconds: spec.minReadySeconds ?? 0,
          selector: { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, [POD_TEMPLATE_HASH]: hash } },
          template,
        },
      };
      let created: KubeObject;
      try {
        created = store.create(kinds.replicaSets!, rs);
        newRS = created;
      } catch (e) {
        if (isConflict(e)) {
          // A ReplicaSet of that name with another template: bump collisionCount and retry.
          const status = { ...(d.status as object), collisionCount: ((d.status as { collisionCount?: number } | undefined)?.collisionCount ?? 0) + 1 };
          store.updateStatus(kinds.deployments!, { ...d, status });
          return undefined;
        }
        throw e;
      }
      if (initial > 0) events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${initial}`, COMPONENT);
      this.writeCondition(d, { type: 'Progressing', status: 'True', lastUpdateTime: nowIso, lastTransitionTime: nowIso, reason: 'NewReplicaSetCreated', message: `Created new replica set "${created.metadata.name}"` });
    }
    if (newRS && d.metadata.annotations?.[REVISION] !== newRS.metadata.annotations?.[REVISION]) {
      const fresh = this.ctx.informers.for(kinds.deployments!).get(d.metadata.namespace, d.metadata.name ?? '') ?? d;
      const annotations = { ...fresh.metadata.annotations, [REVISION]: newRS.metadata.annotations?.[REVISION] ?? revision };
      store.update(kinds.deployments!, { ...fresh, metadata: { ...fresh.metadata, annotations } });
    }
    return newRS;
  }

  private writeCondition(d: KubeObject, cond: Condition): void {
    const { store, kinds, informers } = this.ctx;
    const fresh = informers.for(kinds.deployments!).get(d.metadata.namespace, d.metadata.name ?? '') ?? d;
    const status = (fresh.status ?? {}) as { conditions?: Condition[] };
    const conditions = setDeploymentCondition(status.conditions ?? [], cond);
    store.updateStatus(kinds.deployments!, { ...fresh, status: { ...status, conditions } });
  }

  /** Sets a ReplicaSet's replicas (and the desired/max annotations), recording the scaling event. */
  private scaleReplicaSet(d: KubeObject, rs: KubeObject, to: number): boolean {
    const spec = (d.spec ?? {}) as DeploymentSpec;
    const replicas = spec.replicas ?? 1;
    const { maxSurge } = surgeAndUnavailable(spec);
    const from = specReplicas(rs);
    const annotations = { ...rs.metadata.annotations, [DESIRED_REPLICAS]: String(replicas), [MAX_REPLICAS]: String(replicas + maxSurge) };
    if (from === to && jsonEqual(annotations, rs.metadata.annotations)) return false;
    const fresh = this.ctx.informers.for(this.ctx.kinds.replicaSets!).getByKey(objectKey(rs)) ?? rs;
    this.ctx.store.update(this.ctx.kinds.replicaSets!, { ...fresh, metadata: { ...fresh.metadata, annotations }, spec: { ...(fresh.spec as object), replicas: to } });
    if (from !== to) this.ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`, COMPONENT);
    return from !== to;
  }

  /** Proportional scaling (simplified): growth goes to the new ReplicaSet, shrinkage comes from the oldest first. */
  private scale(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined): void {
    const spec = (d.spec ?? {}) as DeploymentSpec;
    const replicas = spec.replicas ?? 1;
    const active = all.filter((rs) => specReplicas(rs) > 0);
    const target = newRS ?? active[active.length - 1];
    if (active.length <= 1) {
      const only = active[0] ?? newRS;
      if (only) this.scaleReplicaSet(d, only, replicas);
      return;
    }
    const { maxSurge } = surgeAndUnavailable(spec);
    const allowed = replicas + (spec.strategy?.type === 'Recreate' ? 0 : maxSurge);
    let diff = allowed - active.reduce((n, rs) => n + specReplicas(rs), 0);
    if (diff > 0 && target) this.scaleReplicaSet(d, target, specReplicas(target) + diff);
    for (const rs of active) {
      if (diff >= 0) {
        if (rs !== target) this.scaleReplicaSet(d, rs, specReplicas(rs));
        continue;
      }
      const cut = Math.min(specReplicas(rs), -diff);
      this.scaleReplicaSet(d, rs, specReplicas(rs) - cut);
      diff += cut;
    }
  }

  private rolling(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined): void {
    const spec = (d.spec ?? {}) as DeploymentSpec;
    const replicas = spec.replicas ?? 1;
    const { maxSurge, maxUnavailable } = surgeAndUnavailable(spec);
    const olds = all.filter((rs) => rs !== newRS && rs.metadata.uid !== newRS?.metadata.uid);
    if (newRS) {
      // reconcileNewReplicaSet
      const cur = specReplicas(newRS);
      let target = cur;
      if (cur > replicas) target = replicas;
      else if (cur < replicas) {
        const total = all.reduce((n, rs) => n + specReplicas(rs), 0);
        const room = replicas + maxSurge - total;
        if (room > 0) target = cur + Math.min(room, replicas - cur);
      }
      if (target !== cur && this.scaleReplicaSet(d, newRS, target)) return this.syncStatus(d, this.ownedReplicaSets(d), newRS);
    }
    // reconcileOldReplicaSets
    const oldCount = olds.reduce((n, rs) => n + specReplicas(rs), 0);
    if (oldCount > 0) {
      const allCount = all.reduce((n, rs) => n + specReplicas(rs), 0);
      const minAvailable = replicas - maxUnavailable;
      const newUnavailable = newRS ? specReplicas(newRS) - statusField(newRS, 'availableReplicas') : 0;
      let maxScaledDown = allCount - minAvailable - newUnavailable;
      let scaled = false;
      if (maxScaledDown > 0) {
        // First the old ReplicaSets' unhealthy pods, oldest first.
        for (const rs of olds) {
          if (maxScaledDown <= 0) break;
          const unhealthy = specReplicas(rs) - statusField(rs, 'availableReplicas');
          if (unhealthy <= 0) continue;
          const cut = Math.min(unhealthy, maxScaledDown);
          scaled = this.scaleReplicaSet(d, rs, specReplicas(rs) - cut) || scaled;
          maxScaledDown -= cut;
        }
        const fresh = this.ownedReplicaSets(d);
        const available = fresh.reduce((n, rs) => n + statusField(rs, 'availableReplicas'), 0);
        let canDown = available - minAvailable;
        for (const rs of fresh.filter((r) => r.metadata.uid !== newRS?.metadata.uid)) {
          if (canDown <= 0) break;
          const cut = Math.min(specReplicas(rs), canDown);
          if (cut <= 0) continue;
          scaled = this.scaleReplicaSet(d, rs, specReplicas(rs) - cut) || scaled;
          canDown -= cut;
        }
      }
      if (scaled) return this.syncStatus(d, this.ownedReplicaSets(d), newRS);
    }
    this.syncStatus(d, this.ownedReplicaSets(d), newRS);
  }

  private recreate(d: KubeObject, all: KubeObject[]): void {
    let newRS = this.findNew(d, all);
    const olds = all.filter((rs) => rs !== newRS);
    let scaled = false;
    for (const rs of olds) if (specReplicas(rs) > 0) scaled = this.scaleReplicaSet(d, rs, 0) || scaled;
    if (scaled) return this.syncStatus(d, this.ownedReplicaSets(d), newRS);
    const pods = this.ctx.informers.for(this.ctx.kinds.pods!);
    const oldRunning = olds.some((rs) => pods.byIndex('owner', rs.metadata.uid ?? '').some((p) => isActivePod(p) || !!p.metadata.deletionTimestamp));
    if (oldRunning) return this.syncStatus(d, all, newRS);
    newRS = this.syncRevision(d, all, true);
    if (newRS) this.scaleReplicaSet(d, newRS, ((d.spec ?? {}) as DeploymentSpec).replicas ?? 1);
    this.syncStatus(d, this.ownedReplicaSets(d), newRS);
  }

  /** Deletes the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit. */
  private cleanup(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined): void {
    const limit = ((d.spec ?? {}) as DeploymentSpec).revisionHistoryLimit ?? 10;
    const idle = all
      .filter((rs) => rs.metadata.uid !== newRS?.metadata.uid && specReplicas(rs) === 0 && statusField(rs, 'replicas') === 0 && !rs.metadata.deletionTimestamp)
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
      try {
        this.ctx.store.delete(this.ctx.kinds.replicaSets!, rs.metadata.namespace, rs.metadata.name ?? '');
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }

  private syncStatus(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined): void {
    const { store, kinds, clock, informers } = this.ctx;
    const fresh = informers.for(kinds.deployments!).get(d.metadata.namespace, d.metadata.name ?? '') ?? d;
    const now = clock.now();
    const nowIso = iso(now);
    const freshNew = newRS ? (informers.for(kinds.replicaSets!).getByKey(objectKey(newRS)) ?? newRS) : undefined;
    let status = calculateStatus(fresh, all, freshNew, nowIso);
    const spec = (fresh.spec ?? {}) as DeploymentSpec;
    const progressing = getCondition(status.conditions, 'Progressing');
    if (spec.paused && progressing?.reason !== 'DeploymentPaused') {
      status.conditions = setDeploymentCondition(status.conditions ?? [], { type: 'Progressing', status: 'Unknown', lastUpdateTime: nowIso, lastTransitionTime: nowIso, reason: 'DeploymentPaused', message: 'Deployment is paused' });
    } else if (!spec.paused && progressing?.reason === 'DeploymentPaused') {
      status.conditions = setDeploymentCondition(status.conditions ?? [], { type: 'Progressing', status: 'Unknown', lastUpdateTime: nowIso, lastTransitionTime: nowIso, reason: 'DeploymentResumed', message: 'Deployment is resumed' });
    }
    const result = progressStatus(fresh, status, freshNew, now);
    status = result.status;
    if (!spec.paused && deploymentComplete(fresh, status)) this.cleanup(fresh, all, freshNew);
    const cleaned = Object.fromEntries(Object.entries(status).filter(([k, v]) => !(v === 0 && k !== 'replicas' && k !== 'observedGeneration')));
    if (!jsonEqual(cleaned, fresh.status)) {
      try {
        store.updateStatus(kinds.deployments!, { ...fresh, status: cleaned });
      } catch (e) {
        if (isConflict(e)) return this.queue.addAfter(objectKey(fresh), 10);
        if (!isNotFound(e)) throw e;
      }
    }
    if (result.checkAt !== undefined) this.queue.addAfter(objectKey(fresh), result.checkAt - now);
  }
}
