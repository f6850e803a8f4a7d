/** Health of batch/v1 Jobs and CronJobs. */
import type { HealthAssessment } from './types.js';
import { condition, field, num, str, type LiveObject } from './object.js';

/**
 * A Job: Complete → Healthy; Failed (or FailureTarget, its early form) → Degraded with the
 * controller's reason (`BackoffLimitExceeded`, `DeadlineExceeded`); suspended → Suspended;
 * otherwise Progressing.
 */
export function assessJob(obj: LiveObject): HealthAssessment {
  const spec = field(obj, 'spec');
  const status = field(obj, 'status');
  for (const type of ['Failed', 'FailureTarget']) {
    const failed = condition(obj, type);
    if (failed?.status === 'True') {
      return {
        status: 'Degraded',
        reason: failed.reason ?? 'JobFailed',
        message: failed.message ?? 'Job failed',
      };
    }
  }
  const complete = condition(obj, 'Complete');
  if (complete?.status === 'True')
    return { status: 'Healthy', reason: 'Complete', message: complete.message };
  if (spec.suspend === true) return { status: 'Suspended', reason: 'Suspended', message: 'Job is suspended' };
  const active = num(status, 'active');
  const succeeded = num(status, 'succeeded');
  const completions = num(spec, 'completions', 1);
  return {
    status: 'Progressing',
    reason: active > 0 ? 'Running' : 'Pending',
    message: `${active} active, ${succeeded} of ${completions} succeeded`,
  };
}

/**
 * A CronJob: suspended → Suspended; when its Jobs are given (`related`), Degraded if the
 * most recent one failed; otherwise Healthy.
 */
export function assessCronJob(obj: LiveObject, related: readonly LiveObject[] = []): HealthAssessment {
  if (field(obj, 'spec').suspend === true)
    return { status: 'Suspended', reason: 'Suspended', message: 'CronJob is suspended' };
  const uid = obj.metadata?.uid;
  const jobs = related.filter(
    (j) => j.kind === 'Job' && (!uid || (j.metadata?.ownerReferences ?? []).some((o) => o.uid === uid)),
  );
  const latest = jobs.sort((a, b) => createdAt(b).localeCompare(createdAt(a)))[0];
  if (latest) {
    const failed = condition(latest, 'Failed');
    if (failed?.status === 'True') {
      return {
        status: 'Degraded',
        reason: failed.reason ?? 'JobFailed',
        message: `Last run ${latest.metadata?.name ?? ''} failed: ${failed.message ?? failed.reason ?? 'unknown reason'}`,
      };
    }
  }
  return { status: 'Healthy' };
}

function createdAt(obj: LiveObject): string {
  return str(obj.metadata ?? {}, 'creationTimestamp') ?? '';
}
