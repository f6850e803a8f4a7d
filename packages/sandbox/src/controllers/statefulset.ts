/**
 * The StatefulSet controller: pods `<sts>-0..N-1` with stable identities, created in order and
 * (OrderedReady) each only once its predecessors are Running and Ready; PVCs
 * `<template>-<sts>-<ordinal>` from volumeClaimTemplates; ControllerRevisions named
 * `<sts>-<hash>` giving currentRevision / updateRevision; rolling updates from the highest
 * ordinal down (honouring `partition`); scale-down from the highest ordinal.
 */
import type { KubeObject } from '../store/types.js';
import type { ControllerContext } from './context.js';
import { objectKey } from './informer.js';
import { controllerOf, controllerRef, isConflict, isNotFound, jsonEqual } from './objects.js';
import { isTerminal } from './pod-spec.js';
import { WorkQueue } from './queue.js';
import { availability, isPodReady, podFromTemplate } from './replicaset.js';
import { podTemplateHash } from './rollout.js';

const COMPONENT = 'statefulset-controller';
const REVISION_LABEL = 'controller-revision-hash';

interface StatefulSetSpec {
  replicas?: number;
  serviceName?: string;
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  minReadySeconds?: number;
  updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number } };
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
  volumeClaimTemplates?: KubeObject[];
}

/** The StatefulSet controller. */
export class StatefulSetController {
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ name: 'statefulset', clock: ctx.clock, reconcile: (k) => this.sync(k), onError: ctx.onError });
  }

  start(): void {
    const { informers, kinds } = this.ctx;
    const sets = informers.for(kinds.statefulSets!);
    sets.addIndex('uid', (o) => [o.metadata.uid ?? '']);
    sets.onChange((type, s) => type !== 'DELETED' && this.queue.add(objectKey(s)));
    informers.for(kinds.pods!).onChange((_t, pod) => {
      const ref = controllerOf(pod);
      if (ref?.kind !== 'StatefulSet') return;
      const s = sets.byIndex('uid', ref.uid)[0];
      if (s) this.queue.add(objectKey(s));
    });
    for (const s of sets.list()) this.queue.add(objectKey(s));
  }

  stop(): void {
    this.queue.stop();
  }

  private revision(sts: KubeObject, spec: StatefulSetSpec): string {
    const { store, kinds, informers } = this.ctx;
    const hash = podTemplateHash(spec.template as never);
    const name = `${sts.metadata.name}-${hash}`;
    if (!kinds.controllerRevisions) return name;
    const existing = informers.for(kinds.controllerRevisions).byIndex('owner', sts.metadata.uid ?? '');
    if (!existing.some((r) => r.metadata.name === name)) {
      const number = Math.max(0, ...existing.map((r) => (r.revision as number | undefined) ?? 0)) + 1;
      try {
        store.create(kinds.controllerRevisions, {
          apiVersion: 'apps/v1',
          kind: 'ControllerRevision',
          metadata: { name, namespace: sts.metadata.namespace, labels: { ...spec.template?.metadata?.labels, [REVISION_LABEL]: hash }, ownerReferences: [controllerRef(sts)] },
          data: { spec: { template: { ...spec.template, $patch: 'replace' } } },
          revision: number,
        });
      } catch (e) {
        if (!isConflict(e)) throw e;
      }
    }
    return name;
  }

  private sync(key: string): void {
    const { informers, kinds, store, clock } = this.ctx;
    const sts = informers.for(kinds.statefulSets!).getByKey(key);
    if (!sts || sts.metadata.deletionTimestamp) return;
    const spec = (sts.spec ?? {}) as StatefulSetSpec;
    const name = sts.metadata.name ?? '';
    const replicas = spec.replicas ?? 1;
    const ordered = spec.podManagementPolicy !== 'Parallel';
    const updateRevision = this.revision(sts, spec);
    const pods = informers.for(kinds.pods!).byIndex('owner', sts.metadata.uid ?? '').filter((p) => controllerOf(p)?.uid === sts.metadata.uid);
    const byOrdinal = new Map<number, KubeObject>();
    for (const p of pods) {
      const m = new RegExp(`^${name.replace(/[.]/g, '\\.')}-(\\d+)$`).exec(p.metadata.name ?? '');
      if (m) byOrdinal.set(Number(m[1]), p);
    }
    const healthy = (p: KubeObject | undefined) => !!p && !p.metadata.deletionTimestamp && (p.status as { phase?: string } | undefined)?.phase === 'Running' && isPodReady(p);
    let acted = false;
    // Create missing pods (and their claims) in ordinal order.
    for (let i = 0; i < replicas && !acted; i++) {
      const p = byOrdinal.get(i);
      if (p && isTerminal(p)) {
        this.deletePod(sts, p);
        acted = ordered;
        continue;
      }
      if (!p) {
        this.createPod(sts, spec, i, updateRevision);
        if (ordered) acted = true;
        continue;
      }
      if (ordered && !healthy(p)) acted = true;
    }
    // Scale down from the highest ordinal, one at a time when ordered.
    if (!acted) {
      const extra = [...byOrdinal.keys()].filter((i) => i >= replicas).sort((a, b) => b - a);
      for (const i of extra) {
        const p = byOrdinal.get(i)!;
        if (!p.metadata.deletionTimestamp) this.deletePod(sts, p);
        if (ordered) {
          acted = true;
          break;
        }
      }
    }
    // Rolling update from the highest ordinal, one pod at a time, once every pod is healthy.
    const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    if (!acted && spec.updateStrategy?.type !== 'OnDelete') {
      const all = [...Array(replicas).keys()].map((i) => byOrdinal.get(i));
      if (all.every(healthy)) {
        for (let i = replicas - 1; i >= partition; i--) {
          const p = all[i]!;
          if (p.metadata.labels?.[REVISION_LABEL] !== updateRevision) {
            this.deletePod(sts, p);
            break;
          }
        }
      }
    }
    // Status.
    const now = clock.now();
    const current = informers.for(kinds.pods!).byIndex('owner', sts.metadata.uid ?? '').filter((p) => controllerOf(p)?.uid === sts.metadata.uid && !isTerminal(p));
    const old = (sts.status ?? {}) as Record<string, unknown>;
    const updated = current.filter((p) => p.metadata.labels?.[REVISION_LABEL] === updateRevision).length;
    let currentRevision = (old.currentRevision as string | undefined) ?? updateRevision;
    if (updated === replicas && current.length === replicas) currentRevision = updateRevision;
    const status: Record<string, unknown> = {
      observedGeneration: sts.metadata.generation ?? 1,
      replicas: current.length,
      readyReplicas: current.filter(isPodReady).length,
      currentReplicas: current.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentRevision).length,
      updatedReplicas: updated,
      availableReplicas: current.filter((p) => availability(p, spec.minReadySeconds ?? 0, now).available).length,
      currentRevision,
      updateRevision,
      collisionCount: 0,
    };
    for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas']) if (status[k] === 0) delete status[k];
    if (!jsonEqual(status, old)) {
      try {
        store.updateStatus(kinds.statefulSets!, { ...sts, status });
      } catch (e) {
        if (isConflict(e)) return this.queue.addAfter(key, 10);
        if (!isNotFound(e)) throw e;
      }
    }
  }

  private createPod(sts: KubeObject, spec: StatefulSetSpec, ordinal: number, revision: string): void {
    const { store, kinds, events } = this.ctx;
    const name = `${sts.metadata.name}-${ordinal}`;
    const volumes = [...(((spec.template?.spec ?? {}) as { volumes?: { name: string }[] }).volumes ?? [])];
    for (const tpl of spec.volumeClaimTemplates ?? []) {
      const claim = `${tpl.metadata.name}-${name}`;
      if (kinds.pvcs && !store.get(kinds.pvcs, sts.metadata.namespace, claim)) {
        try {
          store.create(kinds.pvcs, {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: claim, namespace: sts.metadata.namespace, labels: { ...spec.template?.metadata?.labels, ...tpl.metadata.labels } },
            spec: structuredClone(tpl.spec ?? {}),
          });
          events.record(sts, 'Normal', 'SuccessfulCreate', `create Claim ${claim} Pod ${name} in StatefulSet ${sts.metadata.name} success`, COMPONENT);
        } catch (e) {
          if (!isConflict(e)) throw e;
        }
      }
      if (!volumes.some((v) => v.name === tpl.metadata.name)) volumes.push({ name: tpl.metadata.name ?? '', persistentVolumeClaim: { claimName: claim } } as { name: string });
    }
    const labels = { ...spec.template?.metadata?.labels, [REVISION_LABEL]: revision, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(ordinal) };
    const pod = podFromTemplate(sts, { ...spec.template, metadata: { ...spec.template?.metadata, labels } }, { name });
    const podSpecObj = pod.spec as Record<string, unknown>;
    podSpecObj.hostname = name;
    if (spec.serviceName) podSpecObj.subdomain = spec.serviceName;
    if (volumes.length) podSpecObj.volumes = volumes;
    try {
      store.create(kinds.pods!, pod);
      events.record(sts, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} successful`, COMPONENT);
    } catch (e) {
      if (!isConflict(e)) throw e;
    }
  }

  private deletePod(sts: KubeObject, pod: KubeObject): void {
    try {
      this.ctx.store.delete(this.ctx.kinds.pods!, pod.metadata.namespace, pod.metadata.name ?? '');
      this.ctx.events.record(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`, COMPONENT);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
