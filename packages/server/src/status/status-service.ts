/**
 * Live status of applications: one {@link ClusterStatusWatch} per cluster (started on first
 * use, shared by every application there), the status document, a debounced subscription that
 * fires only when the assessment changes, and pod logs restricted to the application's pods.
 */
import { LABELS } from '@berth/core';
import type { Logger } from 'pino';
import type { DeploymentHistory, Deployment } from '../delivery/deployments.js';
import { NotFoundError } from '../http/errors.js';
import type { ClusterRegistry, PodLogOptions } from '../kube/cluster-connection.js';
import { assessmentOf, buildAppStatus, type AppStatus } from './app-status.js';
import { appKey, ClusterStatusWatch } from './cluster-watch.js';

/** What the status service needs. */
export interface StatusDeps {
  clusters: ClusterRegistry;
  deployments: DeploymentHistory;
  logger: Logger;
  now: () => Date;
  /** Quiet time before a change is assessed and sent (default 50 ms). */
  debounceMs?: number;
}

/** Which application, in which environment (the latest deployed one when absent). */
export interface AppRef {
  workspace: string;
  app: string;
  environment?: string;
}

interface WatchEntry {
  /** Resolves once every informer listed (never, while the cluster does not answer). */
  started: Promise<ClusterStatusWatch>;
  /** Set as soon as the connection exists, so `close` can stop a watch still starting. */
  watch?: ClusterStatusWatch;
}

/** Serves application status from per-cluster informers. */
export class StatusService {
  private readonly watches = new Map<string, WatchEntry>();
  private readonly debounceMs: number;
  private closed = false;

  constructor(private readonly deps: StatusDeps) {
    this.debounceMs = deps.debounceMs ?? 50;
  }

  /** The cluster's watch, started on first use. */
  watchOf(cluster: string): Promise<ClusterStatusWatch> {
    let entry = this.watches.get(cluster);
    if (!entry) {
      const created = {} as WatchEntry;
      created.started = (async () => {
        const connection = await this.deps.clusters.get(cluster);
        if (this.closed) throw new Error('the status service is closed');
        const watch = new ClusterStatusWatch(connection, this.deps.logger.child({ cluster }));
        created.watch = watch;
        await watch.start();
        return watch;
      })();
      created.started.catch(() => {
        if (this.watches.get(cluster) === created) this.watches.delete(cluster);
      });
      this.watches.set(cluster, created);
      entry = created;
    }
    return entry.started;
  }

  private async deploymentOf(ref: AppRef): Promise<Deployment> {
    const deployment = await this.deps.deployments.current(ref.workspace, ref.app, ref.environment);
    if (!deployment) {
      throw new NotFoundError(
        ref.environment
          ? `application ${ref.app} is not deployed to environment ${ref.environment}`
          : `application ${ref.app} is not deployed to any environment`,
      );
    }
    return deployment;
  }

  /** The current status. */
  async status(ref: AppRef): Promise<AppStatus> {
    const deployment = await this.deploymentOf(ref);
    const watch = await this.watchOf(deployment.cluster);
    return this.assess(deployment, watch);
  }

  private assess(deployment: Deployment, watch: ClusterStatusWatch): AppStatus {
    const live = watch.objectsOf(deployment.namespace, deployment.app, deployment.environment);
    return buildAppStatus(deployment, live, watch.eventsOf(deployment.namespace), this.deps.now());
  }

  /**
   * Send the current status to `send`, then each new one whose assessment differs, debounced;
   * stops when `signal` aborts.
   */
  async subscribe(ref: AppRef, send: (status: AppStatus) => void, signal: AbortSignal): Promise<void> {
    let deployment = await this.deploymentOf(ref);
    const watch = await this.watchOf(deployment.cluster);
    let last = '';
    let timer: NodeJS.Timeout | undefined;
    const emit = async () => {
      timer = undefined;
      if (signal.aborted) return;
      const latest = await this.deps.deployments.current(ref.workspace, ref.app, deployment.environment);
      if (latest) deployment = latest;
      const status = this.assess(deployment, watch);
      const fingerprint = assessmentOf(status);
      if (fingerprint === last) return;
      last = fingerprint;
      send(status);
    };
    await emit();
    const off = watch.onChange(appKey(deployment.namespace, deployment.app, deployment.environment), () => {
      timer ??= setTimeout(() => void emit().catch((err: unknown) => this.deps.logger.warn({ err }, 'status assessment failed')), this.debounceMs);
    });
    signal.addEventListener(
      'abort',
      () => {
        off();
        if (timer) clearTimeout(timer);
      },
      { once: true },
    );
  }

  /** Log lines of a pod of the application (404 for any other pod). */
  async podLogs(ref: AppRef, pod: string, options: PodLogOptions): Promise<AsyncIterable<string>> {
    const deployment = await this.deploymentOf(ref);
    const cluster = await this.deps.clusters.get(deployment.cluster);
    const found = await cluster.get({ apiVersion: 'v1', kind: 'Pod', name: pod, namespace: deployment.namespace });
    if (!found || found.metadata.labels?.[LABELS.app] !== ref.app) {
      throw new NotFoundError(`pod ${pod} is not a pod of application ${ref.app} in ${deployment.environment}`);
    }
    return cluster.podLogs(deployment.namespace, pod, options);
  }

  /** Stop every watch, those still waiting for an unreachable cluster too. */
  async close(): Promise<void> {
    this.closed = true;
    const entries = [...this.watches.values()];
    this.watches.clear();
    for (const entry of entries) {
      entry.watch?.stop(); // a watch still starting then rejects instead of waiting on
      (await entry.started.catch(() => undefined))?.stop();
    }
  }
}
