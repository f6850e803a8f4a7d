/**
 * The status capability: per-cluster informers, the status routes, the SSE stream and pod logs;
 * with a health ledger, also the recorder of every deployed application's last known health —
 * written, per cluster, only by the replica elected through the cluster's watcher Lease. Every
 * replica keeps its own informers, so each serves live status and SSE to its own clients.
 */
import type { Capability, PlatformDeps } from '../app.js';
import { DeploymentHistory } from '../delivery/deployments.js';
import { clustersOf } from '../clusters/capability.js';
import type { ClusterRegistry } from '../kube/cluster-connection.js';
import { DeploymentFeed } from './deployment-feed.js';
import { type HealthLedger, HealthRecorder, type HealthRecorderTiming } from './health-recorder.js';
import { registerStatusRoutes } from './routes.js';
import { StatusService } from './status-service.js';
import { WatcherElections } from './watcher-elections.js';

/** Options of {@link createStatusCapability}. */
export interface StatusCapabilityOptions {
  /** Cluster name → connection; default: the clusters capability's connections. */
  clusters?: ClusterRegistry;
  debounceMs?: number;
  /** Receives the service (for tests and benchmarks). */
  onService?: (service: StatusService) => void;
  /**
   * Where the last known health of deployed applications is written (the apps capability's
   * health store); without it, no recorder runs.
   */
  healthFor?(deps: PlatformDeps): HealthLedger;
  /** Timings of the health recorder. */
  health?: HealthRecorderTiming;
  /** Receives the watcher elections (for tests). */
  onElections?: (elections: WatcherElections) => void;
}

/** A status capability wired with `options`. */
export function createStatusCapability(options: StatusCapabilityOptions = {}): Capability {
  return {
    name: 'status',
    register(app, deps) {
      const logger = deps.logger.child({ capability: 'status' });
      const deployments = new DeploymentHistory(deps);
      const clusters = options.clusters ?? clustersOf(deps).connections;
      const status = new StatusService({
        clusters,
        deployments,
        logger,
        now: deps.now,
        ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
      });
      options.onService?.(status);
      deps.lifecycle.onShutdown('status informers', () => status.close());
      const ledger = options.healthFor?.(deps);
      if (ledger) {
        const { leaderLeaseSeconds, leaderRenewDeadlineSeconds, leaderRetrySeconds } = deps.config;
        const elections = new WatcherElections({
          clusters,
          logger: logger.child({ component: 'watcher-election' }),
          metrics: deps.metrics,
          timing: {
            leaseDurationMs: leaderLeaseSeconds * 1000,
            renewDeadlineMs: leaderRenewDeadlineSeconds * 1000,
            retryPeriodMs: leaderRetrySeconds * 1000,
          },
        });
        options.onElections?.(elections);
        // Registered first, so it runs after the recorder stopped: the Leases are released last.
        deps.lifecycle.onShutdown('cluster watcher leases', () => elections.close());
        const recorder = new HealthRecorder({
          leadership: elections,
          status,
          deployments,
          feed: new DeploymentFeed(deps.store),
          ledger,
          logger: logger.child({ component: 'health-recorder' }),
          now: deps.now,
          ...(options.health ? { timing: options.health } : {}),
        });
        deps.lifecycle.onStarted('application health recorder', () => recorder.start());
        deps.lifecycle.onShutdown('application health recorder', () => recorder.stop());
      }
      registerStatusRoutes(app, { status });
    },
  };
}

/** The status capability with default wiring. */
export const statusCapability: Capability = createStatusCapability();
