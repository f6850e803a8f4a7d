/**
 * One watcher per cluster: every replica campaigns, per cluster it watches, for the Lease
 * `berth-system/berth-watcher` in that cluster; only the holder does the per-cluster work that
 * must happen once (recording application health). The gauge
 * `berth_cluster_watcher_leader{cluster}` shows 1 where this replica leads.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { ClusterRegistry, Unsubscribe } from '../kube/cluster-connection.js';
import { LeaderElector, type LeaderElectionTiming, type LeaseClient } from '../kube/leader-election.js';

/** The namespace Berth owns in every cluster it watches; created when missing. */
export const BERTH_NAMESPACE = 'berth-system';
/** The name of the per-cluster watcher Lease. */
export const WATCHER_LEASE = 'berth-watcher';

/** This replica's standing in one cluster's election. */
export interface ClusterElection {
  /** This replica does the cluster's once-only work (it holds the Lease, or the cluster refused Leases). */
  readonly leading: boolean;
  /** The cluster did not answer the last Lease request (or none was made yet): nobody can be elected through it. */
  readonly cutOff: boolean;
  /** Call `listener` whenever {@link leading} changes. */
  onChange(listener: () => void): Unsubscribe;
}

/** Per-cluster elections of a replica. */
export interface ClusterLeadership {
  /** The replica's election in `cluster`, campaigning from the first call. */
  of(cluster: string): ClusterElection;
}

/** Options of {@link WatcherElections}. */
export interface WatcherElectionsOptions {
  clusters: Pick<ClusterRegistry, 'get'>;
  logger: Logger;
  /** Where the leader gauge is registered. */
  metrics: Registry;
  timing?: Partial<LeaderElectionTiming>;
  /** `holderIdentity` of this replica (default {@link replicaIdentity}). */
  identity?: string;
  /** Default {@link BERTH_NAMESPACE}. */
  namespace?: string;
  /** Default {@link WATCHER_LEASE}. */
  leaseName?: string;
}

/** `hostname_pid_random`: unique per process, readable in `kubectl get lease`. */
export function replicaIdentity(): string {
  return `${hostname()}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

const GAUGE = 'berth_cluster_watcher_leader';

/** The elections of this replica, one per cluster, started on first use. */
export class WatcherElections implements ClusterLeadership {
  /** This replica's `holderIdentity`. */
  readonly identity: string;
  private readonly electors = new Map<string, LeaderElector>();
  private readonly gauge: Gauge<'cluster'>;
  private closed = false;

  constructor(private readonly options: WatcherElectionsOptions) {
    this.identity = options.identity ?? replicaIdentity();
    this.gauge =
      (options.metrics.getSingleMetric(GAUGE) as Gauge<'cluster'> | undefined) ??
      new Gauge({
        name: GAUGE,
        help: '1 when this replica is the elected watcher of the cluster (writes its application health), else 0',
        labelNames: ['cluster'] as const,
        registers: [options.metrics],
      });
  }

  of(cluster: string): LeaderElector {
    let elector = this.electors.get(cluster);
    if (!elector) {
      const { clusters, logger, namespace, leaseName, timing } = this.options;
      const connection = () => clusters.get(cluster);
      // The registry connects lazily; an unknown or unreachable cluster is a failed attempt, retried.
      const client: LeaseClient = {
        get: async (ref) => (await connection()).get(ref),
        create: async (obj) => (await connection()).create(obj),
        replace: async (obj) => (await connection()).replace(obj),
        ensureNamespace: async (name, labels) => (await connection()).ensureNamespace(name, labels),
      };
      const created = new LeaderElector({
        cluster: client,
        namespace: namespace ?? BERTH_NAMESPACE,
        name: leaseName ?? WATCHER_LEASE,
        identity: this.identity,
        logger: logger.child({ cluster }),
        ...(timing ? { timing } : {}),
      });
      this.gauge.set({ cluster }, 0);
      created.onChange(() => this.gauge.set({ cluster }, created.leading ? 1 : 0));
      this.electors.set(cluster, created);
      if (!this.closed) created.start();
      elector = created;
    }
    return elector;
  }

  /** Stops every election, releasing the Leases this replica holds so others take over at once. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.electors.values()].map((e) => e.stop()));
  }
}
