/** Health of GitOps objects: Argo CD Applications and Flux Kustomizations / HelmReleases. */
import type { HealthAssessment, HealthStatus } from './types.js';
import { condition, field, str, type LiveObject } from './object.js';

const ARGO_STATUSES: ReadonlySet<string> = new Set([
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
]);

/**
 * An Argo CD Application: its own `status.health`, except that a failed last sync is
 * Degraded and a Healthy application that is OutOfSync is Progressing (the change Berth
 * committed has not reached the cluster yet).
 */
export function assessArgoApplication(obj: LiveObject): HealthAssessment {
  const status = field(obj, 'status');
  const operation = field(status, 'operationState');
  const phase = str(operation, 'phase');
  if (phase === 'Failed' || phase === 'Error') {
    return {
      status: 'Degraded',
      reason: 'SyncFailed',
      message: str(operation, 'message') ?? `Sync ${phase.toLowerCase()}`,
    };
  }
  const health = field(status, 'health');
  const reported = str(health, 'status');
  if (!reported || !ARGO_STATUSES.has(reported)) {
    return {
      status: 'Progressing',
      reason: 'AwaitingHealth',
      message: 'Argo CD has not assessed the application yet',
    };
  }
  const sync = field(status, 'sync');
  const syncStatus = str(sync, 'status');
  if (reported === 'Healthy' && syncStatus === 'OutOfSync') {
    return {
      status: 'Progressing',
      reason: 'OutOfSync',
      message: 'Waiting for Argo CD to sync the latest revision',
    };
  }
  const message = str(health, 'message');
  const revision = str(sync, 'revision');
  return {
    status: reported as HealthStatus,
    reason: syncStatus ? `Sync${syncStatus}` : undefined,
    message: message ?? (revision ? `${syncStatus ?? 'Synced'} at revision ${revision}` : undefined),
  };
}

/**
 * A Flux Kustomization or HelmRelease: suspended → Suspended; the latest generation not yet
 * reconciled or `Reconciling=True` → Progressing; `Ready` decides the rest (`Stalled=True`
 * and `Ready=False` → Degraded with Flux's reason).
 */
export function assessFluxObject(obj: LiveObject): HealthAssessment {
  if (field(obj, 'spec').suspend === true)
    return { status: 'Suspended', reason: 'Suspended', message: 'Reconciliation is suspended' };
  const stalled = condition(obj, 'Stalled');
  if (stalled?.status === 'True')
    return { status: 'Degraded', reason: stalled.reason ?? 'Stalled', message: stalled.message };
  const generation = obj.metadata?.generation;
  const observed = field(obj, 'status').observedGeneration;
  const reconciling = condition(obj, 'Reconciling');
  if (
    (typeof generation === 'number' && (typeof observed !== 'number' || observed < generation)) ||
    reconciling?.status === 'True'
  ) {
    return {
      status: 'Progressing',
      reason: reconciling?.reason ?? 'Reconciling',
      message: reconciling?.message ?? 'Reconciliation in progress',
    };
  }
  const ready = condition(obj, 'Ready');
  if (ready?.status === 'True') return { status: 'Healthy', reason: ready.reason, message: ready.message };
  if (ready?.status === 'False')
    return { status: 'Degraded', reason: ready.reason ?? 'NotReady', message: ready.message };
  return {
    status: 'Progressing',
    reason: ready?.reason ?? 'Reconciling',
    message: ready?.message ?? 'Waiting for reconciliation',
  };
}
