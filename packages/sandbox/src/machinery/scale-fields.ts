/**
 * Field ownership through the scale subresource (the apiserver's ScaleHandler): a write to
 * `/scale` touches only the parent's replicas field, recorded in the parent's managedFields as an
 * entry with `subresource: scale` and the parent's apiVersion. Such entries carry no time: the
 * handler takes times from the parent's entries, which never hold the scale write's identifier.
 */
import { ApiError, type ApplyConflict } from './errors.js';
import { pathKey, type PathKey } from './fieldset.js';
import { decodeManagedFields, encodeManagedFields, type ManagerSet } from './managed-fields.js';

/** One write through `/scale`. */
export interface ScaleWrite {
  manager: string;
  /** Update for PUT and json/merge/strategic patches, Apply for apply patches. */
  operation: 'Update' | 'Apply';
  force: boolean;
  /** apiVersion of the parent resource (`apps/v1`). */
  apiVersion: string;
  /** Where the parent keeps replicas: `.spec.replicas`, or a custom resource's specReplicasPath. */
  replicasPath: string;
  /** The write changes the replicas value. */
  changed: boolean;
  /** An apply whose Scale declares `spec.replicas`. */
  declared: boolean;
}

/** The fieldsV1 path of a `.spec.replicas`-style JSON path. */
export function replicasPathKey(path: string): PathKey {
  return pathKey(
    path
      .split('.')
      .filter(Boolean)
      .map((f) => `f:${f}`),
  );
}

/**
 * The parent's managedFields after a scale write. An Update takes replicas from every other owner
 * when it changes the value; an Apply conflicts then with the other owners (409 unless forced, the
 * fields named as Scale's `.spec.replicas` at autoscaling/v1), and co-owns an unchanged value.
 */
export function recordScaleWrite(entries: unknown, w: ScaleWrite): unknown[] {
  const sets = decodeManagedFields(entries);
  const path = replicasPathKey(w.replicasPath);
  const isMine = (s: ManagerSet): boolean =>
    s.manager === w.manager && s.operation === w.operation && s.subresource === 'scale';
  const others = sets.filter((s) => !isMine(s) && s.paths.has(path));
  if (w.operation === 'Update' && !w.changed) return (Array.isArray(entries) ? entries : []) as unknown[];
  if (w.operation === 'Apply' && w.changed && others.length && !w.force) {
    throw ApiError.applyConflict(
      others.map((s): ApplyConflict => {
        const c: ApplyConflict = {
          manager: s.manager,
          operation: s.operation,
          apiVersion: 'autoscaling/v1',
          field: '.spec.replicas',
        };
        if (s.subresource) c.subresource = s.subresource;
        return c;
      }),
    );
  }
  if (w.changed) for (const s of others) s.paths.delete(path);
  let mine = sets.find(isMine);
  if (w.operation === 'Update' || w.declared) {
    if (!mine) {
      mine = {
        manager: w.manager,
        operation: w.operation,
        apiVersion: w.apiVersion,
        subresource: 'scale',
        paths: new Set(),
      };
      sets.push(mine);
    }
    mine.apiVersion = w.apiVersion;
    mine.paths = new Set([path]);
    // An applier keeps the time its parent entry had; an updater's identifier never matches one.
    if (w.operation === 'Update') delete mine.time;
  } else if (mine) mine.paths.delete(path);
  return encodeManagedFields(sets);
}
