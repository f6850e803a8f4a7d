/** A {@link ClusterRegistry} that connects lazily from stored kubeconfig text and caches connections. */
import type { ClusterConnection, ClusterRegistry } from './cluster-connection.js';

/** Finds a cluster's kubeconfig text (decrypted) by name; undefined when no such cluster. */
export type KubeconfigLookup = (name: string) => Promise<string | undefined>;

/** Thrown when a cluster name is not registered. */
export class UnknownClusterError extends Error {
  override readonly name = 'UnknownClusterError';
  constructor(readonly cluster: string) {
    super(`No cluster named "${cluster}" is registered`);
  }
}

/** Connections by cluster name, created on first use with `connect` and kept until `forget`. */
export class CachedClusterRegistry implements ClusterRegistry {
  private readonly connections = new Map<string, Promise<ClusterConnection>>();

  constructor(
    private readonly lookup: KubeconfigLookup,
    private readonly connect: (kubeconfig: string) => ClusterConnection,
  ) {}

  get(name: string): Promise<ClusterConnection> {
    let pending = this.connections.get(name);
    if (!pending) {
      pending = this.lookup(name).then((text) => {
        if (text === undefined) throw new UnknownClusterError(name);
        return this.connect(text);
      });
      pending.catch(() => this.connections.delete(name));
      this.connections.set(name, pending);
    }
    return pending;
  }

  forget(name: string): void {
    const pending = this.connections.get(name);
    this.connections.delete(name);
    pending?.then(
      (c) => c.close(),
      () => undefined,
    );
  }
}
