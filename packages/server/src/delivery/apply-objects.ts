/**
 * Server-side apply of rendered objects with Berth's field manager — and what apply alone
 * cannot do: a Job's pod template is immutable, so a Job whose rendered content changed (its
 * `berth.dev/content-hash` differs) or that failed is deleted and created again.
 */
import { CONTENT_HASH_ANNOTATION, type KubeObject } from '@berth/core';
import { refOf, type ClusterConnection } from '../kube/cluster-connection.js';

/** The field manager of every object Berth applies. */
export const FIELD_MANAGER = 'berth';

/** What {@link applyRendered} did. */
export interface ApplyOutcome {
  /** Objects applied in this call. */
  applied: number;
  /** Jobs being deleted so they can be created again; apply again once they are gone. */
  recreating: string[];
}

function jobFailed(job: KubeObject): boolean {
  const conditions = ((job.status as { conditions?: Array<{ type?: string; status?: string }> } | undefined)?.conditions) ?? [];
  return conditions.some((c) => (c.type === 'Failed' || c.type === 'FailureTarget') && c.status === 'True');
}

/**
 * Apply `objects` (force, field manager `berth`). Jobs that must be replaced are deleted
 * (propagation Background) and left out; the caller polls and applies again until
 * `recreating` is empty. With `rerunFailedJobs`, a failed Job with the same content is replaced
 * too (a new attempt of a job step).
 */
export async function applyRendered(
  cluster: ClusterConnection,
  objects: readonly KubeObject[],
  options: { rerunFailedJobs?: boolean } = {},
): Promise<ApplyOutcome> {
  const recreating: string[] = [];
  const ready: KubeObject[] = [];
  for (const obj of objects) {
    if (obj.kind !== 'Job') {
      ready.push(obj);
      continue;
    }
    const live = await cluster.get(refOf(obj));
    if (!live) {
      ready.push(obj);
      continue;
    }
    if (live.metadata.deletionTimestamp) {
      recreating.push(obj.metadata.name);
      continue;
    }
    const changed =
      live.metadata.annotations?.[CONTENT_HASH_ANNOTATION] !== obj.metadata.annotations?.[CONTENT_HASH_ANNOTATION];
    if (changed || (options.rerunFailedJobs && jobFailed(live))) {
      await cluster.delete(refOf(obj), { propagationPolicy: 'Background' });
      recreating.push(obj.metadata.name);
      continue;
    }
    ready.push(obj);
  }
  if (ready.length > 0) await cluster.apply(ready, { fieldManager: FIELD_MANAGER, force: true });
  return { applied: ready.length, recreating };
}
