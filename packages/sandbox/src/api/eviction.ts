/**
 * The PodDisruptionBudget check of `POST pods/<name>/eviction` (pkg/registry/core/pod/storage/
 * eviction.go): a pod that is not running (Pending, Succeeded, Failed) or already terminating is
 * deleted without looking at budgets; a pod covered by more than one budget is refused (500);
 * otherwise the budget must allow a disruption (429 TooManyRequests), and the eviction takes one:
 * `disruptionsAllowed` decreases and the pod is recorded in `disruptedPods`.
 */
import { ApiError, type Status } from '../machinery/errors.js';
import { isPodReady, pdbCoversPod, updateDisruptionAllowedCondition, type PdbStatus } from '../resources/disruption-budget.js';
import type { KubeObject, ObjectStore, ResourceRegistry } from '../store/types.js';

/** `MaxDisruptedPodSize`: evictions the controller has not confirmed yet, at most. */
const MAX_DISRUPTED_POD_SIZE = 2000;

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

function tooManyRequests(message: string, retryAfterSeconds: number, cause: string): ApiError {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'TooManyRequests',
    details: { ...(retryAfterSeconds ? { retryAfterSeconds } : {}), causes: [{ reason: 'DisruptionBudget', message: cause }] },
    code: 429,
  };
  return new ApiError(status);
}

/**
 * Checks the pod's disruption budget before an eviction and takes one disruption from it
 * (written unless `dryRun`). Throws the apiserver's error when the eviction must be refused.
 */
export function admitEviction(store: ObjectStore, registry: ResourceRegistry, pod: KubeObject, now: number, dryRun: boolean): void {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp) return;
  const type = registry.byKind('policy/v1', 'PodDisruptionBudget');
  if (!type || Object.keys(pod.metadata.labels ?? {}).length === 0) return;
  const pdbs = store.list(type, { namespace: pod.metadata.namespace }).items.filter((b) => pdbCoversPod(b, pod));
  if (pdbs.length > 1) throw ApiError.internal('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  const pdb = pdbs[0];
  if (!pdb) return;
  const status = structuredClone((pdb.status ?? {}) as PdbStatus);
  const policy = (pdb.spec as { unhealthyPodEvictionPolicy?: string } | undefined)?.unhealthyPodEvictionPolicy;
  // An unready pod does not count as healthy: evicting it takes nothing from a budget that is met.
  if (!isPodReady(pod) && (policy === 'AlwaysAllow' || (status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0))) return;
  const name = pdb.metadata.name ?? '';
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    throw tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", 10, `The disruption budget ${name} is still being processed by the server.`);
  }
  const forbidden = (why: string) => ApiError.forbidden({ group: 'policy', name: 'poddisruptionbudget' }, name, why);
  if (status.disruptionsAllowed < 0) throw forbidden('pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    throw forbidden('DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (!status.disruptionsAllowed) {
    throw tooManyRequests(
      "Cannot evict pod as it would violate the pod's disruption budget.",
      0,
      `The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
    );
  }
  status.disruptionsAllowed -= 1;
  if (status.disruptionsAllowed === 0) updateDisruptionAllowedCondition(status, iso(now));
  if (dryRun) return;
  status.disruptedPods = { ...(status.disruptedPods ?? {}), [pod.metadata.name ?? '']: iso(now) };
  store.updateStatus(type, { ...pdb, status });
}
