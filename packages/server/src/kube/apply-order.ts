/**
 * The order objects are applied in: what others depend on first (namespaces, CRDs,
 * identities, configuration, storage, services), workloads after, autoscalers and
 * ingresses last — the order Helm installs in. Stable within a rank.
 */
import type { KubeObject } from './cluster-connection.js';

const RANK: readonly string[] = [
  'Namespace',
  'CustomResourceDefinition',
  'ResourceQuota',
  'LimitRange',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'Job',
  'CronJob',
  'PodDisruptionBudget',
  'NetworkPolicy',
  'HorizontalPodAutoscaler',
  'Ingress',
];

/** Indexes of `objects` in apply order. */
export function applyOrder(objects: readonly KubeObject[]): number[] {
  const rank = (kind: string) => {
    const i = RANK.indexOf(kind);
    return i < 0 ? RANK.length : i;
  };
  return objects.map((_, i) => i).sort((a, b) => rank(objects[a]!.kind) - rank(objects[b]!.kind) || a - b);
}
