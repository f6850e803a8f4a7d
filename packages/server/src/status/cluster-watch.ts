/**
 * One set of informers per cluster, shared by every application deployed there: the kinds
 * Berth deploys (filtered by `app.kubernetes.io/managed-by=berth`) and Warning events, indexed
 * by application, environment and namespace. Listeners hear which application changed.
 */
import { LABELS, type ClusterEvent, type KubeObject } from '@berth/core';
import type { Logger } from 'pino';
import type { ClusterConnection, Informer, ObjectKind } from '../kube/cluster-connection.js';

/** The kinds whose objects make up an application's status. */
export const WATCHED_KINDS: readonly ObjectKind[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'batch/v1', kind: 'CronJob' },
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
];

const MANAGED = `${LABELS.managedBy}=berth`;
const EVENTS_PER_NAMESPACE = 200;

/** `namespace/app/environment`: the key of one application in one environment. */
export function appKey(namespace: string, app: string, environment: string): string {
  return `${namespace}/${app}/${environment}`;
}

function objectKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.kind}/${obj.metadata.name}`;
}

function keyOfObject(obj: KubeObject): string | undefined {
  const labels = obj.metadata.labels ?? {};
  const app = labels[LABELS.app];
  const env = labels[LABELS.environment];
  if (!app || env === undefined || !obj.metadata.namespace) return undefined;
  return appKey(obj.metadata.namespace, app, env);
}

/** The live objects of one cluster that Berth manages, by application. */
export class ClusterStatusWatch {
  private readonly byApp = new Map<string, Map<string, KubeObject>>();
  private readonly appOf = new Map<string, string>();
  private readonly events = new Map<string, KubeObject[]>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly anyListeners = new Set<(key: string) => void>();
  private readonly errorListeners = new Set<(err: Error) => void>();
  private readonly informers: Informer[] = [];

  constructor(
    private readonly cluster: ClusterConnection,
    private readonly logger: Logger,
  ) {}

  /** Start every informer; resolves when each has listed once. */
  async start(): Promise<void> {
    for (const kind of WATCHED_KINDS) {
      const informer = this.cluster.watch(kind, { labelSelector: MANAGED });
      informer.on('add', (o) => this.upsert(o));
      informer.on('update', (o) => this.upsert(o));
      informer.on('delete', (o) => this.remove(o));
      informer.on('error', (err) => {
        this.logger.warn({ kind: kind.kind, err: err.message }, 'status watch failed; retrying');
        this.failed(err);
      });
      this.informers.push(informer);
    }
    const events = this.cluster.watch({ apiVersion: 'v1', kind: 'Event' });
    events.on('add', (e) => this.recordEvent(e));
    events.on('update', (e) => this.recordEvent(e));
    events.on('error', (err) => {
      this.logger.warn({ err: err.message }, 'event watch failed; retrying');
      this.failed(err);
    });
    this.informers.push(events);
    await Promise.all(this.informers.map((i) => i.start()));
  }

  stop(): void {
    for (const i of this.informers) i.stop();
    this.listeners.clear();
    this.anyListeners.clear();
    this.errorListeners.clear();
  }

  /** True when the cluster answers (`GET /version`) within `timeoutMs`. */
  async reachable(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.cluster.version().then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
      ]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The live objects (pods included) of an application in one environment. */
  objectsOf(namespace: string, app: string, environment: string): KubeObject[] {
    return [...(this.byApp.get(appKey(namespace, app, environment))?.values() ?? [])];
  }

  /** Recent Warning events of a namespace, oldest first. */
  eventsOf(namespace: string): ClusterEvent[] {
    return (this.events.get(namespace) ?? []) as unknown as ClusterEvent[];
  }

  /** Call `listener` whenever an object or event of that application changes. */
  onChange(key: string, listener: () => void): () => void {
    const set = this.listeners.get(key) ?? new Set();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  /** Call `listener` with the key (see {@link appKey}) of every application whose objects or events change. */
  onAnyChange(listener: (key: string) => void): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  /** Call `listener` when a list or watch of the cluster fails (the informers keep retrying). */
  onError(listener: (err: Error) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  private failed(err: Error): void {
    for (const l of this.errorListeners) l(err);
  }

  private notify(key: string | undefined): void {
    if (!key) return;
    for (const l of this.listeners.get(key) ?? []) l();
    for (const l of this.anyListeners) l(key);
  }

  private upsert(obj: KubeObject): void {
    const id = objectKey(obj);
    const previous = this.appOf.get(id);
    const key = keyOfObject(obj);
    if (previous && previous !== key) {
      this.byApp.get(previous)?.delete(id);
      this.notify(previous);
    }
    if (!key) {
      this.appOf.delete(id);
      return;
    }
    this.appOf.set(id, key);
    const objects = this.byApp.get(key) ?? new Map<string, KubeObject>();
    objects.set(id, obj);
    this.byApp.set(key, objects);
    this.notify(key);
  }

  private remove(obj: KubeObject): void {
    const id = objectKey(obj);
    const key = this.appOf.get(id);
    this.appOf.delete(id);
    if (!key) return;
    const objects = this.byApp.get(key);
    objects?.delete(id);
    if (objects && objects.size === 0) this.byApp.delete(key);
    this.notify(key);
  }

  private recordEvent(event: KubeObject): void {
    if ((event as { type?: string }).type !== 'Warning') return;
    const namespace = event.metadata.namespace ?? '';
    const list = (this.events.get(namespace) ?? []).filter((e) => e.metadata.name !== event.metadata.name);
    list.push(event);
    if (list.length > EVENTS_PER_NAMESPACE) list.splice(0, list.length - EVENTS_PER_NAMESPACE);
    this.events.set(namespace, list);
    const io = (event as { involvedObject?: { kind?: string; name?: string } }).involvedObject;
    if (io?.kind && io.name) this.notify(this.appOf.get(`${namespace}/${io.kind}/${io.name}`));
  }
}
