/**
 * A simulated cluster for controller tests: the real object store and registry, the
 * controllers on a manual clock, and small helpers to create objects and let time pass.
 */
import { createResourceRegistry } from '../resources/registry.js';
import { manualClock, type ManualClock } from '../sim/clock.js';
import { createObjectStore } from '../store/memory-store.js';
import type { KubeObject, ObjectStore, ResourceType } from '../store/types.js';
import { startControllers, type ControllerOptions, type RunningCluster } from './index.js';

/** A cluster under test. */
export interface TestCluster {
  store: ObjectStore;
  clock: ManualClock;
  cluster: RunningCluster;
  type(apiVersion: string, kind: string): ResourceType;
  create(obj: KubeObject): KubeObject;
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(apiVersion: string, kind: string, namespace?: string, labelSelector?: string): KubeObject[];
  /** Moves time forward by `ms` in steps of `step` ms, letting every controller run. */
  run(ms: number, step?: number): void;
  events(namespace: string, involvedName?: string): KubeObject[];
  stop(): void;
}

/** Starts a test cluster with a `default` namespace. */
export function testCluster(options: Omit<ControllerOptions, 'clock'> = {}): TestCluster {
  const registry = createResourceRegistry();
  const clock = manualClock();
  const store = createObjectStore(registry, { clock: () => new Date(clock.now()), gracefulPodDeletion: true });
  const type = (apiVersion: string, kind: string): ResourceType => {
    const t = registry.byKind(apiVersion, kind);
    if (!t) throw new Error(`unknown kind ${apiVersion} ${kind}`);
    return t;
  };
  const ns = type('v1', 'Namespace');
  for (const name of ['default', 'kube-system']) {
    if (!store.get(ns, undefined, name)) store.create(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  const cluster = startControllers(store, registry, { ...options, clock, onError: options.onError ?? ((c, k, e) => { throw Object.assign(new Error(`${c} ${k}: ${String(e)}`), { cause: e }); }) });
  clock.flush();
  return {
    store,
    clock,
    cluster,
    type,
    create: (obj) => {
      const created = store.create(type(obj.apiVersion, obj.kind), obj);
      clock.flush();
      return created;
    },
    get: (apiVersion, kind, namespace, name) => store.get(type(apiVersion, kind), namespace, name),
    list: (apiVersion, kind, namespace, labelSelector) => {
      const opts: { namespace?: string; labelSelector?: string } = {};
      if (namespace !== undefined) opts.namespace = namespace;
      if (labelSelector !== undefined) opts.labelSelector = labelSelector;
      return store.list(type(apiVersion, kind), opts).items;
    },
    run(ms, step = 100) {
      for (let t = 0; t < ms; t += step) clock.advance(Math.min(step, ms - t));
      clock.flush();
    },
    events: (namespace, involvedName) =>
      store.list(type('v1', 'Event'), { namespace }).items.filter((e) => !involvedName || (e.involvedObject as { name?: string }).name === involvedName),
    stop: () => cluster.stop(),
  };
}

/** A minimal Deployment. */
export function deployment(name: string, opts: { replicas?: number; image?: string; namespace?: string; strategy?: unknown; extra?: Record<string, unknown>; podSpec?: Record<string, unknown>; annotations?: Record<string, string> } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: opts.namespace ?? 'default' },
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      ...(opts.strategy ? { strategy: opts.strategy } : {}),
      template: {
        metadata: { labels: { app: name }, ...(opts.annotations ? { annotations: opts.annotations } : {}) },
        spec: { containers: [{ name: 'app', image: opts.image ?? 'nginx:1.25' }], ...opts.podSpec },
      },
      ...opts.extra,
    },
  };
}

/** A minimal Pod. */
export function pod(name: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...meta }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...spec } };
}
