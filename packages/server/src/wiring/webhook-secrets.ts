/** Webhook header secrets, read from a Secret in the run's namespace through the cluster port. */
import type { ClusterRegistry } from '../kube/cluster-connection.js';
import type { SecretValueSource } from '../workflow/executors/webhook.js';

/** Reads `{ secret: { name, key } }` from the target namespace; a missing Secret or key throws with the reason. */
export function clusterSecretSource(clusters: ClusterRegistry): SecretValueSource {
  return {
    async read(target, ref) {
      const cluster = await clusters.get(target.cluster);
      const secret = await cluster.get({ apiVersion: 'v1', kind: 'Secret', name: ref.name, namespace: target.namespace });
      if (!secret) throw new Error(`Secret ${ref.name} not found in namespace ${target.namespace}`);
      const data = (secret.data ?? {}) as Record<string, string>;
      const value = data[ref.key];
      if (value === undefined) throw new Error(`Secret ${ref.name} has no key ${ref.key}`);
      return Buffer.from(value, 'base64').toString('utf8');
    },
  };
}
