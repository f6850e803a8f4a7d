/**
 * `startControllers`: the simulated cluster behind the sandbox's API — nodes from a fleet, the
 * scheduler, the kubelets, the workload controllers and the faults — all working through the
 * {@link ObjectStore} on an injectable clock.
 */
import { realClock, type Clock } from '../sim/clock.js';
import { FaultSet, type FaultSpec } from '../sim/faults.js';
import { resolveFleet, type FleetSpec } from '../sim/fleet.js';
import { containerLogLines, followLog, formatLine, type PodLogOptions } from '../sim/logs.js';
import type { KubeObject, ObjectStore, ResourceRegistry } from '../store/types.js';
import { DEFAULT_TIMINGS, EventRecorder, resolveKinds, type ControllerContext, type SimTimings } from './context.js';
import { DeploymentController } from './deployment.js';
import { InformerSet } from './informer.js';
import { Kubelet } from './kubelet.js';
import { NamespaceDefaults } from './namespace-defaults.js';
import { NodeSimulation } from './nodes.js';
import { ReplicaSetController } from './replicaset.js';
import { Scheduler } from './scheduler.js';
import { extraControllers } from './registry.js';
import { checkQuota, type QuotaCheck } from './quota.js';
import { CronJobController } from './cronjob.js';
import { ClusterRoleAggregationController } from './clusterrole-aggregation.js';
import { HpaController } from './hpa.js';

/** Options of {@link startControllers}. */
export interface ControllerOptions {
  /** The nodes: a fleet spec, a node count (0 = no nodes), or undefined for 3 default nodes. */
  fleet?: FleetSpec | number;
  /** Faults declared at start (a spec) or a shared FaultSet (e.g. the one the HTTP layer uses). */
  faults?: FaultSpec | FaultSet;
  /** Time source and timers; default the real clock. Use `manualClock()` in tests. */
  clock?: Clock;
  /** Default delay from container start to ready (ms). */
  readyAfterMs?: number;
  /** Other timing knobs. */
  timings?: Partial<SimTimings>;
  /** Record core/v1 Events (default true). */
  events?: boolean;
  /** Called when a reconcile throws (default: console.error). */
  onError?: (controller: string, key: string, error: unknown) => void;
}

/** Result of {@link podLogs}: the text, or an error message (HTTP 400) when there is none. */
export type PodLogResult = { ok: true; text: string } | { ok: false; message: string };

/** A running simulated cluster. */
export interface RunningCluster {
  stop(): void;
  fleet: FleetSpec;
  faults: FaultSet;
  clock: Clock;
  /** Synthetic logs of a pod's container; with `follow`, use {@link RunningCluster.followPodLogs}. */
  podLogs(namespace: string, pod: string, options?: PodLogOptions): PodLogResult;
  /** Follows a pod's logs: an async iterator of lines (each ending in `\n`) until the container stops or `signal` aborts. */
  followPodLogs(namespace: string, pod: string, options?: PodLogOptions, signal?: AbortSignal): AsyncGenerator<string>;
  /** ResourceQuota admission for a create: `{ allowed: false, message }` → 403 Forbidden `exceeded quota: ...`. */
  checkQuota(namespace: string, object: KubeObject): QuotaCheck;
}

/** Starts the simulated cluster on `store`. */
export function startControllers(store: ObjectStore, registry: ResourceRegistry, options: ControllerOptions = {}): RunningCluster {
  const clock = options.clock ?? realClock();
  const faults = options.faults instanceof FaultSet ? options.faults : new FaultSet(options.faults ?? {});
  const kinds = resolveKinds(registry);
  const timings: SimTimings = { ...DEFAULT_TIMINGS, ...options.timings };
  if (options.readyAfterMs !== undefined) timings.readyAfterMs = options.readyAfterMs;
  const informers = new InformerSet(store);
  if (kinds.pods) {
    const pods = informers.for(kinds.pods);
    pods.addIndex('node', (p) => [((p.spec ?? {}) as { nodeName?: string }).nodeName ?? '']);
  }
  const ctx: ControllerContext = {
    store,
    registry,
    clock,
    informers,
    kinds,
    faults,
    timings,
    events: new EventRecorder(store, kinds.events, clock, options.events ?? true),
    onError: options.onError ?? ((c, k, e) => console.error(`[sandbox] ${c} ${k}:`, e)),
  };
  const fleet = resolveFleet(options.fleet);
  const parts: { start(): void; stop(): void }[] = [];
  if (kinds.namespaces) parts.push(new NamespaceDefaults(ctx));
  if (kinds.pods && kinds.nodes) parts.push(new NodeSimulation(ctx, fleet), new Scheduler(ctx), new Kubelet(ctx));
  if (kinds.replicaSets && kinds.pods) parts.push(new ReplicaSetController(ctx));
  if (kinds.deployments && kinds.replicaSets) parts.push(new DeploymentController(ctx));
  parts.push(...extraControllers(ctx));
  if (kinds.cronJobs && kinds.jobs) parts.push(new CronJobController(ctx));
  if (kinds.clusterRoles) parts.push(new ClusterRoleAggregationController(ctx));
  if (registry.byKind('autoscaling/v2', 'HorizontalPodAutoscaler')) parts.push(new HpaController(ctx));
  for (const p of parts) p.start();

  const getPod = (ns: string, name: string) => (kinds.pods ? store.get(kinds.pods, ns, name) : undefined);
  return {
    fleet,
    faults,
    clock,
    stop() {
      for (const p of parts) p.stop();
      informers.stop();
    },
    podLogs(namespace, pod, opts = {}) {
      const obj = getPod(namespace, pod);
      if (!obj) return { ok: false, message: `pods "${pod}" not found` };
      const lines = containerLogLines(obj, opts, clock.now());
      if (typeof lines === 'string') return { ok: false, message: lines };
      return { ok: true, text: lines.map((l) => formatLine(l, opts.timestamps)).join('') };
    },
    followPodLogs(namespace, pod, opts = {}, signal) {
      return followLog(() => getPod(namespace, pod), opts, clock, signal);
    },
    checkQuota(namespace, object) {
      return checkQuota(ctx, namespace, object);
    },
  };
}
