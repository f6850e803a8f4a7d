import { startSandboxWithGitOpsAgent } from './sandbox-with-agent.js';
import type { Capability, PlatformDeps } from '../app.js';
import { connectToCluster } from '../kube/client-node-connection.js';
import type { KubeObject } from '../kube/cluster-connection.js';
import { ClusterConnections, type ConnectCluster } from './cluster-connections.js';
import { ClusterService } from './cluster-service.js';
import { type ClusterDb, ClusterStore } from './cluster-store.js';
import { clustersMigration } from './migration.js';
import { registerClusterRoutes } from './routes.js';
import { bootSandbox, type SandboxBoot } from './sandbox-boot.js';
import { ensureWorkspaceNamespace } from './workspace-namespaces.js';

/** The clusters capability's services, shared with other capabilities through {@link clustersOf}. */
export interface Clusters {
  service: ClusterService;
  store: ClusterStore;
  /** Cluster name → connection, for workflow, delivery and status. */
  connections: ClusterConnections;
  /** Creates (and binds) a workspace's namespace on a cluster; call before the first deploy. */
  ensureWorkspaceNamespace(workspace: string, cluster: string, namespace: string): Promise<KubeObject>;
  /** Set by the start-up hook: the sandbox this process runs, and whether it was registered now. */
  sandbox: SandboxBoot;
}

const byPlatform = new WeakMap<PlatformDeps, Clusters>();
const CHECK_TIMEOUT_MS = 10_000;

/**
 * The clusters services of a platform, created on first use (one set per `PlatformDeps`).
 * Other capabilities call this in their `register` to reach `connections` or
 * `ensureWorkspaceNamespace`.
 */
export function clustersOf(deps: PlatformDeps, connect?: ConnectCluster): Clusters {
  let found = byPlatform.get(deps);
  if (!found) {
    const db = deps.store.db as unknown as ClusterDb;
    const store = new ClusterStore(db);
    const dial: ConnectCluster =
      connect ?? ((text) => connectToCluster(text, { requestTimeoutMs: CHECK_TIMEOUT_MS }));
    const connections = new ClusterConnections({
      clusters: store,
      secrets: deps.secrets,
      connect: (text) => connectToCluster(text),
    });
    const service = new ClusterService({
      clusters: store,
      secrets: deps.secrets,
      authorizer: deps.authorizer,
      connections,
      connect: dial,
      now: deps.now,
    });
    found = {
      service,
      store,
      connections,
      ensureWorkspaceNamespace: (workspace, cluster, namespace) =>
        ensureWorkspaceNamespace(
          { workspaces: deps.workspaces, clusters: store, connections },
          workspace,
          cluster,
          namespace,
        ),
      sandbox: { firstRun: false },
    };
    byPlatform.set(deps, found);
  }
  return found;
}

/**
 * Clusters: registration by kubeconfig, checks, nodes, namespaces, and the sandbox cluster at
 * start-up (`BERTH_SANDBOX=auto`), stopped at shutdown.
 */
export const clustersCapability: Capability = {
  name: 'clusters',
  migrations: [clustersMigration],
  register(app, deps) {
    const clusters = clustersOf(deps);
    registerClusterRoutes(app, { clusters: clusters.service });
    deps.lifecycle.onStarted('sandbox cluster', async () => {
      clusters.sandbox = await bootSandbox({
        sandbox: deps.config.sandbox,
        dataDir: deps.config.dataDir,
        logger: deps.logger,
        secrets: deps.secrets,
        clusters: clusters.store,
        service: clusters.service,
        startSandbox: startSandboxWithGitOpsAgent,
      });
      const { kubeconfigPath } = clusters.sandbox;
      // For the person who ran `npm start`: kubectl into the simulated cluster Berth deploys to.
      if (kubeconfigPath && deps.config.sandbox === 'auto' && process.stdout.isTTY)
        process.stdout.write(`  Sandbox cluster (simulated): export KUBECONFIG=${kubeconfigPath}\n\n`);
    });
    deps.lifecycle.onShutdown('clusters', async () => {
      clusters.connections.closeAll();
      await clusters.sandbox.sandbox?.stop();
    });
  },
};
