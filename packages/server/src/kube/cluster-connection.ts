/**
 * The cluster access PORT: everything Berth does to a Kubernetes cluster goes through a
 * `ClusterConnection`. Capabilities depend on this interface only; the adapter over
 * @kubernetes/client-node (`connectToCluster`) is one implementation, a fake in a unit test
 * can be another. Objects travel as plain JSON, exactly as the API server sends them.
 */
import type { KubeObject } from '@berth/core';

/** A Kubernetes object as JSON (core's `KubeObject`: apiVersion, kind, metadata, anything else). */
export type { KubeObject };

/** Identifies one object. `namespace` is absent for cluster-scoped kinds. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** A kind of object: `{ apiVersion: 'apps/v1', kind: 'Deployment' }`. */
export interface ObjectKind {
  apiVersion: string;
  kind: string;
}

/** `GET /version` of the cluster. */
export interface ClusterVersion {
  major: string;
  minor: string;
  gitVersion: string;
  platform?: string;
}

/** What Berth needs to know about a node: placement (labels, taints) and size. */
export interface NodeSummary {
  name: string;
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  ready: boolean;
  unschedulable: boolean;
  kubeletVersion?: string;
}

/** A namespace, as listed. */
export interface NamespaceSummary {
  name: string;
  labels: Record<string, string>;
  phase: string;
}

/** Server-side apply options. */
export interface ApplyOptions {
  /** The field manager; the adapter defaults to `berth`. */
  fieldManager?: string;
  /** Take ownership of fields other managers set (default true: Berth is the source of truth). */
  force?: boolean;
  /** Validate and default on the server without persisting (`dryRun=All`). */
  dryRun?: boolean;
}

/** Filters of a list or watch. */
export interface Selection {
  /** Namespace; omit for cluster-scoped kinds or all namespaces. */
  namespace?: string;
  /** `kubectl -l` syntax: `berth.dev/app=shop,berth.dev/component in (web,worker)`. */
  labelSelector?: string;
  fieldSelector?: string;
}

/** A list result: the items (with apiVersion and kind filled in) and the list's resourceVersion. */
export interface ObjectList {
  items: KubeObject[];
  resourceVersion: string;
}

/** Deletion options. */
export interface DeleteOptions {
  /** Default `Background`: dependents (ReplicaSets, Pods) are garbage-collected after. */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  dryRun?: boolean;
}

/** Pod log options. */
export interface PodLogOptions {
  container?: string;
  tailLines?: number;
  sinceSeconds?: number;
  /** Keep the stream open and yield new lines as they are written. */
  follow?: boolean;
  /** Logs of the previous (crashed) instance of the container. */
  previous?: boolean;
  /** Stop following (or cancel) when aborted. */
  signal?: AbortSignal;
}

/** Prune options. */
export interface PruneOptions {
  /** Kinds to look through; default {@link PRUNABLE_KINDS}. */
  kinds?: readonly ObjectKind[];
  /** Only objects this field manager applied are pruned; default `berth`. */
  fieldManager?: string;
  dryRun?: boolean;
}

/** Listener registration; calling the returned function removes the listener. */
export type Unsubscribe = () => void;

/**
 * A live, cached view of one kind of object: lists, then watches from the list's
 * resourceVersion; relists on 410 Gone; reconnects with capped backoff.
 */
export interface Informer<T = KubeObject> {
  on(event: 'add' | 'update' | 'delete', listener: (obj: T) => void): Unsubscribe;
  /** A list or watch failed; the informer keeps retrying. */
  on(event: 'error', listener: (err: Error) => void): Unsubscribe;
  /** The cache was (re)filled from a full list: after start and after every relist. */
  on(event: 'synced', listener: () => void): Unsubscribe;
  /** Begin; resolves after the first successful list (rejects only if stopped before). */
  start(): Promise<void>;
  /** Stop watching; listeners are no longer called. */
  stop(): void;
  /** Every cached object. */
  list(): T[];
  /** One cached object. */
  get(name: string, namespace?: string): T | undefined;
}

/** Access to one Kubernetes cluster. Every method throws `KubeApiError` or `ClusterUnreachableError`. */
export interface ClusterConnection {
  /** Server version (`GET /version`): also the connectivity check. */
  version(): Promise<ClusterVersion>;
  listNodes(): Promise<NodeSummary[]>;
  listNamespaces(): Promise<NamespaceSummary[]>;
  /** Create the namespace, or make sure it carries `labels` (server-side apply; idempotent). */
  ensureNamespace(name: string, labels?: Record<string, string>): Promise<KubeObject>;
  /**
   * Server-side apply of each object (PATCH `application/apply-patch+yaml`), in dependency
   * order (namespaces and CRDs first, then config, then workloads). Returns the objects as
   * the server stored them, in the order given.
   */
  apply(objects: readonly KubeObject[], options?: ApplyOptions): Promise<KubeObject[]>;
  /** Create an object (`POST`); a `KubeApiError` 409 AlreadyExists when it exists. Returns it as stored. */
  create(obj: KubeObject): Promise<KubeObject>;
  /**
   * Replace an object (`PUT`). With `metadata.resourceVersion` set, the write is conditional:
   * a `KubeApiError` 409 Conflict when the object changed since that version (optimistic concurrency).
   */
  replace(obj: KubeObject): Promise<KubeObject>;
  /** Delete; resolves `false` when the object did not exist. */
  delete(ref: ObjectRef, options?: DeleteOptions): Promise<boolean>;
  /** List every object of a kind (all pages). */
  list(kind: ObjectKind, selection?: Selection): Promise<ObjectList>;
  /** One object, or `undefined` when it does not exist. */
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  /** Log lines of a pod's container; with `follow`, an endless stream until aborted or the container stops. */
  podLogs(namespace: string, pod: string, options?: PodLogOptions): AsyncIterable<string>;
  /** Events of a namespace, optionally about one object, oldest first. */
  events(namespace: string, involvedObject?: Partial<ObjectRef>): Promise<KubeObject[]>;
  /** A new (not yet started) informer on one kind. */
  watch(kind: ObjectKind, selection?: Selection): Informer;
  /**
   * Delete the objects of `labelSelector` in `namespace` that are not in `keep`, across
   * `options.kinds` — only those this field manager applied (never PVCs a StatefulSet
   * created, never objects owned by another). Returns what was deleted.
   */
  prune(
    namespace: string,
    labelSelector: string,
    keep: Iterable<ObjectRef>,
    options?: PruneOptions,
  ): Promise<ObjectRef[]>;
  /** Release connections and stop every informer this connection started. */
  close(): void;
}

/** Named clusters → connections; the clusters capability implements it over its store. */
export interface ClusterRegistry {
  /** The connection to a registered cluster; throws when no cluster has this name. */
  get(name: string): Promise<ClusterConnection>;
  /** Drop a cached connection (after the cluster's kubeconfig changed or it was removed). */
  forget(name: string): void;
}

/** The kinds Berth renders, looked through by prune. Kinds the cluster does not serve are skipped. */
export const PRUNABLE_KINDS: readonly ObjectKind[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'batch/v1', kind: 'CronJob' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
];

/** `group/Kind/namespace/name`: the identity of an object across API versions. */
export function refKey(ref: ObjectRef): string {
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  return `${group}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** The reference of an object. */
export function refOf(obj: KubeObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  return ref;
}
