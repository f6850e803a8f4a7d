/**
 * policy/v1 PodDisruptionBudget pieces shared by the disruption controller and the eviction
 * subresource: which budgets cover a pod, pod health, the `DisruptionAllowed` condition
 * (pkg/apis/policy/helper `UpdateDisruptionAllowedCondition`) and int-or-percent scaling.
 */
import { matchesSelector, type LabelSelector } from '../controllers/objects.js';
import type { KubeObject } from '../store/types.js';

/** `.status` of a PodDisruptionBudget. */
export interface PdbStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: PdbCondition[];
}

/** A meta/v1 Condition. */
export interface PdbCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** `.spec` of a PodDisruptionBudget. */
export interface PdbSpec {
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  selector?: LabelSelector | null;
}

/** `policyv1.DisruptionAllowedCondition`. */
export const DISRUPTION_ALLOWED = 'DisruptionAllowed';

/** Whether the budget's selector covers the pod (a missing selector matches nothing, `{}` everything). */
export function pdbCoversPod(pdb: KubeObject, pod: KubeObject): boolean {
  if (pdb.metadata.namespace !== pod.metadata.namespace) return false;
  return matchesSelector((pdb.spec as PdbSpec | undefined)?.selector ?? undefined, pod.metadata.labels);
}

/** `podutil.IsPodReady`: the `Ready` condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * `intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=true)`: an integer as is, `"N%"`
 * as ceil(N * total / 100). Returns an error message for a string that is not a percentage.
 */
export function scaledValue(v: number | string, total: number): number | string {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return `invalid value for IntOrString: invalid type: string is not a percentage`;
  return Math.ceil((Number(m[1]) * total) / 100);
}

/** Sets `DisruptionAllowed` from `disruptionsAllowed` (`SufficientPods` / `InsufficientPods`), as meta.SetStatusCondition does. */
export function updateDisruptionAllowedCondition(status: PdbStatus, nowIso: string): void {
  const allowed = status.disruptionsAllowed > 0;
  setStatusCondition(status, {
    type: DISRUPTION_ALLOWED,
    status: allowed ? 'True' : 'False',
    observedGeneration: status.observedGeneration,
    lastTransitionTime: nowIso,
    reason: allowed ? 'SufficientPods' : 'InsufficientPods',
    message: '',
  });
}

/** `apimeta.SetStatusCondition`: keeps `lastTransitionTime` unless the status changes. */
export function setStatusCondition(status: PdbStatus, cond: PdbCondition): void {
  const list = status.conditions ?? [];
  const i = list.findIndex((c) => c.type === cond.type);
  const old = list[i];
  const next: PdbCondition = { ...cond };
  if (next.observedGeneration === undefined) delete next.observedGeneration;
  if (old && old.status === cond.status) next.lastTransitionTime = old.lastTransitionTime;
  status.conditions = i >= 0 ? list.map((c, j) => (j === i ? next : c)) : [...list, next];
}
