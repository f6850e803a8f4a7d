/** The status capability: per-cluster informers, the status routes, the SSE stream and pod logs. */
import type { Capability } from '../app.js';
import { DeploymentHistory } from '../delivery/deployments.js';
import { clustersOf } from '../clusters/capability.js';
import type { ClusterRegistry } from '../kube/cluster-connection.js';
import { registerStatusRoutes } from './routes.js';
import { StatusService } from './status-service.js';

/** Options of {@link createStatusCapability}. */
export interface StatusCapabilityOptions {
  /** Cluster name → connection; default: the clusters capability's connections. */
  clusters?: ClusterRegistry;
  debounceMs?: number;
  /** Receives the service (for tests and benchmarks). */
  onService?: (service: StatusService) => void;
}

/** A status capability wired with `options`. */
export function createStatusCapability(options: StatusCapabilityOptions = {}): Capability {
  return {
    name: 'status',
    register(app, deps) {
      const status = new StatusService({
        clusters: options.clusters ?? clustersOf(deps).connections,
        deployments: new DeploymentHistory(deps),
        logger: deps.logger.child({ capability: 'status' }),
        now: deps.now,
        ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
      });
      options.onService?.(status);
      deps.lifecycle.onShutdown('status informers', () => status.close());
      registerStatusRoutes(app, { status });
    },
  };
}

/** The status capability with default wiring. */
export const statusCapability: Capability = createStatusCapability();
