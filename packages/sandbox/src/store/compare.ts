/**
 * Structural comparisons of stored objects: JSON equality and the "did anything but metadata and
 * status change" test behind `metadata.generation`.
 */
import type { KubeObject, ResourceType } from './types.js';

/**
 * Kinds whose registry strategy manages `metadata.generation` (1 on create, +1 on a spec change).
 * Others (ConfigMap, Secret, Service, Namespace, Pod before 1.33, RBAC...) have no generation.
 */
const GENERATION_KINDS = new Set([
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  'batch/cronjobs',
  'autoscaling/horizontalpodautoscalers',
  'networking.k8s.io/ingresses',
  'networking.k8s.io/networkpolicies',
  'policy/poddisruptionbudgets',
  'networking.k8s.io/ingressclasses',
  'policy/poddisruptionbudgets',
  'apiextensions.k8s.io/customresourcedefinitions',
  'admissionregistration.k8s.io/validatingwebhookconfigurations',
  'admissionregistration.k8s.io/mutatingwebhookconfigurations',
]);

/** True when the kind tracks `metadata.generation` (the built-ins above and every custom resource). */
export function tracksGeneration(type: ResourceType): boolean {
  return type.schema !== undefined || GENERATION_KINDS.has(`${type.group}/${type.resource}`);
}

/** True when anything other than metadata (and status, for kinds with a status subresource) differs. */
export function specChanged(old: KubeObject, next: KubeObject, hasStatus: boolean): boolean {
  const keys = new Set([...Object.keys(old), ...Object.keys(next)]);
  for (const k of keys) {
    if (k === 'metadata' || k === 'apiVersion' || k === 'kind') continue;
    if (k === 'status' && hasStatus) continue;
    if (!deepEqual(old[k], next[k])) return true;
  }
  return false;
}

/** Structural equality of JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}
