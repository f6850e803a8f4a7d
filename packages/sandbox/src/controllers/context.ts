/**
 * What every simulated controller is given: the store, the clock, shared informers, the
 * resolved resource types, an event recorder and the faults.
 */
import type { Clock } from '../sim/clock.js';
import type { FaultSet } from '../sim/faults.js';
import type { KubeObject, ObjectStore, ResourceRegistry, ResourceType } from '../store/types.js';
import type { InformerSet } from './informer.js';
import { iso } from './objects.js';

const KIND_TABLE = {
  pods: ['v1', 'Pod'],
  nodes: ['v1', 'Node'],
  namespaces: ['v1', 'Namespace'],
  services: ['v1', 'Service'],
  endpoints: ['v1', 'Endpoints'],
  events: ['v1', 'Event'],
  configMaps: ['v1', 'ConfigMap'],
  serviceAccounts: ['v1', 'ServiceAccount'],
  pvcs: ['v1', 'PersistentVolumeClaim'],
  pvs: ['v1', 'PersistentVolume'],
  resourceQuotas: ['v1', 'ResourceQuota'],
  endpointSlices: ['discovery.k8s.io/v1', 'EndpointSlice'],
  leases: ['coordination.k8s.io/v1', 'Lease'],
  storageClasses: ['storage.k8s.io/v1', 'StorageClass'],
  deployments: ['apps/v1', 'Deployment'],
  replicaSets: ['apps/v1', 'ReplicaSet'],
  statefulSets: ['apps/v1', 'StatefulSet'],
  daemonSets: ['apps/v1', 'DaemonSet'],
  controllerRevisions: ['apps/v1', 'ControllerRevision'],
  jobs: ['batch/v1', 'Job'],
  cronJobs: ['batch/v1', 'CronJob'],
  clusterRoles: ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
} as const;

/** The resource types the simulation uses; a kind the registry does not serve is undefined. */
export type Kinds = { [K in keyof typeof KIND_TABLE]: ResourceType | undefined };

/** Resolves {@link Kinds} from a registry. */
export function resolveKinds(registry: ResourceRegistry): Kinds {
  const out: Partial<Record<keyof typeof KIND_TABLE, ResourceType | undefined>> = {};
  for (const [key, [apiVersion, kind]] of Object.entries(KIND_TABLE)) {
    out[key as keyof typeof KIND_TABLE] = registry.byKind(apiVersion, kind);
  }
  return out as Kinds;
}

/** Tunables of the simulation, all in ms. */
export interface SimTimings {
  /** Default delay between a container starting and becoming ready. */
  readyAfterMs: number;
  /** Time a pod spends in ContainerCreating (image pull + create). */
  startDelayMs: number;
  /** Default run time of a run-to-completion (Job) pod. */
  runForMs: number;
  /** Node lease renew interval. */
  leaseRenewMs: number;
  /** How long a NotReady node's pods keep Ready before being marked (node-monitor-grace-period). */
  nodeGraceMs: number;
  /** Resync period for workload controllers. */
  resyncMs: number;
}

/** Default timings: fast enough for tests on a manual clock, plausible on a real one. */
export const DEFAULT_TIMINGS: SimTimings = {
  readyAfterMs: 1000,
  startDelayMs: 500,
  runForMs: 1500,
  leaseRenewMs: 10_000,
  nodeGraceMs: 40_000,
  resyncMs: 30_000,
};

/** Shared dependencies of the simulated controllers. */
export interface ControllerContext {
  store: ObjectStore;
  registry: ResourceRegistry;
  clock: Clock;
  informers: InformerSet;
  kinds: Kinds;
  events: EventRecorder;
  faults: FaultSet;
  timings: SimTimings;
  /** Reports unexpected errors (a reconcile that threw). */
  onError: (controller: string, key: string, error: unknown) => void;
}

/** Records core/v1 Events the way client-go's recorder does: new events, or count++ on repeats. */
export class EventRecorder {
  private readonly recent = new Map<string, { namespace: string; name: string; count: number }>();
  private seq = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly type: ResourceType | undefined,
    private readonly clock: Clock,
    private readonly enabled = true,
  ) {}

  /** Records an event about `obj` from `component` (e.g. `default-scheduler`, `kubelet`). */
  record(obj: KubeObject, eventType: 'Normal' | 'Warning', reason: string, message: string, component: string, extra: { host?: string; fieldPath?: string } = {}): void {
    if (!this.enabled || !this.type) return;
    const namespace = obj.metadata.namespace ?? 'default';
    const now = this.clock.now();
    const ts = iso(now);
    const aggKey = [component, obj.metadata.uid, extra.fieldPath ?? '', reason, message, eventType].join('\u0000');
    const seen = this.recent.get(aggKey);
    if (seen) {
      const existing = this.store.get(this.type, seen.namespace, seen.name);
      if (existing) {
        seen.count += 1;
        try {
          this.store.update(this.type, { ...existing, count: seen.count, lastTimestamp: ts });
          return;
        } catch {
          /* fall through to a new event */
        }
      }
    }
    const nanos = BigInt(now) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
    const name = `${obj.metadata.name ?? 'unknown'}.${nanos.toString(16)}`;
    const involved: Record<string, unknown> = {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
    };
    if (!obj.metadata.namespace) delete involved.namespace;
    if (extra.fieldPath) involved.fieldPath = extra.fieldPath;
    const source: Record<string, string> = { component };
    if (extra.host) source.host = extra.host;
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: involved,
      reason,
      message,
      source,
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type: eventType,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: extra.host ?? '',
    };
    try {
      this.store.create(this.type, event);
      if (this.recent.size > 50_000) this.recent.clear();
      this.recent.set(aggKey, { namespace, name, count: 1 });
    } catch {
      /* namespace gone or terminating: events are best effort, as in Kubernetes */
    }
  }
}
