/**
 * Storage: the default StorageClass `standard` (provisioner `sandbox.berth.dev/hostpath`,
 * Immediate binding) and a provisioner + binder that gives every pending claim of a class this
 * sandbox provisions a PersistentVolume `pvc-<claim uid>` and binds both (phase Bound).
 */
import type { KubeObject } from '../store/types.js';
import type { ControllerContext } from './context.js';
import { objectKey } from './informer.js';
import { isConflict, isNotFound } from './objects.js';
import { WorkQueue } from './queue.js';

/** The sandbox's provisioner name. */
export const PROVISIONER = 'sandbox.berth.dev/hostpath';

/** Creates the default StorageClass and binds claims. */
export class VolumeController {
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ name: 'persistentvolume', clock: ctx.clock, reconcile: (k) => this.sync(k), onError: ctx.onError });
  }

  start(): void {
    const { informers, kinds, store } = this.ctx;
    if (kinds.storageClasses && !store.get(kinds.storageClasses, undefined, 'standard')) {
      try {
        store.create(kinds.storageClasses, {
          apiVersion: 'storage.k8s.io/v1',
          kind: 'StorageClass',
          metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
          provisioner: PROVISIONER,
          reclaimPolicy: 'Delete',
          volumeBindingMode: 'Immediate',
          allowVolumeExpansion: true,
        });
      } catch (e) {
        if (!isConflict(e)) throw e;
      }
    }
    const claims = informers.for(kinds.pvcs!);
    claims.onChange((type, c) => type !== 'DELETED' && this.queue.add(objectKey(c)));
    for (const c of claims.list()) this.queue.add(objectKey(c));
  }

  stop(): void {
    this.queue.stop();
  }

  private className(claim: KubeObject): string | undefined {
    const spec = (claim.spec ?? {}) as { storageClassName?: string };
    if (spec.storageClassName !== undefined) return spec.storageClassName || undefined;
    const classes = this.ctx.kinds.storageClasses ? this.ctx.informers.for(this.ctx.kinds.storageClasses).list() : [];
    return classes.find((c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true')?.metadata.name;
  }

  private sync(key: string): void {
    const { informers, kinds, store, events } = this.ctx;
    const claim = informers.for(kinds.pvcs!).getByKey(key);
    if (!claim || claim.metadata.deletionTimestamp) return;
    if ((claim.status as { phase?: string } | undefined)?.phase === 'Bound') return;
    const spec = (claim.spec ?? {}) as { storageClassName?: string; accessModes?: string[]; resources?: { requests?: { storage?: string } }; volumeName?: string; volumeMode?: string };
    const className = this.className(claim);
    const sc = className && kinds.storageClasses ? informers.for(kinds.storageClasses).get(undefined, className) : undefined;
    if (!sc || (sc as { provisioner?: string }).provisioner !== PROVISIONER) return;
    const pvName = spec.volumeName ?? `pvc-${claim.metadata.uid}`;
    const storage = spec.resources?.requests?.storage ?? '1Gi';
    if (kinds.pvs && !store.get(kinds.pvs, undefined, pvName)) {
      events.record(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${claim.metadata.namespace}/${claim.metadata.name}"`, `${PROVISIONER}_sandbox`);
      const pv = store.create(kinds.pvs, {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: pvName, annotations: { 'pv.kubernetes.io/provisioned-by': PROVISIONER } },
        spec: {
          capacity: { storage },
          accessModes: spec.accessModes ?? ['ReadWriteOnce'],
          persistentVolumeReclaimPolicy: 'Delete',
          storageClassName: className,
          volumeMode: spec.volumeMode ?? 'Filesystem',
          hostPath: { path: `/var/lib/sandbox/volumes/${pvName}`, type: 'DirectoryOrCreate' },
          claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid, resourceVersion: claim.metadata.resourceVersion },
        },
      });
      store.updateStatus(kinds.pvs, { ...pv, status: { phase: 'Bound' } });
      events.record(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, `${PROVISIONER}_sandbox`);
    }
    try {
      const annotations = { ...claim.metadata.annotations, 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes', 'volume.beta.kubernetes.io/storage-provisioner': PROVISIONER, 'volume.kubernetes.io/storage-provisioner': PROVISIONER };
      const updated = store.update(kinds.pvcs!, { ...claim, metadata: { ...claim.metadata, annotations }, spec: { ...spec, volumeName: pvName } });
      store.updateStatus(kinds.pvcs!, { ...updated, status: { phase: 'Bound', accessModes: spec.accessModes ?? ['ReadWriteOnce'], capacity: { storage } } });
    } catch (e) {
      if (isConflict(e)) return this.queue.addAfter(key, 10);
      if (!isNotFound(e)) throw e;
    }
  }
}
