/**
 * Object lifecycle on top of the store's write path: namespace admission, finalizers and
 * deletionTimestamp, ownerReference garbage collection (Background, Foreground, Orphan),
 * namespace termination and CRD serving / cleanup. The collector runs synchronously inside the
 * write that triggers it, so tests see a settled cluster when a call returns.
 */
import { ApiError } from '../machinery/errors.js';
import { cloneJson } from '../machinery/json-clone.js';
import type { MutableResourceRegistry } from '../resources/registry.js';
import { CRD_CLEANUP_FINALIZER, crdStatus } from './prepare.js';
import type { StoreInternals } from './memory-store.js';
import type { DeleteOptions, KubeObject, ResourceType } from './types.js';

/** Finalizer of a foreground deletion: kept until blocking dependents are gone. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';
/** Finalizer of an orphan deletion: kept until dependents lose their ownerReference. */
export const ORPHAN_FINALIZER = 'orphan';

interface Location {
  type: ResourceType;
  namespace: string;
  name: string;
}

const NAMESPACES = { group: '', resource: 'namespaces' };

/** Lifecycle rules of the store (see file comment). */
export class Lifecycle {
  /** uid → where the object lives. */
  private readonly byUid = new Map<string, Location>();
  /** owner uid → dependent uids. */
  private readonly dependents = new Map<string, Set<string>>();

  constructor(
    private readonly store: StoreInternals,
    private readonly options: { gracefulPodDeletion: boolean },
  ) {}

  reset(): void {
    this.byUid.clear();
    this.dependents.clear();
  }

  /** Keeps the uid and owner indexes in step with a write (old → next; undefined = absent). */
  indexObject(type: ResourceType, old: KubeObject | undefined, next: KubeObject | undefined): void {
    if (old?.metadata.uid) {
      if (!next) this.byUid.delete(old.metadata.uid);
      for (const r of old.metadata.ownerReferences ?? []) this.dependents.get(r.uid)?.delete(old.metadata.uid);
    }
    if (next?.metadata.uid) {
      this.byUid.set(next.metadata.uid, { type, namespace: next.metadata.namespace ?? '', name: next.metadata.name! });
      for (const r of next.metadata.ownerReferences ?? []) {
        let s = this.dependents.get(r.uid);
        if (!s) {
          s = new Set();
          this.dependents.set(r.uid, s);
        }
        s.add(next.metadata.uid);
      }
    }
  }

  private lookup(uid: string): { type: ResourceType; obj: KubeObject } | undefined {
    const loc = this.byUid.get(uid);
    if (!loc) return undefined;
    const obj = this.store.bucketOf(loc.type).get(loc.namespace, loc.name);
    return obj && obj.metadata.uid === uid ? { type: loc.type, obj } : undefined;
  }

  private namespaceType(): ResourceType | undefined {
    return this.store.registry.byResource('', 'v1', 'namespaces');
  }

  /** The namespace lifecycle admission: the namespace must exist and not be terminating. */
  admitCreate(type: ResourceType, obj: KubeObject): void {
    if (!type.namespaced) return;
    const nsType = this.namespaceType();
    if (!nsType) return;
    const ns = obj.metadata.namespace!;
    const nsObj = this.store.bucketOf(nsType).get('', ns);
    if (!nsObj) throw ApiError.notFound({ group: '', name: 'namespaces' }, ns);
    if (nsObj.metadata.deletionTimestamp) {
      throw ApiError.forbidden(
        { group: type.group, name: type.resource },
        obj.metadata.name ?? '',
        `unable to create new content in namespace ${ns} because it is being terminated`,
        [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }],
      );
    }
  }

  afterCreate(type: ResourceType, obj: KubeObject): void {
    if (isCrd(type)) this.registry()?.serveCrd?.(obj);
  }

  /** After an update: serve CRD changes; finish a deletion whose finalizers are now empty. Returns the resulting object. */
  afterUpdate(type: ResourceType, obj: KubeObject, old: KubeObject): KubeObject {
    if (isCrd(type) && !obj.metadata.deletionTimestamp) {
      this.registry()?.serveCrd?.(obj);
      const status = obj.status as { acceptedNames?: unknown } | undefined;
      if (JSON.stringify(status?.acceptedNames) !== JSON.stringify((obj.spec as { names?: unknown }).names)) {
        return this.store.commit(type, { ...cloneJson(obj), status: crdStatus(obj, this.store.now()) }, 'MODIFIED');
      }
    }
    if (obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).length === 0) {
      if (!this.isNamespace(type) || namespaceSpecFinalizers(obj).length === 0) return this.store.removeNow(type, obj);
    }
    void old;
    return obj;
  }

  /** Deletes an object according to finalizers and propagation policy; returns the removed or terminating object. */
  delete(type: ResourceType, obj: KubeObject, options: DeleteOptions): KubeObject {
    const policy = options.propagationPolicy ?? type.defaultPropagationPolicy ?? 'Background';
    const finalizers = [...(obj.metadata.finalizers ?? [])];
    if (policy === 'Orphan' && !finalizers.includes(ORPHAN_FINALIZER)) finalizers.push(ORPHAN_FINALIZER);
    if (policy === 'Foreground' && !finalizers.includes(FOREGROUND_FINALIZER)) finalizers.push(FOREGROUND_FINALIZER);
    if (policy !== 'Orphan') remove(finalizers, ORPHAN_FINALIZER);
    if (policy !== 'Foreground') remove(finalizers, FOREGROUND_FINALIZER);
    if (isCrd(type) && !finalizers.includes(CRD_CLEANUP_FINALIZER) && obj.metadata.finalizers?.includes(CRD_CLEANUP_FINALIZER)) {
      finalizers.push(CRD_CLEANUP_FINALIZER);
    }

    const graceful = this.gracePeriod(type, obj, options);
    const isNs = this.isNamespace(type);
    const terminating = finalizers.length > 0 || graceful > 0 || isNs;
    if (options.dryRun) {
      if (!terminating) return obj;
      const preview = cloneJson(obj) as KubeObject;
      preview.metadata.deletionTimestamp ??= this.store.now();
      if (!isNs) preview.metadata.deletionGracePeriodSeconds ??= graceful;
      preview.metadata.finalizers = finalizers;
      return preview;
    }
    if (!terminating) {
      return this.store.removeNow(type, obj);
    }
    const already = !!obj.metadata.deletionTimestamp;
    const next = cloneJson(obj) as KubeObject;
    if (!already) {
      const when = new Date(Date.parse(this.store.now()) + graceful * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      next.metadata.deletionTimestamp = when;
      // The namespace registry sets only the timestamp (and the Terminating phase).
      if (!isNs) next.metadata.deletionGracePeriodSeconds = graceful;
      if (graceful > 0 && next.metadata.generation) next.metadata.generation += 1;
    } else if (graceful === 0 && (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0) {
      next.metadata.deletionGracePeriodSeconds = 0;
    }
    if (finalizers.length) next.metadata.finalizers = finalizers;
    else delete next.metadata.finalizers;
    if (isNs) {
      next.status = { ...((next.status as object) ?? {}), phase: 'Terminating' };
    }
    if (already && graceful === 0 && finalizers.length === 0 && !isNs) return this.store.removeNow(type, obj);
    if (already && JSON.stringify(next) === JSON.stringify(obj)) return obj;
    let stored = this.store.commit(type, next, 'MODIFIED');
    if (isNs) {
      // The answer is the namespace as the delete left it (Terminating, `kubernetes` finalizer
      // still there); finishing it is the namespace controller's later work.
      this.terminateNamespace(type, stored);
      return stored;
    }
    if (isCrd(type)) stored = this.cleanupCrd(type, stored);
    if (stored.metadata.finalizers?.includes(ORPHAN_FINALIZER)) stored = this.orphanDependents(type, stored);
    if (stored.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) stored = this.deleteDependentsForeground(type, stored);
    return stored;
  }

  /** Grace period: only pods bound to a node, when graceful pod deletion is on. */
  private gracePeriod(type: ResourceType, obj: KubeObject, options: DeleteOptions): number {
    if (!this.options.gracefulPodDeletion || type.group !== '' || type.resource !== 'pods') return 0;
    const spec = (obj.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
    const phase = (obj.status as { phase?: string } | undefined)?.phase;
    if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
    return options.gracePeriodSeconds ?? obj.metadata.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
  }

  /** After an object is gone: collect its dependents, release foreground owners, finish namespaces and CRDs. */
  afterRemove(type: ResourceType, gone: KubeObject): void {
    const uid = gone.metadata.uid;
    if (isCrd(type)) this.registry()?.withdrawCrd?.(gone);
    if (uid) {
      for (const depUid of [...(this.dependents.get(uid) ?? [])]) {
        const dep = this.lookup(depUid);
        if (!dep) continue;
        const alive = (dep.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid && this.lookup(r.uid));
        if (alive.length === 0) {
          if (!dep.obj.metadata.deletionTimestamp) this.tryDelete(dep.type, dep.obj, 'Background');
        } else {
          this.setOwnerRefs(dep.type, dep.obj, (dep.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid));
        }
      }
      this.dependents.delete(uid);
    }
    for (const ref of gone.metadata.ownerReferences ?? []) {
      const owner = this.lookup(ref.uid);
      if (owner?.obj.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) this.deleteDependentsForeground(owner.type, owner.obj);
    }
    const ns = gone.metadata.namespace;
    if (type.namespaced && ns) {
      const nsType = this.namespaceType();
      const nsObj = nsType && this.store.bucketOf(nsType).get('', ns);
      if (nsType && nsObj?.metadata.deletionTimestamp) this.finishNamespaceIfEmpty(nsType, nsObj);
    }
    if (!isCrd(type) && type.schema !== undefined) {
      const crdType = this.store.registry.byResource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
      const crd = crdType && this.store.bucketOf(crdType).get('', `${type.resource}.${type.group}`);
      if (crdType && crd?.metadata.deletionTimestamp) this.cleanupCrd(crdType, crd);
    }
  }

  private orphanDependents(type: ResourceType, owner: KubeObject): KubeObject {
    const uid = owner.metadata.uid!;
    for (const depUid of [...(this.dependents.get(uid) ?? [])]) {
      const dep = this.lookup(depUid);
      if (dep) this.setOwnerRefs(dep.type, dep.obj, (dep.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid));
    }
    return this.dropFinalizer(type, owner, ORPHAN_FINALIZER);
  }

  private deleteDependentsForeground(type: ResourceType, owner: KubeObject): KubeObject {
    const uid = owner.metadata.uid!;
    let blocking = 0;
    for (const depUid of [...(this.dependents.get(uid) ?? [])]) {
      const dep = this.lookup(depUid);
      if (!dep) continue;
      const ref = (dep.obj.metadata.ownerReferences ?? []).find((r) => r.uid === uid);
      const others = (dep.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid && this.lookup(r.uid));
      if (others.length > 0) {
        this.setOwnerRefs(dep.type, dep.obj, (dep.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid));
        continue;
      }
      if (!dep.obj.metadata.deletionTimestamp) this.tryDelete(dep.type, dep.obj, 'Foreground');
      const still = this.lookup(depUid);
      if (still && ref?.blockOwnerDeletion) blocking++;
    }
    const current = this.lookup(uid);
    if (!current) return owner;
    if (blocking > 0) return current.obj;
    return this.dropFinalizer(type, current.obj, FOREGROUND_FINALIZER);
  }

  private tryDelete(type: ResourceType, obj: KubeObject, policy: 'Background' | 'Foreground'): void {
    try {
      this.delete(type, obj, { propagationPolicy: policy });
    } catch {
      // Collection is best effort, like the garbage collector retrying later.
    }
  }

  private setOwnerRefs(type: ResourceType, obj: KubeObject, refs: KubeObject['metadata']['ownerReferences']): void {
    const next = cloneJson(obj) as KubeObject;
    if (refs && refs.length) next.metadata.ownerReferences = refs;
    else delete next.metadata.ownerReferences;
    this.store.commit(type, next, 'MODIFIED');
  }

  /** Removes a finalizer; removes the object when none is left. */
  private dropFinalizer(type: ResourceType, obj: KubeObject, finalizer: string): KubeObject {
    const current = this.lookup(obj.metadata.uid!)?.obj ?? obj;
    const next = cloneJson(current) as KubeObject;
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
    const stored = this.store.commit(type, next, 'MODIFIED');
    if (stored.metadata.deletionTimestamp && !stored.metadata.finalizers && (!this.isNamespace(type) || namespaceSpecFinalizers(stored).length === 0)) {
      return this.store.removeNow(type, stored);
    }
    return stored;
  }

  private terminateNamespace(nsType: ResourceType, ns: KubeObject): KubeObject {
    const name = ns.metadata.name!;
    for (const t of this.store.registry.all()) {
      if (!t.namespaced) continue;
      const bucket = this.store.bucketOf(t);
      for (const obj of bucket.list(name)) {
        if (!obj.metadata.deletionTimestamp && bucket.get(name, obj.metadata.name!)) this.tryDelete(t, obj, 'Background');
      }
    }
    const current = this.store.bucketOf(nsType).get('', name);
    return current ? this.finishNamespaceIfEmpty(nsType, current) : ns;
  }

  private finishNamespaceIfEmpty(nsType: ResourceType, ns: KubeObject): KubeObject {
    const name = ns.metadata.name!;
    for (const t of this.store.registry.all()) {
      if (t.namespaced && this.store.bucketOf(t).countIn(name) > 0) return ns;
    }
    if (!namespaceSpecFinalizers(ns).includes('kubernetes')) return ns;
    const next = cloneJson(ns) as KubeObject;
    (next.spec as { finalizers?: string[] }).finalizers = namespaceSpecFinalizers(ns).filter((f) => f !== 'kubernetes');
    const stored = this.store.commit(nsType, next, 'MODIFIED');
    if (namespaceSpecFinalizers(stored).length === 0 && !(stored.metadata.finalizers ?? []).length) {
      return this.store.removeNow(nsType, stored);
    }
    return stored;
  }

  private cleanupCrd(crdType: ResourceType, crd: KubeObject): KubeObject {
    const spec = (crd.spec ?? {}) as { group?: string; names?: { plural?: string } };
    const served = this.store.registry.all().find((t) => t.group === spec.group && t.resource === spec.names?.plural);
    if (served) {
      const bucket = this.store.bucketOf(served);
      for (const obj of bucket.list(undefined)) {
        if (!obj.metadata.deletionTimestamp) this.tryDelete(served, obj, 'Background');
      }
      if (bucket.size > 0) return this.lookup(crd.metadata.uid!)?.obj ?? crd;
    }
    if (!crd.metadata.finalizers?.includes(CRD_CLEANUP_FINALIZER)) return crd;
    return this.dropFinalizer(crdType, crd, CRD_CLEANUP_FINALIZER);
  }

  private isNamespace(type: ResourceType): boolean {
    return type.group === NAMESPACES.group && type.resource === NAMESPACES.resource;
  }

  private registry(): Partial<MutableResourceRegistry> | undefined {
    return this.store.registry as Partial<MutableResourceRegistry>;
  }
}

function isCrd(type: ResourceType): boolean {
  return type.group === 'apiextensions.k8s.io' && type.resource === 'customresourcedefinitions';
}

function namespaceSpecFinalizers(ns: KubeObject): string[] {
  return ((ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).slice();
}

function remove(list: string[], item: string): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}
