import type { KubeObject } from './kube.js';

/**
 * The order kinds are applied in, as `kubectl`/Helm do: what others depend on first
 * (namespaces, CRDs, identities, configuration, storage, services), then workloads, then
 * what points at workloads (autoscalers, ingresses). Unknown kinds come last.
 */
export const KIND_ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'PriorityClass',
  'StorageClass',
  'ServiceAccount',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'ResourceQuota',
  'LimitRange',
  'NetworkPolicy',
  'ConfigMap',
  'Secret',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Service',
  'GitRepository',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'HelmRelease',
  'Application',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'Ingress',
] as const;

function rank(kind: string): number {
  const index = (KIND_ORDER as readonly string[]).indexOf(kind);
  return index === -1 ? KIND_ORDER.length : index;
}

/** Objects sorted by kind order; objects of the same rank keep their relative order (stable sort). */
export function sortByKind(objects: readonly KubeObject[]): KubeObject[] {
  return objects
    .map((object, index) => ({ object, index }))
    .sort((a, b) => rank(a.object.kind) - rank(b.object.kind) || a.index - b.index)
    .map((entry) => entry.object);
}
