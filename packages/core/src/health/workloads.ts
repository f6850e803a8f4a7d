/**
 * Health of the apps/v1 workloads, following what `kubectl rollout status` waits for:
 * the controller has seen the latest spec, every replica runs the new template, and the
 * new replicas are available.
 */
import type { HealthAssessment } from './types.js';
import { condition, field, num, str, type LiveObject } from './object.js';

/** Progressing while the controller has not yet observed the latest spec. */
function notObserved(obj: LiveObject): HealthAssessment | undefined {
  const generation = obj.metadata?.generation;
  const observed = field(obj, 'status').observedGeneration;
  if (typeof generation === 'number' && (typeof observed !== 'number' || observed < generation)) {
    return {
      status: 'Progressing',
      reason: 'NotObserved',
      message: `Waiting for the controller to observe generation ${generation}`,
    };
  }
  return undefined;
}

/** Degraded when the controller reports it cannot create pods (quota, admission, …). */
function replicaFailure(obj: LiveObject): HealthAssessment | undefined {
  const failure = condition(obj, 'ReplicaFailure');
  if (failure?.status === 'True') {
    return { status: 'Degraded', reason: failure.reason ?? 'ReplicaFailure', message: failure.message };
  }
  return undefined;
}

/** A Deployment: paused → Suspended; past its progress deadline → Degraded; rolling → Progressing. */
export function assessDeployment(obj: LiveObject): HealthAssessment {
  const spec = field(obj, 'spec');
  const status = field(obj, 'status');
  if (spec.paused === true) return { status: 'Suspended', reason: 'Paused', message: 'Deployment is paused' };
  const pending = notObserved(obj);
  if (pending) return pending;
  const progressing = condition(obj, 'Progressing');
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    return { status: 'Degraded', reason: 'ProgressDeadlineExceeded', message: progressing.message };
  }
  const failure = replicaFailure(obj);
  if (failure) return failure;
  const desired = num(spec, 'replicas', 1);
  const replicas = num(status, 'replicas');
  const updated = num(status, 'updatedReplicas');
  const available = num(status, 'availableReplicas');
  if (updated < desired) {
    return {
      status: 'Progressing',
      reason: 'RollingUpdate',
      message: `Waiting for rollout to finish: ${updated} of ${desired} new replicas have been updated`,
    };
  }
  if (replicas > updated) {
    return {
      status: 'Progressing',
      reason: 'RollingUpdate',
      message: `Waiting for rollout to finish: ${replicas - updated} old replicas are pending termination`,
    };
  }
  if (available < updated) {
    return {
      status: 'Progressing',
      reason: 'RollingUpdate',
      message: `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available`,
    };
  }
  return { status: 'Healthy' };
}

/** A StatefulSet: every replica ready and, for rolling updates, at the update revision. */
export function assessStatefulSet(obj: LiveObject): HealthAssessment {
  const spec = field(obj, 'spec');
  const status = field(obj, 'status');
  const pending = notObserved(obj);
  if (pending) return pending;
  const desired = num(spec, 'replicas', 1);
  const ready = num(status, 'readyReplicas');
  const updated = num(status, 'updatedReplicas');
  if (ready < desired) {
    return {
      status: 'Progressing',
      reason: 'RollingUpdate',
      message: `Waiting for ${desired - ready} of ${desired} pods to be ready`,
    };
  }
  const strategy = field(spec, 'updateStrategy');
  if (str(strategy, 'type') === 'OnDelete') {
    // Pods move to the new revision only when someone deletes them: nothing to wait for.
    return updated < desired
      ? {
          status: 'Healthy',
          message: `${desired - updated} pods still run the previous revision (update strategy OnDelete)`,
        }
      : { status: 'Healthy' };
  }
  const partition = num(field(strategy, 'rollingUpdate'), 'partition');
  if (partition > 0) {
    const expected = Math.max(0, desired - partition);
    if (updated < expected) {
      return {
        status: 'Progressing',
        reason: 'RollingUpdate',
        message: `Waiting for partitioned rollout to finish: ${updated} of ${expected} new pods have been updated`,
      };
    }
    return { status: 'Healthy' };
  }
  const updateRevision = str(status, 'updateRevision');
  const currentRevision = str(status, 'currentRevision');
  if (updateRevision && currentRevision !== updateRevision) {
    return {
      status: 'Progressing',
      reason: 'RollingUpdate',
      message: `Waiting for rolling update to complete: ${updated} of ${desired} pods at revision ${updateRevision}`,
    };
  }
  return { status: 'Healthy' };
}

/** A DaemonSet: a pod of the current template available on every node that should run one. */
export function assessDaemonSet(obj: LiveObject): HealthAssessment {
  const spec = field(obj, 'spec');
  const status = field(obj, 'status');
  const pending = notObserved(obj);
  if (pending) return pending;
  const desired = num(status, 'desiredNumberScheduled');
  const updated = num(status, 'updatedNumberScheduled');
  const available = num(status, 'numberAvailable');
  if (str(field(spec, 'updateStrategy'), 'type') !== 'OnDelete' && updated < desired) {
    return {
      status: 'Progressing',
      reason: 'RollingUpdate',
      message: `Waiting for daemon set rollout to finish: ${updated} of ${desired} new pods have been updated`,
    };
  }
  if (available < desired) {
    return {
      status: 'Progressing',
      reason: 'RollingUpdate',
      message: `Waiting for daemon set rollout to finish: ${available} of ${desired} updated pods are available`,
    };
  }
  return { status: 'Healthy' };
}

/** A ReplicaSet: all its replicas available. */
export function assessReplicaSet(obj: LiveObject): HealthAssessment {
  const pending = notObserved(obj);
  if (pending) return pending;
  const failure = replicaFailure(obj);
  if (failure) return failure;
  const desired = num(field(obj, 'spec'), 'replicas', 1);
  const available = num(field(obj, 'status'), 'availableReplicas');
  if (available < desired) {
    return {
      status: 'Progressing',
      reason: 'ScalingUp',
      message: `${available} of ${desired} replicas are available`,
    };
  }
  return { status: 'Healthy' };
}
