/**
 * Cluster access: the `ClusterConnection` port, its @kubernetes/client-node adapter
 * (`connectToCluster(kubeconfigText)`), the informer, and typed errors.
 */
export * from './cluster-connection.js';
export { connectToCluster, ClientNodeConnection, type ConnectionOptions } from './client-node-connection.js';
export {
  KubeApiError,
  ClusterUnreachableError,
  KubeconfigError,
  isNotFound,
  isGone,
  isConflict,
  type KubeStatusCause,
} from './errors.js';
export { loadKubeconfig, type KubeconfigTrust, type KubeconfigSummary } from './kubeconfig.js';
export {
  ListWatchInformer,
  sleep,
  type InformerTiming,
  type WatchEvent,
  type WatchSource,
} from './informer.js';
export {
  LeaderElector,
  DEFAULT_LEADER_ELECTION,
  type LeaderElectionTiming,
  type LeaderElectorOptions,
  type LeaseClient,
} from './leader-election.js';
export { pruneObjects, appliedBy } from './prune.js';
export { applyOrder } from './apply-order.js';
export { summarizeNode, summarizeNamespace } from './summaries.js';
export { CachedClusterRegistry, UnknownClusterError, type KubeconfigLookup } from './cluster-registry.js';
