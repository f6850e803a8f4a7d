/**
 * Records the last known health of every deployed application environment, for the application
 * list: it watches each cluster that has deployments (through the status service's shared
 * informers), re-assesses an application when its objects or events change (debounced), and
 * writes only when the verdict changed. A cluster that does not answer makes its applications
 * Unknown, with the reason, until it answers again; objects that are gone make them Missing
 * (core's rules). New deliveries are found by polling the deployments table.
 *
 * With several replicas, only the elected watcher of a cluster (see `watcher-elections.ts`)
 * writes the health of that cluster's applications; the others assess but do not write. A
 * replica that gains the lead re-records every application of the cluster (the store writes
 * only what differs), and the leader does so every `resyncMs` too. One exception: when the
 * cluster answers neither the watch nor the Lease, no replica can be elected through it, so
 * every replica cut off from it may record its applications Unknown (the same verdict; the
 * store writes only a change).
 */
import type { Logger } from 'pino';
import type { AppHealthStore } from '../apps/health-store.js';
import type { Deployment, DeploymentHistory } from '../delivery/deployments.js';
import type { ClusterStatusWatch } from './cluster-watch.js';
import type { ClusterElection, ClusterLeadership } from './watcher-elections.js';
import type { DeploymentFeed } from './deployment-feed.js';
import { type ClusterView, environmentHealth, healthFingerprint } from './environment-health.js';
import type { StatusService } from './status-service.js';
import { appKey } from './cluster-watch.js';

/** Where the recorder writes (the apps capability's health store). */
export type HealthLedger = Pick<AppHealthStore, 'record' | 'forget'>;

/** Timings of the recorder. */
export interface HealthRecorderTiming {
  /** Quiet time before changed applications are re-assessed (default 250 ms). */
  debounceMs?: number;
  /** How often the deployments table is read for new deliveries (default 1 s). */
  pollMs?: number;
  /** A cluster whose first list takes longer is reported unreachable meanwhile (default 10 s). */
  connectTimeoutMs?: number;
  /** How often an unreachable cluster is checked again (default 5 s). */
  probeMs?: number;
  /** With leadership: how often the leader re-records every application against the store (default 60 s). */
  resyncMs?: number;
}

/** What the recorder needs. */
export interface HealthRecorderDeps {
  status: Pick<StatusService, 'watchOf'>;
  deployments: Pick<DeploymentHistory, 'current'>;
  feed: DeploymentFeed;
  ledger: HealthLedger;
  logger: Logger;
  now: () => Date;
  timing?: HealthRecorderTiming;
  /** Who records which cluster; without it, this recorder records every cluster (one replica). */
  leadership?: ClusterLeadership;
}

interface Tracked {
  deployment: Deployment;
  /** The last verdict written (or found unchanged). */
  fingerprint?: string;
}

interface ClusterTrack {
  state: 'connecting' | 'ready' | 'unreachable';
  reason?: string;
  watch?: ClusterStatusWatch;
  /** Application environments deployed there, by the watch's key (namespace/app/environment). */
  byWatchKey: Map<string, Set<string>>;
  /** A reachability check is running, or the next one is scheduled. */
  probing: boolean;
  /** This replica's election in the cluster (absent: it records alone). */
  election?: ClusterElection;
}

/** Margin of the deliveries poll: rows written by a process whose clock lags are still seen. */
const POLL_MARGIN_MS = 5_000;

const keyOf = (ws: string, app: string, env: string) => JSON.stringify([ws, app, env]);
const watchKeyOf = (d: Deployment) => appKey(d.namespace, d.app, d.environment);

/** Keeps `app_health` current for every deployed application environment. */
export class HealthRecorder {
  private readonly tracked = new Map<string, Tracked>();
  private readonly clusters = new Map<string, ClusterTrack>();
  private readonly dirty = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly timing: Required<HealthRecorderTiming>;
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribes: Array<() => void> = [];
  private cursorMs = 0;
  private stopped = false;

  constructor(private readonly deps: HealthRecorderDeps) {
    this.timing = { debounceMs: 250, pollMs: 1_000, connectTimeoutMs: 10_000, probeMs: 5_000, resyncMs: 60_000, ...deps.timing };
  }

  /** Starts watching every deployed environment's cluster, then polls for new deliveries. */
  async start(): Promise<void> {
    this.cursorMs = this.deps.now().getTime();
    try {
      for (const d of await this.deps.feed.deployed()) this.markDirty(keyOf(d.workspace, d.app, d.environment));
    } finally {
      this.schedulePoll(); // new deliveries are followed even if the first read failed
      if (this.deps.leadership) this.scheduleResync();
    }
  }

  /** Stops timers and listeners; the watches belong to the status service. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    clearTimeout(this.flushTimer);
    clearTimeout(this.resyncTimer);
    for (const off of this.unsubscribes.splice(0)) off();
    for (const timer of this.timers) clearTimeout(timer);
    await this.flushing;
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.pollTimer = setTimeout(() => void this.poll().finally(() => this.schedulePoll()), this.timing.pollMs);
    this.pollTimer.unref();
  }

  private async poll(): Promise<void> {
    try {
      for (const d of await this.deps.feed.recordedSince(this.cursorMs - POLL_MARGIN_MS)) {
        this.cursorMs = Math.max(this.cursorMs, Date.parse(d.deployedAt));
        const key = keyOf(d.workspace, d.app, d.environment);
        if (this.tracked.get(key)?.deployment.runId !== d.runId) this.markDirty(key);
      }
    } catch (err) {
      this.deps.logger.warn({ err }, 'reading new deployments failed; retrying');
    }
  }

  /** The leader re-records every application of the clusters it leads, now and then. */
  private scheduleResync(): void {
    if (this.stopped) return;
    this.resyncTimer = setTimeout(() => {
      for (const cluster of this.clusters.values()) if (cluster.election?.leading) this.rerecord(cluster);
      this.scheduleResync();
    }, this.timing.resyncMs);
    this.resyncTimer.unref();
  }

  /** Forgets what was written for the cluster's applications and assesses them again: `record` writes what differs. */
  private rerecord(cluster: ClusterTrack): void {
    for (const keys of cluster.byWatchKey.values())
      for (const key of keys) {
        const tracked = this.tracked.get(key);
        if (tracked) delete tracked.fingerprint;
      }
    this.markCluster(cluster);
  }

  /** May this replica write a verdict about the cluster's applications? */
  private mayWrite(cluster: ClusterTrack | undefined, view: ClusterView | undefined): boolean {
    const election = cluster?.election;
    if (!election || election.leading) return true;
    return view !== undefined && !view.reachable && election.cutOff;
  }

  private markDirty(key: string): void {
    if (this.stopped) return;
    this.dirty.add(key);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.flushing || this.stopped || this.dirty.size === 0) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const run = this.flush();
      this.flushing = run;
      void run.finally(() => {
        this.flushing = undefined;
        this.scheduleFlush(); // what changed while this flush ran
      });
    }, this.timing.debounceMs);
    this.flushTimer.unref();
  }

  /** Re-assesses the dirty application environments, one after the other. */
  private async flush(): Promise<void> {
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) {
      if (this.stopped) return;
      try {
        await this.assess(key);
      } catch (err) {
        this.deps.logger.warn({ err, key }, 'recording application health failed');
      }
    }
  }

  /** Re-reads the environment's current delivery and records its health if the verdict changed. */
  private async assess(key: string): Promise<void> {
    const [workspace, app, environment] = JSON.parse(key) as [string, string, string];
    const deployment = await this.deps.deployments.current(workspace, app, environment);
    const previous = this.tracked.get(key);
    if (previous) this.untrack(key, previous.deployment);
    if (!deployment) {
      // The cluster it was deployed to, when known, decides who forgets it (a delete that finds nothing writes nothing).
      if (previous && !this.mayWrite(this.clusters.get(previous.deployment.cluster), undefined)) return;
      await this.deps.ledger.forget(workspace, app, environment);
      return;
    }
    const tracked: Tracked = { deployment, ...(previous?.fingerprint ? { fingerprint: previous.fingerprint } : {}) };
    this.tracked.set(key, tracked);
    const cluster = this.clusterOf(deployment.cluster);
    const watchKey = watchKeyOf(deployment);
    cluster.byWatchKey.set(watchKey, (cluster.byWatchKey.get(watchKey) ?? new Set()).add(key));
    if (cluster.state === 'connecting') return; // assessed once it answers, or reported unreachable
    const view: ClusterView =
      cluster.state === 'ready' && cluster.watch
        ? {
            reachable: true,
            objects: cluster.watch.objectsOf(deployment.namespace, deployment.app, deployment.environment),
            events: cluster.watch.eventsOf(deployment.namespace),
          }
        : { reachable: false, reason: cluster.reason ?? `cluster ${deployment.cluster} is unreachable` };
    const report = environmentHealth(deployment, view, this.deps.now());
    const fingerprint = healthFingerprint(report);
    if (fingerprint === tracked.fingerprint) return;
    if (!this.mayWrite(cluster, view)) return; // another replica records this cluster
    const outcome = await this.deps.ledger.record(report);
    if (outcome === 'gone') this.untrack(key, deployment);
    else tracked.fingerprint = fingerprint;
  }

  private untrack(key: string, deployment: Deployment): void {
    this.tracked.delete(key);
    const keys = this.clusters.get(deployment.cluster)?.byWatchKey.get(watchKeyOf(deployment));
    keys?.delete(key);
    if (keys?.size === 0) this.clusters.get(deployment.cluster)?.byWatchKey.delete(watchKeyOf(deployment));
  }

  private clusterOf(name: string): ClusterTrack {
    let cluster = this.clusters.get(name);
    if (!cluster) {
      cluster = { state: 'connecting', byWatchKey: new Map(), probing: false };
      this.clusters.set(name, cluster);
      const election = this.deps.leadership?.of(name);
      if (election) {
        const track = cluster;
        track.election = election;
        this.unsubscribes.push(
          election.onChange(() => {
            if (election.leading) this.rerecord(track);
          }),
        );
      }
      this.connect(name, cluster);
    }
    return cluster;
  }

  private markCluster(cluster: ClusterTrack): void {
    for (const keys of cluster.byWatchKey.values()) for (const key of keys) this.markDirty(key);
  }

  private setState(name: string, cluster: ClusterTrack, state: ClusterTrack['state'], reason?: string): void {
    if (cluster.state !== state) this.deps.logger.info({ cluster: name, state, reason }, 'cluster health watch state changed');
    cluster.state = state;
    if (reason === undefined) delete cluster.reason;
    else cluster.reason = reason;
    this.markCluster(cluster);
  }

  private later(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** Starts (or joins) the cluster's watch; reports it unreachable when it does not answer in time. */
  private connect(name: string, cluster: ClusterTrack): void {
    const seconds = Math.round(this.timing.connectTimeoutMs / 1000);
    this.later(this.timing.connectTimeoutMs, () => {
      if (cluster.state === 'connecting') this.setState(name, cluster, 'unreachable', `cluster ${name} has not answered for ${seconds} s`);
    });
    this.deps.status.watchOf(name).then(
      (watch) => {
        if (this.stopped) return;
        cluster.watch = watch;
        watch.onAnyChange((watchKey) => {
          for (const key of cluster.byWatchKey.get(watchKey) ?? []) this.markDirty(key);
        });
        watch.onError(() => void this.probe(name, cluster));
        this.setState(name, cluster, 'ready');
      },
      (err: unknown) => {
        if (this.stopped) return;
        this.setState(name, cluster, 'unreachable', `cluster ${name}: ${err instanceof Error ? err.message : String(err)}`);
        this.later(this.timing.probeMs, () => this.connect(name, cluster));
      },
    );
  }

  /**
   * After a watch error: does the cluster still answer? If not, it is unreachable (its
   * applications Unknown) and checked again every `probeMs` until it answers.
   */
  private async probe(name: string, cluster: ClusterTrack): Promise<void> {
    if (cluster.probing || !cluster.watch || this.stopped) return;
    cluster.probing = true;
    const reachable = await cluster.watch.reachable(Math.min(this.timing.probeMs, 5_000));
    if (reachable) {
      cluster.probing = false;
      if (cluster.state !== 'ready') this.setState(name, cluster, 'ready');
      return;
    }
    if (cluster.state !== 'unreachable') this.setState(name, cluster, 'unreachable', `cluster ${name} is unreachable`);
    this.later(this.timing.probeMs, () => {
      cluster.probing = false;
      void this.probe(name, cluster);
    });
  }
}
