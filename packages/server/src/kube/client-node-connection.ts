/**
 * The `ClusterConnection` adapter over @kubernetes/client-node, built from kubeconfig text.
 */
import { HttpMethod, Watch, type KubeConfig } from '@kubernetes/client-node';
import type {
  ApplyOptions,
  ClusterConnection,
  ClusterVersion,
  DeleteOptions,
  Informer,
  KubeObject,
  NamespaceSummary,
  NodeSummary,
  ObjectKind,
  ObjectList,
  ObjectRef,
  PodLogOptions,
  PruneOptions,
  Selection,
} from './cluster-connection.js';
import { refOf } from './cluster-connection.js';
import { isNotFound, toClusterError } from './errors.js';
import { ListWatchInformer, type InformerTiming, type WatchEvent, type WatchSource } from './informer.js';
import { loadKubeconfig, type KubeconfigTrust } from './kubeconfig.js';
import { RawObjectApi } from './object-client.js';
import { streamPodLogs } from './pod-logs.js';
import { pruneObjects } from './prune.js';
import { applyOrder } from './apply-order.js';
import { summarizeNamespace, summarizeNode } from './summaries.js';

/** Options of a connection. */
export interface ConnectionOptions extends KubeconfigTrust {
  /** Limit of every request except watches and followed logs (default 30 s). */
  requestTimeoutMs?: number;
  /** Field manager of apply and prune (default `berth`). */
  fieldManager?: string;
  /** Backoff and delay of informers. */
  informer?: InformerTiming;
  /** Page size of lists (default 500). */
  pageSize?: number;
}

/** Connect to the cluster a kubeconfig (text, never a path) points at. Nothing is sent until the first call. */
export function connectToCluster(kubeconfig: string, options: ConnectionOptions = {}): ClusterConnection {
  return new ClientNodeConnection(loadKubeconfig(kubeconfig, options).config, options);
}

/** A {@link ClusterConnection} over @kubernetes/client-node. */
export class ClientNodeConnection implements ClusterConnection {
  private readonly api: RawObjectApi;
  private readonly timeoutMs: number;
  private readonly fieldManager: string;
  private readonly pageSize: number;
  private readonly informers = new Set<ListWatchInformer>();

  constructor(
    private readonly kc: KubeConfig,
    private readonly options: ConnectionOptions = {},
  ) {
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.fieldManager = options.fieldManager ?? 'berth';
    this.pageSize = options.pageSize ?? 500;
    this.api = RawObjectApi.forConfig(kc, this.timeoutMs);
  }

  async version(): Promise<ClusterVersion> {
    return this.call('get the server version', () =>
      this.api.send<ClusterVersion>(HttpMethod.GET, '/version'),
    );
  }

  async listNodes(): Promise<NodeSummary[]> {
    const { items } = await this.list({ apiVersion: 'v1', kind: 'Node' });
    return items.map(summarizeNode);
  }

  async listNamespaces(): Promise<NamespaceSummary[]> {
    const { items } = await this.list({ apiVersion: 'v1', kind: 'Namespace' });
    return items.map(summarizeNamespace);
  }

  async ensureNamespace(name: string, labels: Record<string, string> = {}): Promise<KubeObject> {
    const [ns] = await this.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }]);
    return ns!;
  }

  async apply(objects: readonly KubeObject[], options: ApplyOptions = {}): Promise<KubeObject[]> {
    const results = new Array<KubeObject>(objects.length);
    for (const index of applyOrder(objects)) {
      const obj = objects[index]!;
      const what = `apply ${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
      results[index] = await this.call(what, () =>
        this.api.applyObject<KubeObject>(
          { ...obj, metadata: { ...obj.metadata } },
          options.fieldManager ?? this.fieldManager,
          options.force ?? true,
          options.dryRun ?? false,
        ),
      );
    }
    return results;
  }

  async create(obj: KubeObject): Promise<KubeObject> {
    return this.call(`create ${describeRef(refOf(obj))}`, async () => {
      const path = await this.api.pathOf(obj, 'create');
      return this.api.send<KubeObject>(HttpMethod.POST, path, { body: obj });
    });
  }

  async replace(obj: KubeObject): Promise<KubeObject> {
    return this.call(`replace ${describeRef(refOf(obj))}`, async () => {
      const path = await this.api.pathOf(obj, 'read');
      return this.api.send<KubeObject>(HttpMethod.PUT, path, { body: obj });
    });
  }

  async delete(ref: ObjectRef, options: DeleteOptions = {}): Promise<boolean> {
    try {
      await this.call(`delete ${describeRef(ref)}`, async () => {
        const path = await this.api.pathOf(
          {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            metadata: { name: ref.name, namespace: ref.namespace },
          },
          'delete',
        );
        await this.api.send(HttpMethod.DELETE, path, {
          query: {
            dryRun: options.dryRun ? 'All' : undefined,
            gracePeriodSeconds: options.gracePeriodSeconds,
          },
          body: {
            apiVersion: 'v1',
            kind: 'DeleteOptions',
            propagationPolicy: options.propagationPolicy ?? 'Background',
          },
        });
      });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async list(kind: ObjectKind, selection: Selection = {}): Promise<ObjectList> {
    return this.call(
      `list ${kind.kind}${selection.namespace ? ` in ${selection.namespace}` : ''}`,
      async () => {
        const path = await this.api.pathOf({ ...kind, metadata: { namespace: selection.namespace } }, 'list');
        const items: KubeObject[] = [];
        let resourceVersion = '';
        let next: string | undefined;
        do {
          const page = await this.api.send<{
            items?: KubeObject[];
            metadata?: { resourceVersion?: string; continue?: string };
          }>(HttpMethod.GET, path, {
            query: {
              labelSelector: selection.labelSelector,
              fieldSelector: selection.fieldSelector,
              limit: this.pageSize,
              continue: next,
            },
          });
          // List items carry no apiVersion/kind on the wire: put them back.
          for (const item of page.items ?? [])
            items.push({ ...item, apiVersion: kind.apiVersion, kind: kind.kind });
          resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
          next = page.metadata?.continue || undefined;
        } while (next);
        return { items, resourceVersion };
      },
    );
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    try {
      return await this.call(`get ${describeRef(ref)}`, async () => {
        const path = await this.api.pathOf(
          {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            metadata: { name: ref.name, namespace: ref.namespace },
          },
          'read',
        );
        return this.api.send<KubeObject>(HttpMethod.GET, path);
      });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  podLogs(namespace: string, pod: string, options: PodLogOptions = {}): AsyncIterable<string> {
    return streamPodLogs(this.kc, namespace, pod, options, this.timeoutMs);
  }

  async events(namespace: string, involvedObject: Partial<ObjectRef> = {}): Promise<KubeObject[]> {
    const fields = [
      involvedObject.kind && `involvedObject.kind=${involvedObject.kind}`,
      involvedObject.name && `involvedObject.name=${involvedObject.name}`,
      involvedObject.apiVersion && `involvedObject.apiVersion=${involvedObject.apiVersion}`,
    ].filter(Boolean);
    const { items } = await this.list(
      { apiVersion: 'v1', kind: 'Event' },
      { namespace, fieldSelector: fields.length > 0 ? fields.join(',') : undefined },
    );
    return items.sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
  }

  watch(kind: ObjectKind, selection: Selection = {}): Informer {
    const informer = new ListWatchInformer(this.watchSource(kind, selection), this.options.informer);
    this.informers.add(informer);
    const stop = informer.stop.bind(informer);
    informer.stop = () => {
      this.informers.delete(informer);
      stop();
    };
    return informer;
  }

  prune(
    namespace: string,
    labelSelector: string,
    keep: Iterable<ObjectRef>,
    options: PruneOptions = {},
  ): Promise<ObjectRef[]> {
    return pruneObjects(this, namespace, labelSelector, keep, {
      fieldManager: this.fieldManager,
      ...options,
    });
  }

  close(): void {
    for (const informer of [...this.informers]) informer.stop();
  }

  private watchSource(kind: ObjectKind, selection: Selection): WatchSource {
    const watcher = new Watch(this.kc);
    return {
      list: () => this.list(kind, selection),
      watch: async (resourceVersion, onEvent, onEnd) => {
        const path = await this.call(`watch ${kind.kind}`, () =>
          this.api.pathOf({ ...kind, metadata: { namespace: selection.namespace } }, 'list'),
        );
        const controller = await watcher.watch(
          path,
          {
            resourceVersion,
            allowWatchBookmarks: true,
            labelSelector: selection.labelSelector,
            fieldSelector: selection.fieldSelector,
          },
          (type: string, object: unknown) => {
            const obj = object as KubeObject;
            if (type !== 'ERROR' && type !== 'BOOKMARK' && obj && typeof obj === 'object') {
              obj.apiVersion ??= kind.apiVersion;
              obj.kind ??= kind.kind;
            }
            onEvent({ type, object: obj } as WatchEvent);
          },
          (err: unknown) => {
            const status = (err as { statusCode?: number } | null)?.statusCode;
            if (typeof status === 'number') onEnd(toClusterError({ code: status }, `watch ${kind.kind}`));
            else onEnd(err ?? undefined);
          },
        );
        return () => controller.abort();
      },
    };
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toClusterError(err, what);
    }
  }
}

function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function eventTime(e: KubeObject): string {
  const v = (e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '') as string;
  return typeof v === 'string' ? v : '';
}
