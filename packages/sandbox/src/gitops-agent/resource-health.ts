/**
 * Health of the objects a simulated agent manages, in Argo CD's vocabulary (Healthy,
 * Progressing, Degraded, Missing), with the few built-in rules Argo CD has for workloads.
 * Written here because the sandbox imports nothing of Berth.
 */
import type { KubeJson } from './kube-rest.js';

/** Argo CD health statuses the simulation reports. */
export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Missing' | 'Suspended';

const ORDER: HealthStatus[] = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded'];

type Loose = Record<string, unknown>;
const num = (o: unknown, k: string): number => (typeof (o as Loose | undefined)?.[k] === 'number' ? ((o as Loose)[k] as number) : 0);
const conditions = (o: KubeJson): Array<{ type: string; status: string; reason?: string }> =>
  ((o.status as Loose | undefined)?.conditions as Array<{ type: string; status: string; reason?: string }> | undefined) ?? [];

/** The health of one live object (undefined: missing). */
export function healthOf(obj: KubeJson | undefined): HealthStatus {
  if (!obj) return 'Missing';
  const spec = (obj.spec ?? {}) as Loose;
  const status = (obj.status ?? {}) as Loose;
  const generation = obj.metadata.generation ?? 0;
  const observed = num(status, 'observedGeneration');
  switch (obj.kind) {
    case 'Deployment': {
      if (spec.paused === true) return 'Suspended';
      const want = typeof spec.replicas === 'number' ? spec.replicas : 1;
      if (conditions(obj).some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) return 'Degraded';
      if (observed < generation || num(status, 'updatedReplicas') < want || num(status, 'availableReplicas') < want) return 'Progressing';
      return 'Healthy';
    }
    case 'StatefulSet': {
      const want = typeof spec.replicas === 'number' ? spec.replicas : 1;
      if (observed < generation || num(status, 'readyReplicas') < want) return 'Progressing';
      return 'Healthy';
    }
    case 'DaemonSet':
      return observed < generation || num(status, 'numberAvailable') < num(status, 'desiredNumberScheduled') ? 'Progressing' : 'Healthy';
    case 'Job':
      if (conditions(obj).some((c) => c.type === 'Failed' && c.status === 'True')) return 'Degraded';
      return conditions(obj).some((c) => c.type === 'Complete' && c.status === 'True') ? 'Healthy' : 'Progressing';
    case 'PersistentVolumeClaim':
      return status.phase === 'Bound' ? 'Healthy' : 'Progressing';
    case 'Pod':
      if (status.phase === 'Failed') return 'Degraded';
      return status.phase === 'Running' || status.phase === 'Succeeded' ? 'Healthy' : 'Progressing';
    default:
      return 'Healthy';
  }
}

/** The worst of several health statuses (Healthy when there are none). */
export function aggregateHealth(statuses: readonly HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>((worst, s) => (ORDER.indexOf(s) > ORDER.indexOf(worst) ? s : worst), 'Healthy');
}
