/**
 * Pruning: after a new revision is applied, delete the application's objects that the new
 * render no longer contains. Only objects the field manager applied are candidates, so a
 * PVC the StatefulSet controller created from a claim template — which carries the same
 * labels — is never deleted, nor anything another controller owns.
 */
import {
  PRUNABLE_KINDS,
  refKey,
  refOf,
  type ClusterConnection,
  type KubeObject,
  type ObjectRef,
  type PruneOptions,
} from './cluster-connection.js';
import { KubeApiError } from './errors.js';

/** True when `manager` applied (server-side apply) fields of the object. */
export function appliedBy(obj: KubeObject, manager: string): boolean {
  const managed = obj.metadata.managedFields;
  if (!Array.isArray(managed)) {
    // Servers that do not track managers: fall back to "not owned by another object".
    return !Array.isArray(obj.metadata.ownerReferences) || obj.metadata.ownerReferences.length === 0;
  }
  return managed.some(
    (m) =>
      !!m &&
      typeof m === 'object' &&
      (m as { manager?: string }).manager === manager &&
      (m as { operation?: string }).operation === 'Apply',
  );
}

/** Delete what `keep` does not name among the selected objects; returns the deleted refs. */
export async function pruneObjects(
  cluster: Pick<ClusterConnection, 'list' | 'delete'>,
  namespace: string,
  labelSelector: string,
  keep: Iterable<ObjectRef>,
  options: PruneOptions = {},
): Promise<ObjectRef[]> {
  if (!labelSelector.trim())
    throw new Error('prune needs a label selector: an empty one would select every object');
  const manager = options.fieldManager ?? 'berth';
  const kept = new Set([...keep].map((ref) => refKey({ ...ref, namespace: ref.namespace ?? namespace })));
  const deleted: ObjectRef[] = [];
  for (const kind of options.kinds ?? PRUNABLE_KINDS) {
    let items: KubeObject[];
    try {
      ({ items } = await cluster.list(kind, { namespace, labelSelector }));
    } catch (err) {
      if (err instanceof KubeApiError && err.code === 404) continue; // kind not served by this cluster
      throw err;
    }
    for (const obj of items) {
      const ref = refOf(obj);
      if (kept.has(refKey(ref)) || obj.metadata.deletionTimestamp || !appliedBy(obj, manager)) continue;
      if (await cluster.delete(ref, { propagationPolicy: 'Background', dryRun: options.dryRun }))
        deleted.push(ref);
    }
  }
  return deleted;
}
