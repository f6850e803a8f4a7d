/**
 * The in-memory ObjectStore: one cluster-wide revision counter, per-resource indexed buckets,
 * the apiserver's write semantics (uid, generation, Conflict on stale resourceVersion, status
 * subresource, dryRun, managedFields, validation) and object lifecycle (finalizers, garbage
 * collection, namespace termination, CRDs) delegated to `lifecycle.ts`.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../machinery/errors.js';
import { cloneJson } from '../machinery/json-clone.js';
import { recordUpdate } from '../machinery/managed-fields.js';
import { applyDefaults } from '../machinery/defaults.js';
import { keepServiceAllocations } from '../machinery/service-defaults.js';
import { applyPatch } from '../machinery/patch.js';
import { serverSideApply } from '../machinery/apply.js';
import type { PathKey } from '../machinery/fieldset.js';
import { parseFieldSelector, parseLabelSelector } from '../machinery/selectors.js';
import { validateObject } from '../machinery/validation.js';
import { apiVersionOf } from '../resources/builtin.js';
import type { MutableResourceRegistry } from '../resources/registry.js';
import { Bucket, deepFreeze } from './buckets.js';
import { EventWindow } from './event-window.js';
import { Lifecycle } from './lifecycle.js';
import { deepEqual, specChanged, tracksGeneration } from './compare.js';
import { prepareForCreate } from './prepare.js';
import type {
  DeleteOptions,
  KubeObject,
  ListOptions,
  ObjectStore,
  PatchOptions,
  PatchType,
  ResourceRegistry,
  ResourceType,
  StoreEvent,
  StoreSnapshot,
  WatchEventType,
  WriteOptions,
} from './types.js';

/** Options of `createObjectStore`. */
export interface ObjectStoreOptions {
  /** Source of creationTimestamp, deletionTimestamp and managedFields times (default: wall clock). */
  clock?: () => Date;
  /** How many recent events a watch can resume from (default 20,000). */
  watchWindow?: number;
  /** Skip schema validation (benchmarks). Default false. */
  skipValidation?: boolean;
  /**
   * Pods bound to a node are deleted gracefully (deletionTimestamp now + grace period) and stay
   * until deleted again with gracePeriodSeconds 0, as a kubelet does. Default false: deleted at once.
   */
  gracefulPodDeletion?: boolean;
  /** Admission plugins run on every create, whoever writes (the API or a controller). */
  admission?: CreateAdmission;
}

/**
 * Admission on create, as the apiserver's chain runs it: `mutate` after defaulting and before
 * validation (ServiceAccount, DefaultTolerationSeconds...), `validate` after validation and the
 * namespace lifecycle check (ResourceQuota). Either throws an ApiError to refuse the object.
 */
export interface CreateAdmission {
  mutate?(type: ResourceType, obj: KubeObject): void;
  validate?(type: ResourceType, obj: KubeObject): void;
}

const DEFAULT_MANAGER = 'kube-controller-manager';

/** Internal write path shared by the store and its lifecycle helper. */
export interface StoreInternals {
  registry: ResourceRegistry;
  now(): string;
  bucketOf(type: ResourceType): Bucket;
  typeOfBucket(key: string): ResourceType | undefined;
  /** Writes an object (ADDED or MODIFIED) with a new resourceVersion; returns the frozen stored object. */
  commit(type: ResourceType, obj: KubeObject, event: WatchEventType): KubeObject;
  /** Removes an object for good, emitting DELETED. */
  removeNow(type: ResourceType, obj: KubeObject): KubeObject;
}

/** Creates an empty in-memory object store serving the types of `registry`. */
export function createObjectStore(registry: ResourceRegistry, options: ObjectStoreOptions = {}): ObjectStore {
  return new MemoryStore(registry, options);
}

function bucketKey(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return `${type.group}/${type.resource}`;
}

function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

class MemoryStore implements ObjectStore, StoreInternals {
  private rv = 1;
  private readonly buckets = new Map<string, Bucket>();
  private readonly bucketTypes = new Map<string, ResourceType>();
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private readonly window: EventWindow;
  private readonly clock: () => Date;
  private readonly lifecycle: Lifecycle;
  private nextClusterIP = 10;
  /** clusterIP → how many stored Services hold it (kept in step by commit, removeNow, restore). */
  private readonly clusterIPs = new Map<string, number>();
  private readonly defaulting = { allocateClusterIP: () => this.allocateClusterIP(), allocateNodePort: () => this.allocateNodePort() };

  constructor(
    readonly registry: ResourceRegistry,
    private readonly options: ObjectStoreOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.window = new EventWindow(options.watchWindow ?? 20_000, this.rv);
    this.lifecycle = new Lifecycle(this, { gracefulPodDeletion: options.gracefulPodDeletion ?? false });
  }

  now(): string {
    return timestamp(this.clock());
  }

  currentResourceVersion(): string {
    return String(this.rv);
  }

  bucketOf(type: ResourceType): Bucket {
    const key = bucketKey(type);
    let b = this.buckets.get(key);
    if (!b) {
      b = new Bucket();
      this.buckets.set(key, b);
      this.bucketTypes.set(key, type);
    }
    return b;
  }

  typeOfBucket(key: string): ResourceType | undefined {
    return this.bucketTypes.get(key);
  }

  private nsKey(type: ResourceType, namespace: string | undefined): string {
    return type.namespaced ? (namespace ?? '') : '';
  }

  /** Stored objects carry the storage apiVersion; a read through another served version shows its own. */
  private view(type: ResourceType, obj: KubeObject): KubeObject {
    const v = apiVersionOf(type);
    return obj.apiVersion === v ? obj : { ...obj, apiVersion: v };
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.stored(type, namespace, name);
    return obj ? cloneJson(obj) : undefined;
  }

  stored(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.buckets.get(bucketKey(type))?.get(this.nsKey(type, namespace), name);
    return obj ? this.view(type, obj) : undefined;
  }

  list(type: ResourceType, options: ListOptions = {}): { items: KubeObject[]; resourceVersion: string } {
    const labelSel = options.labelSelector ? parseLabelSelector(options.labelSelector) : undefined;
    const fieldSel = options.fieldSelector ? parseFieldSelector(options.fieldSelector, type) : undefined;
    const bucket = this.buckets.get(bucketKey(type));
    const ns = type.namespaced && options.namespace ? options.namespace : undefined;
    const items = bucket ? bucket.list(ns, labelSel, fieldSel).map((o) => this.view(type, o)) : [];
    return { items, resourceVersion: String(this.rv) };
  }

  create(type: ResourceType, input: KubeObject, options: WriteOptions = {}): KubeObject {
    return this.createObject(type, input, options, false);
  }

  private createObject(type: ResourceType, input: KubeObject, options: WriteOptions, managedPreset: boolean): KubeObject {
    this.checkVerb(type, 'create');
    const obj = cloneJson(input) as KubeObject;
    this.checkTypeMeta(type, obj);
    const meta = (obj.metadata ??= {});
    if (type.namespaced) {
      if (!meta.namespace) throw ApiError.badRequest('an empty namespace may not be set during creation');
    } else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix();
    applyDefaults(type, obj, this.defaulting);
    // The creator owns what it sent and its defaults, as the create handler records them before
    // mutating admission and the strategy's PrepareForCreate (a new pod's status is nobody's).
    const now = this.now();
    if (!managedPreset) {
      delete meta.managedFields;
      const mf = recordUpdate(undefined, obj, options.fieldManager ?? DEFAULT_MANAGER, apiVersionOf(type), now);
      if (mf.length) meta.managedFields = mf;
    }
    this.options.admission?.mutate?.(type, obj);
    this.validate(type, obj, undefined, options);
    const ns = this.nsKey(type, meta.namespace);
    this.lifecycle.admitCreate(type, obj);
    this.options.admission?.validate?.(type, obj);
    const bucket = this.bucketOf(type);
    if (bucket.get(ns, meta.name!)) {
      throw ApiError.alreadyExists({ group: type.group, name: type.resource }, meta.name!);
    }
    meta.uid = randomUUID();
    meta.creationTimestamp = now;
    if (tracksGeneration(type)) meta.generation = 1;
    else delete meta.generation;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.resourceVersion;
    delete meta.selfLink;
    prepareForCreate(type, obj, now);
    if (options.dryRun) return obj;
    const stored = this.commit(type, obj, 'ADDED');
    this.lifecycle.afterCreate(type, stored);
    return cloneJson(this.view(type, stored));
  }

  update(type: ResourceType, input: KubeObject, options: WriteOptions = {}): KubeObject {
    return this.updateObject(type, input, options, false, false);
  }

  updateStatus(type: ResourceType, input: KubeObject, options: WriteOptions = {}): KubeObject {
    return this.updateObject(type, input, options, true, false);
  }

  private updateObject(
    type: ResourceType,
    input: KubeObject,
    options: WriteOptions,
    statusOnly: boolean,
    managedPreset: boolean,
  ): KubeObject {
    this.checkVerb(type, 'update');
    // A status update reads only the status and the identity of the input: no need to copy the rest.
    const obj = statusOnly && isPlainObject(input) ? statusOf(input) : (cloneJson(input) as KubeObject);
    this.checkTypeMeta(type, obj);
    const meta = (obj.metadata ??= {});
    const name = meta.name ?? '';
    const ns = this.nsKey(type, meta.namespace);
    const bucket = this.bucketOf(type);
    const old = bucket.get(ns, name);
    const gr = { group: type.group, name: type.resource };
    if (!old) throw ApiError.notFound(gr, name);
    if (meta.resourceVersion && meta.resourceVersion !== old.metadata.resourceVersion) throw ApiError.conflict(gr, name);
    if (!meta.resourceVersion && type.schema !== undefined && !managedPreset) {
      throw ApiError.invalid({ group: type.group, name: type.kind }, name, [
        { reason: 'FieldValueInvalid', field: 'metadata.resourceVersion', value: '0x0', detail: 'must be specified for an update' },
      ]);
    }
    if (meta.uid && meta.uid !== old.metadata.uid) {
      throw ApiError.conflict(gr, name, `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    const hasStatus = (type.subresources ?? []).includes('status');
    let next: KubeObject;
    if (statusOnly) {
      next = cloneJson(old) as KubeObject;
      if (obj.status === undefined) delete next.status;
      else next.status = obj.status;
      // A server-side apply to status brings the managedFields it computed.
      if (managedPreset) next.metadata.managedFields = obj.metadata.managedFields;
    } else {
      next = obj;
      if (hasStatus) {
        if (old.status === undefined) delete next.status;
        else next.status = cloneJson(old.status);
      }
      if (type.group === '' && type.resource === 'namespaces') {
        // Namespace spec.finalizers change only through the finalize subresource.
        next.spec = cloneJson(old.spec);
      }
    }
    const nm = next.metadata;
    nm.uid = old.metadata.uid;
    nm.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.generation === undefined) delete nm.generation;
    else nm.generation = old.metadata.generation;
    if (old.metadata.namespace) nm.namespace = old.metadata.namespace;
    nm.name = old.metadata.name;
    if (old.metadata.deletionTimestamp) {
      nm.deletionTimestamp = old.metadata.deletionTimestamp;
      nm.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
      const before = new Set(old.metadata.finalizers ?? []);
      const added = (nm.finalizers ?? []).filter((f) => !before.has(f));
      if (added.length) {
        throw ApiError.invalid({ group: type.group, name: type.kind }, name, [
          { reason: 'FieldValueForbidden', field: 'metadata.finalizers', detail: 'no new finalizers can be added if the object is being deleted, found new finalizers []string{' + added.map((f) => JSON.stringify(f)).join(', ') + '}' },
        ]);
      }
    } else {
      delete nm.deletionTimestamp;
      delete nm.deletionGracePeriodSeconds;
    }
    delete nm.selfLink;
    if (type.group === '' && type.resource === 'services') keepServiceAllocations(next.spec as Record<string, unknown> | undefined, old.spec as Record<string, unknown> | undefined);
    applyDefaults(type, next, this.defaulting);
    this.validate(type, next, old, options);
    if (tracksGeneration(type) && specChanged(old, next, hasStatus)) nm.generation = (old.metadata.generation ?? 0) + 1;
    if (!managedPreset) {
      const mf = options.managedFields
        ? options.managedFields(old, next)
        : recordUpdate(old, next, options.fieldManager ?? DEFAULT_MANAGER, apiVersionOf(type), this.now(), statusOnly ? 'status' : options.subresource);
      if (mf.length) nm.managedFields = mf;
      else delete nm.managedFields;
    } else if (!nm.managedFields?.length) delete nm.managedFields;
    nm.resourceVersion = old.metadata.resourceVersion;
    if (deepEqual(old, next)) return cloneJson(this.view(type, old));
    if (options.dryRun) return next;
    const stored = this.commit(type, next, 'MODIFIED');
    const result = this.lifecycle.afterUpdate(type, stored, old);
    return cloneJson(this.view(type, result));
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    body: unknown,
    options: PatchOptions = {},
  ): KubeObject {
    this.checkVerb(type, 'patch');
    const ns = this.nsKey(type, namespace);
    const old = this.bucketOf(type).get(ns, name);
    const statusOnly = options.subresource === 'status';
    if (patchType === 'apply') {
      const manager = options.fieldManager;
      if (!manager) throw ApiError.badRequest('PATCH, application/apply-patch+yaml requests must have a fieldManager');
      // Only the main resource creates: the status subresource never does (its Update forbids create).
      if (!old && statusOnly) throw ApiError.notFound({ group: type.group, name: type.resource }, name);
      const live = old ? (cloneJson(this.view(type, old)) as KubeObject) : undefined;
      const applied = serverSideApply(live, body, {
        manager,
        force: options.force ?? false,
        apiVersion: apiVersionOf(type),
        time: this.now(),
        subresource: statusOnly ? 'status' : undefined,
        type,
        ignored: resetFields(type, statusOnly),
      });
      if (!old) {
        applied.metadata.name ??= name;
        if (type.namespaced) applied.metadata.namespace ??= namespace;
        if (applied.metadata.name !== name) throw ApiError.badRequest('the name of the object (' + applied.metadata.name + ') does not match the name on the URL (' + name + ')');
        return this.createObject(type, applied, options, true);
      }
      applied.metadata.resourceVersion ??= old.metadata.resourceVersion;
      return this.updateObject(type, applied, options, statusOnly, true);
    }
    const gr = { group: type.group, name: type.resource };
    if (!old) throw ApiError.notFound(gr, name);
    const current = cloneJson(this.view(type, old)) as KubeObject;
    const patched = applyPatch(patchType, current, body, type);
    if (!patched.metadata || typeof patched.metadata !== 'object') patched.metadata = {};
    patched.metadata.resourceVersion ??= old.metadata.resourceVersion;
    if (patched.metadata.name !== undefined && patched.metadata.name !== name) {
      throw ApiError.invalid({ group: type.group, name: type.kind }, name, [
        { reason: 'FieldValueInvalid', field: 'metadata.name', value: patched.metadata.name, detail: 'field is immutable' },
      ]);
    }
    patched.metadata.name = name;
    if (type.namespaced) patched.metadata.namespace = namespace;
    return this.updateObject(type, patched, options, statusOnly, false);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions = {}): KubeObject {
    this.checkVerb(type, 'delete');
    const old = this.bucketOf(type).get(this.nsKey(type, namespace), name);
    const gr = { group: type.group, name: type.resource };
    if (!old) throw ApiError.notFound(gr, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid) {
      throw ApiError.conflict(gr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw ApiError.conflict(
        gr,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
      );
    }
    const result = this.lifecycle.delete(type, old, options);
    return cloneJson(this.view(type, result));
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  eventsSince(resourceVersion: string, type?: ResourceType, namespace?: string): StoreEvent[] {
    if (resourceVersion === '' || resourceVersion === '0') return [];
    const rv = Number(resourceVersion);
    if (!Number.isInteger(rv) || rv < 0) throw ApiError.badRequest(`invalid resource version: ${resourceVersion}`);
    return this.window.since(rv, this.rv, type, type?.namespaced ? namespace : undefined);
  }

  snapshot(): StoreSnapshot {
    const objects: StoreSnapshot['objects'] = [];
    for (const [key, bucket] of this.buckets) {
      const t = this.bucketTypes.get(key)!;
      for (const o of bucket.all()) objects.push({ group: t.group, resource: t.resource, object: o });
    }
    return { version: 1, resourceVersion: String(this.rv), objects };
  }

  restore(snapshot: StoreSnapshot): void {
    this.buckets.clear();
    this.clusterIPs.clear();
    this.bucketTypes.clear();
    this.lifecycle.reset();
    const crds = snapshot.objects.filter((o) => o.group === 'apiextensions.k8s.io' && o.resource === 'customresourcedefinitions');
    const reg = this.registry as Partial<MutableResourceRegistry>;
    for (const c of crds) reg.serveCrd?.(c.object);
    for (const { group, resource, object } of snapshot.objects) {
      const type =
        this.registry.all().find((t) => t.group === group && t.resource === resource) ??
        ({ group, version: object.apiVersion.split('/').pop()!, resource, kind: object.kind, namespaced: !!object.metadata.namespace } as ResourceType);
      const obj = deepFreeze(cloneJson(object));
      this.bucketOf(type).put(obj);
      this.trackClusterIP(type, undefined, obj);
      this.lifecycle.indexObject(type, undefined, obj);
    }
    this.rv = Number(snapshot.resourceVersion) || 1;
    this.window.reset(this.rv);
  }

  commit(type: ResourceType, obj: KubeObject, event: WatchEventType): KubeObject {
    this.rv++;
    obj.metadata.resourceVersion = String(this.rv);
    const frozen = deepFreeze(obj);
    const bucket = this.bucketOf(type);
    const old = bucket.get(obj.metadata.namespace ?? '', obj.metadata.name!);
    bucket.put(frozen);
    this.trackClusterIP(type, old, frozen);
    this.lifecycle.indexObject(type, old, frozen);
    this.emit(type, event, frozen);
    return frozen;
  }

  removeNow(type: ResourceType, obj: KubeObject): KubeObject {
    const bucket = this.bucketOf(type);
    const current = bucket.get(obj.metadata.namespace ?? '', obj.metadata.name!);
    if (!current) return obj;
    bucket.remove(obj.metadata.namespace ?? '', obj.metadata.name!);
    this.trackClusterIP(type, current, undefined);
    this.rv++;
    const gone = deepFreeze({ ...current, metadata: { ...current.metadata, resourceVersion: String(this.rv) } });
    this.lifecycle.indexObject(type, current, undefined);
    this.emit(type, 'DELETED', gone);
    this.lifecycle.afterRemove(type, gone);
    return gone;
  }

  private emit(type: ResourceType, eventType: WatchEventType, object: KubeObject): void {
    const event: StoreEvent = { type: eventType, resource: this.bucketTypes.get(bucketKey(type)) ?? type, object };
    this.window.push(this.rv, event);
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A failing listener must not break the write or other listeners.
      }
    }
  }

  /** A free port of the NodePort range, random like the apiserver's allocator. */
  private allocateNodePort(): number {
    const used = new Set<number>();
    const services = this.buckets.get('/services');
    for (const svc of services ? services.list(undefined) : []) {
      const spec = svc.spec as { ports?: { nodePort?: number }[]; healthCheckNodePort?: number } | undefined;
      for (const p of spec?.ports ?? []) if (p.nodePort) used.add(p.nodePort);
      if (spec?.healthCheckNodePort) used.add(spec.healthCheckNodePort);
    }
    for (;;) {
      const port = 30000 + Math.floor(Math.random() * 2768);
      if (!used.has(port)) return port;
    }
  }

  private allocateClusterIP(): string {
    for (;;) {
      const n = this.nextClusterIP++;
      const ip = `10.96.${Math.floor(n / 250) % 256}.${(n % 250) + 2}`;
      if (!this.clusterIPs.has(ip)) return ip;
    }
  }

  /** Keeps the index of allocated Service clusterIPs in step with a write (old → next). */
  private trackClusterIP(type: ResourceType, old: KubeObject | undefined, next: KubeObject | undefined): void {
    if (type.group !== '' || type.resource !== 'services') return;
    const ipOf = (o: KubeObject | undefined) => (o ? String((o.spec as { clusterIP?: string } | undefined)?.clusterIP) : undefined);
    const before = ipOf(old);
    const after = ipOf(next);
    if (before === after) return;
    if (before !== undefined) {
      const n = (this.clusterIPs.get(before) ?? 0) - 1;
      if (n > 0) this.clusterIPs.set(before, n);
      else this.clusterIPs.delete(before);
    }
    if (after !== undefined) this.clusterIPs.set(after, (this.clusterIPs.get(after) ?? 0) + 1);
  }

  private checkVerb(type: ResourceType, verb: string): void {
    if (type.verbs && !type.verbs.includes(verb)) {
      throw ApiError.methodNotAllowed({ group: type.group, name: type.resource }, verb);
    }
  }

  private checkTypeMeta(type: ResourceType, obj: KubeObject): void {
    const want = apiVersionOf(type);
    if (!obj.apiVersion) obj.apiVersion = want;
    if (!obj.kind) obj.kind = type.kind;
    if (obj.kind !== type.kind) {
      throw ApiError.badRequest(`${obj.kind} in version "${obj.apiVersion.split('/').pop()}" cannot be handled as a ${type.kind}: the object provided is unrecognized (must be of type ${type.kind})`);
    }
    // Stored under the type's version; other versions of the same group (CRDs) are converted by apiVersion only.
    if (obj.apiVersion !== want && obj.apiVersion.split('/')[0] === want.split('/')[0]) obj.apiVersion = want;
    if (obj.apiVersion !== want) {
      throw ApiError.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${want})`);
    }
  }

  private validate(type: ResourceType, obj: KubeObject, old: KubeObject | undefined, options: WriteOptions): void {
    if (this.options.skipValidation) return;
    const result = validateObject(type, obj, old);
    if (result.unknownFields.length) {
      const mode = options.fieldValidation ?? 'Ignore';
      if (mode === 'Strict') {
        throw ApiError.badRequest(
          `strict decoding error: ${result.unknownFields.map((f) => `unknown field "${f}"`).join(', ')}`,
        );
      }
      if (mode === 'Warn') for (const f of result.unknownFields) options.warnings?.push(`unknown field "${f}"`);
    }
    if (result.errors.length) {
      throw ApiError.invalid({ group: type.group, name: type.kind }, obj.metadata.name ?? '', result.errors);
    }
  }
}

const isStatusPath = (p: PathKey): boolean => p === 'f:status' || p.startsWith('f:status\n');
const isNotStatusPath = (p: PathKey): boolean => !isStatusPath(p);

/**
 * The fields a write resets whatever the request says (the strategies' GetResetFields): status
 * through the main resource of a kind with a status subresource, everything else through status.
 */
function resetFields(type: ResourceType, statusOnly: boolean): ((p: PathKey) => boolean) | undefined {
  if (statusOnly) return isNotStatusPath;
  return (type.subresources ?? []).includes('status') ? isStatusPath : undefined;
}

function isPlainObject(v: unknown): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** A private copy of what a status update reads: type meta, metadata (shallow) and status. */
function statusOf(input: KubeObject): KubeObject {
  const out = { ...input };
  if (isPlainObject(input.metadata)) out.metadata = { ...input.metadata };
  if (input.status !== undefined) out.status = cloneJson(input.status);
  return out;
}

/** An update that leaves out the Service's clusterIP keeps the allocated one. */
const ALPHANUM = 'bcdfghjklmnpqrstvwxz2456789';

/** Five random characters for generateName (the apiserver's alphabet avoids vowels and look-alikes). */
function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += ALPHANUM[Math.floor(Math.random() * ALPHANUM.length)];
  return s;
}
