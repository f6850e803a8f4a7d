/**
 * The end of a delivery: prune the application's objects that the new render no longer
 * produces (found by `berth.dev/app` + `berth.dev/environment`, only what Berth applied), and
 * record the deployed revision of the environment. It is the run's own `finalize` step, which
 * Berth appends to every direct-delivery plan (core `withFinalizeStep`) depending on every other
 * step: it runs only when the whole run succeeded, and the engine completes it exactly once —
 * after a crash too, by running it again (both halves are idempotent).
 */
import { FINALIZE_JOB_TYPE, type RenderResult } from '@berth/core';
import { refOf, type ClusterConnection, type ObjectRef } from '../kube/cluster-connection.js';
import type { DeliveryTarget, StepExecutor } from '../workflow/executor.js';
import type { DeploymentHistory } from './deployments.js';
import { FIELD_MANAGER } from './apply-objects.js';
import { appSelector } from './live-components.js';
import type { DeliveryDeps } from './rollout.js';
import { clusterOf, renderTarget } from './target.js';

/** Prune and record; returns the pruned objects. Idempotent. */
export async function finalizeDelivery(
  deps: { deployments: DeploymentHistory },
  cluster: ClusterConnection,
  target: DeliveryTarget,
  runId: string,
  rendered: RenderResult,
): Promise<ObjectRef[]> {
  const pruned = await cluster.prune(
    target.namespace,
    appSelector({ app: target.application, environment: target.environment }),
    rendered.objects.map(refOf),
    { fieldManager: FIELD_MANAGER },
  );
  await deps.deployments.recordDelivered(target, runId, rendered);
  return pruned;
}

/** `finalize`: the run's last step, after every other succeeded — prune and record the revision. */
export function finalizeExecutor(deps: Pick<DeliveryDeps, 'clusters' | 'deployments'>): StepExecutor {
  return {
    type: FINALIZE_JOB_TYPE,
    async execute(ctx) {
      const { target } = ctx;
      const rendered = renderTarget(target);
      const cluster = await clusterOf(deps.clusters, target);
      const pruned = (await finalizeDelivery(deps, cluster, target, ctx.runId, rendered)).map((r) => `${r.kind}/${r.name}`);
      ctx.logger.info({ revision: target.revision, pruned }, 'revision recorded as deployed');
      return {
        status: 'succeeded',
        message: `revision ${target.revision} deployed to ${target.environment}${pruned.length > 0 ? `; pruned ${pruned.join(', ')}` : ''}`,
        output: { revision: target.revision, renderHash: rendered.hash, pruned },
      };
    },
  };
}
