import type { ClusterConnection, ClusterRegistry } from '../kube/cluster-connection.js';
import { UnknownClusterError } from '../kube/cluster-registry.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { ClusterStore } from './cluster-store.js';

/** Scope of cluster kubeconfigs in the {@link SecretStore}. */
export const KUBECONFIG_SECRET_SCOPE = 'cluster';

/** Builds a connection from kubeconfig text (the kube port's `connectToCluster` in production). */
export type ConnectCluster = (kubeconfig: string) => ClusterConnection;

/** What {@link ClusterConnections} needs. */
export interface ClusterConnectionsDeps {
  clusters: ClusterStore;
  secrets: SecretStore;
  connect: ConnectCluster;
}

interface Cached {
  version: number;
  connection: Promise<ClusterConnection>;
}

/**
 * Registered cluster name → `ClusterConnection`, for every capability that talks to clusters
 * (workflow, delivery, status). Connections are cached and rebuilt when the cluster's kubeconfig
 * changes — also when another replica changed it, since each `get` compares the stored
 * `kubeconfig_version` (one small query).
 *
 * @example
 * const cluster = await connections.get('sandbox');
 * await cluster.apply(objects);
 */
export class ClusterConnections implements ClusterRegistry {
  readonly #cache = new Map<string, Cached>();

  constructor(private readonly deps: ClusterConnectionsDeps) {}

  /** The connection to a registered cluster; throws `UnknownClusterError` when there is none. */
  async get(name: string): Promise<ClusterConnection> {
    const version = await this.deps.clusters.kubeconfigVersion(name);
    if (version === undefined) {
      this.forget(name);
      throw new UnknownClusterError(name);
    }
    const cached = this.#cache.get(name);
    if (cached && cached.version === version) return cached.connection;
    if (cached) this.forget(name);
    const connection = this.deps.secrets.get(KUBECONFIG_SECRET_SCOPE, name).then((text) => {
      if (text === undefined) throw new UnknownClusterError(name);
      return this.deps.connect(text.toString('utf8'));
    });
    const entry = { version, connection };
    this.#cache.set(name, entry);
    connection.catch(() => {
      if (this.#cache.get(name) === entry) this.#cache.delete(name);
    });
    return connection;
  }

  /** Drops (and closes) the cached connection of a cluster. */
  forget(name: string): void {
    const cached = this.#cache.get(name);
    this.#cache.delete(name);
    cached?.connection.then(
      (c) => c.close(),
      () => undefined,
    );
  }

  /** Closes every cached connection (at shutdown). */
  closeAll(): void {
    for (const name of [...this.#cache.keys()]) this.forget(name);
  }
}
