/**
 * The sandbox's in-process object store: the single source of truth that both the HTTP API
 * server (`api/`) and the simulated controllers (`controllers/`) read and write.
 *
 * Contract shared by the two halves of the sandbox. Objects are plain JSON Kubernetes objects.
 * The store assigns uid, resourceVersion (an opaque decimal string, from one cluster-wide counter,
 * as etcd's revision), creationTimestamp and generation; it bumps generation only when `spec`
 * (or anything but metadata/status) changes, like the apiserver.
 */

/** A JSON Kubernetes object. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
  [field: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Identifies a resource type: group ('' for core), version, plural resource name. */
export interface ResourceType {
  group: string;
  version: string;
  /** Plural, lower-case: 'pods', 'deployments'. */
  resource: string;
  kind: string;
  namespaced: boolean;
  /** Discovery details (filled by the built-in registry and for served CRDs). */
  singular?: string;
  shortNames?: string[];
  /** API verbs of the main resource: get, list, watch, create, update, patch, delete, deletecollection. */
  verbs?: string[];
  /** Subresources served: 'status', 'scale', 'log', 'binding', 'eviction'... */
  subresources?: string[];
  categories?: string[];
  /** Propagation used by delete when the request sets none (the apiserver's DefaultGarbageCollectionPolicy). */
  defaultPropagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /** For CRD-served types: the CRD's openAPIV3Schema of this version (used for validation and pruning). */
  schema?: unknown;
  /** For CRD-served types: `.spec.versions[].subresources.scale` paths. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  resource: ResourceType;
  object: KubeObject;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** How unknown fields in a body are treated: Strict → 400 BadRequest, Warn → a warning, Ignore (default) → dropped. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Options of create / update / patch. */
export interface WriteOptions {
  dryRun?: boolean;
  /** Field manager recorded in managedFields (default `kube-controller-manager` for in-process callers). */
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  /** Receives warning texts for the HTTP `Warning` header (unknown fields under Warn). */
  warnings?: string[];
  /** The subresource an update comes through (`finalize`), named in its managedFields entry (`updateStatus` names `status`). */
  subresource?: string;
  /**
   * Replaces the Update bookkeeping of managedFields for this update: given the stored object and
   * the one about to be stored, returns the new managedFields (may throw an ApiError, e.g. an apply
   * conflict). Writes through subresources with their own field management (scale, binding) use it.
   */
  managedFields?: (old: KubeObject, next: KubeObject) => unknown[];
}

/** json = RFC 6902, merge = RFC 7386, strategic = strategic merge patch, apply = server-side apply. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** Options of `patch`. */
export interface PatchOptions extends WriteOptions {
  /** Server-side apply: take ownership of conflicting fields. */
  force?: boolean;
  /** Patch the `status` subresource instead of the main resource. */
  subresource?: 'status';
}

/** A JSON snapshot of the whole store (`snapshot()` / `restore()`). */
export interface StoreSnapshot {
  version: 1;
  resourceVersion: string;
  objects: { group: string; resource: string; object: KubeObject }[];
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/**
 * The object store. Methods throw `ApiError` (see `machinery/errors.ts`) with the Kubernetes Status
 * the real apiserver would return (NotFound, AlreadyExists, Conflict, Invalid...).
 * Controllers call it in-process and are not subject to authentication or API faults.
 */
export interface ObjectStore {
  /** The current cluster-wide resourceVersion. */
  currentResourceVersion(): string;
  /** A mutable copy of the object, or undefined. */
  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined;
  /** The stored object itself, deep-frozen and shared (no copy): read it, never change it. Undefined when absent. */
  stored(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Items are the stored objects themselves, deep-frozen: copy one (`cloneJson` of machinery/json-clone.ts) before changing it. Sorted by namespace, name. */
  list(type: ResourceType, options?: ListOptions): { items: KubeObject[]; resourceVersion: string };
  create(type: ResourceType, object: KubeObject, options?: WriteOptions): KubeObject;
  /** Replace the object; a set resourceVersion that differs from the stored one is a Conflict. Status is kept from the stored object. */
  update(type: ResourceType, object: KubeObject, options?: WriteOptions): KubeObject;
  /** Replace only `status` (the status subresource); spec changes in `object` are ignored. */
  updateStatus(type: ResourceType, object: KubeObject, options?: WriteOptions): KubeObject;
  /**
   * Patch an object (json / merge / strategic / apply). Apply creates the object when absent and
   * enforces field ownership (409 with the conflicting managers unless `force`).
   */
  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    options?: PatchOptions,
  ): KubeObject;
  /** Delete honouring finalizers (sets deletionTimestamp) and propagationPolicy. Returns the deleted (or terminating) object. */
  delete(type: ResourceType, namespace: string | undefined, name: string, options?: DeleteOptions): KubeObject;
  /** Subscribe to every change; returns an unsubscribe function. Events are delivered synchronously after the write; event objects are deep-frozen. */
  subscribe(listener: (event: StoreEvent) => void): () => void;
  /** Events after the given resourceVersion that are still in the window; throws Gone (410) when it is too old. */
  eventsSince(resourceVersion: string, type?: ResourceType, namespace?: string): StoreEvent[];
  /** The whole store as JSON (for snapshot files). */
  snapshot(): StoreSnapshot;
  /** Replace the whole store with a snapshot (no events are emitted; watches should relist). */
  restore(snapshot: StoreSnapshot): void;
}

/** Look up resource types known to the cluster (built-in kinds and served CRDs). */
export interface ResourceRegistry {
  byResource(group: string, version: string, resource: string): ResourceType | undefined;
  byKind(apiVersion: string, kind: string): ResourceType | undefined;
  all(): ResourceType[];
}
