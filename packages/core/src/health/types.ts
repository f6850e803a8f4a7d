/**
 * The health vocabulary shared by every Kubernetes kind Berth watches: one status per object,
 * per component and per application, each with the reason a person can act on.
 */

/** How an object, a component or an application is doing, from best to worst (see {@link HEALTH_ORDER}). */
export type HealthStatus = 'Healthy' | 'Suspended' | 'Progressing' | 'Unknown' | 'Missing' | 'Degraded';

/** The verdict on one object: a status, plus a machine reason (`ImagePullBackOff`) and a sentence. */
export interface HealthAssessment {
  status: HealthStatus;
  /** A short CamelCase cause, usually Kubernetes' own (`CrashLoopBackOff`, `ProgressDeadlineExceeded`). */
  reason?: string;
  /** A sentence a person can act on; for pod problems it starts with the reason. */
  message?: string;
}

/** Severity rank of each status: a roll-up keeps the highest. */
export const HEALTH_ORDER: Record<HealthStatus, number> = {
  Healthy: 0,
  Suspended: 1,
  Progressing: 2,
  Unknown: 3,
  Missing: 4,
  Degraded: 5,
};

/** True when `a` is strictly worse than `b`. */
export function isWorse(a: HealthStatus, b: HealthStatus): boolean {
  return HEALTH_ORDER[a] > HEALTH_ORDER[b];
}

/** The worst of several assessments (the first among equals); Healthy when there are none. */
export function worstOf(assessments: Iterable<HealthAssessment>): HealthAssessment {
  let worst: HealthAssessment = { status: 'Healthy' };
  for (const a of assessments) if (isWorse(a.status, worst.status)) worst = a;
  return worst;
}

/** Identifies one object in a cluster. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** Options that make time-dependent rules deterministic. */
export interface AssessOptions {
  /** The current time; rules with a grace period apply only when it is given. */
  now?: Date;
  /**
   * How long an unschedulable pod counts as Progressing rather than Degraded (a cluster
   * autoscaler may be adding a node). Default 0: unschedulable is Degraded at once.
   */
  unschedulableGraceMs?: number;
}
