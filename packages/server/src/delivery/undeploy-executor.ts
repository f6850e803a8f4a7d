/**
 * `undeploy`: deleting an application. Deletes every object of the application in the run's
 * environment — its cluster and namespace — (found by `berth.dev/app` + `berth.dev/environment`,
 * including the volumes its StatefulSets claimed), then polls until they — and their pods — are
 * gone, and forgets the environment's deployment history. Berth starts one such run per
 * environment the application was deployed to.
 */
import { resolveEnvironment, type Application } from '@berth/core';
import { PRUNABLE_KINDS, refOf, type ClusterConnection, type ObjectKind } from '../kube/cluster-connection.js';
import { KubeApiError } from '../kube/errors.js';
import type { StepExecutor } from '../workflow/executor.js';
import type { DeliveryDeps } from './rollout.js';
import { appSelector, type AppScope } from './live-components.js';

const WAIT_KINDS: readonly ObjectKind[] = [...PRUNABLE_KINDS, { apiVersion: 'v1', kind: 'Pod' }];

/** The direct-delivery environments of an application (`implicitName` when it declares none). */
export function directEnvironments(spec: Application, implicitName: string): Array<AppScope & { cluster: string }> {
  const names = (spec.spec.environments ?? []).map((e) => e.name);
  return (names.length > 0 ? names : [implicitName])
    .map((name) => resolveEnvironment(spec, name).environment)
    .filter((e) => e.delivery === 'direct')
    .map((e) => ({ app: spec.metadata.name, environment: e.name, namespace: e.namespace, cluster: e.cluster }));
}

/** Delete what is left of the application in one environment; returns how many objects remain. */
async function sweep(cluster: ClusterConnection, scope: AppScope): Promise<number> {
  let remaining = 0;
  for (const kind of WAIT_KINDS) {
    let items;
    try {
      ({ items } = await cluster.list(kind, { namespace: scope.namespace, labelSelector: appSelector(scope) }));
    } catch (err) {
      if (err instanceof KubeApiError && err.code === 404) continue;
      throw err;
    }
    for (const obj of items) {
      remaining++;
      if (obj.metadata.deletionTimestamp) continue;
      // Pods and ReplicaSets go with their owners; delete only what nothing owns.
      if (Array.isArray(obj.metadata.ownerReferences) && obj.metadata.ownerReferences.length > 0 && kind.kind !== 'PersistentVolumeClaim') continue;
      await cluster.delete(refOf(obj), { propagationPolicy: 'Background' });
    }
  }
  return remaining;
}

/** The `undeploy` executor. */
export function undeployExecutor(deps: Pick<DeliveryDeps, 'clusters' | 'deployments' | 'pollMs'>): StepExecutor {
  return {
    type: 'undeploy',
    async execute(ctx) {
      const { target } = ctx;
      const cluster = await deps.clusters.get(target.cluster);
      const remaining = await sweep(cluster, { app: target.application, environment: target.environment, namespace: target.namespace });
      if (remaining > 0) {
        return { status: 'running', pollAfterMs: deps.pollMs, message: `waiting for ${remaining} objects to be deleted` };
      }
      await deps.deployments.forget(target.workspace, target.application, target.environment);
      return {
        status: 'succeeded',
        message: `every object of ${target.application} deleted from ${target.environment} (${target.cluster}/${target.namespace})`,
      };
    },
  };
}
