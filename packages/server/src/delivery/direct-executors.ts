/**
 * The executors of direct delivery, one per job type: `deploy`, `job`, `wait-healthy`,
 * `rollback`, `gpu-precheck`, `finalize` (the run's last step: prune and record) and `undeploy`
 * (deleting an application). Each is polled by the workflow engine and idempotent: server-side
 * apply is, and every poll re-reads the cluster.
 */
import type { ClusterRegistry } from '../kube/cluster-connection.js';
import type { StepExecutor } from '../workflow/executor.js';
import type { DeploymentHistory } from './deployments.js';
import { finalizeExecutor } from './finalize.js';
import { gpuPrecheckExecutor } from './gpu-precheck-executor.js';
import { pollRollout, type DeliveryDeps } from './rollout.js';
import { labelledNamespace, renderTarget, type NamespaceProvisioner } from './target.js';
import { undeployExecutor } from './undeploy-executor.js';

/** `deploy`: apply the step's components and wait until they are healthy. */
export function deployExecutor(deps: DeliveryDeps): StepExecutor {
  return {
    type: 'deploy',
    execute: (ctx) =>
      pollRollout(deps, ctx, {
        components: (ctx.properties.components as string[]) ?? [],
        apply: true,
        wait: ctx.properties.wait !== false,
      }),
  };
}

/** `job`: run a job component's Job (recreated when its template changed or it failed) until Complete. */
export function jobExecutor(deps: DeliveryDeps): StepExecutor {
  return {
    type: 'job',
    execute: (ctx) =>
      pollRollout(deps, ctx, {
        components: [String(ctx.properties.component)],
        apply: true,
        wait: true,
      }),
  };
}

/** `wait-healthy`: wait until components already deployed are healthy, changing nothing. */
export function waitHealthyExecutor(deps: DeliveryDeps): StepExecutor {
  return {
    type: 'wait-healthy',
    execute: (ctx) =>
      pollRollout(deps, ctx, {
        components: (ctx.properties.components as string[]) ?? [],
        apply: false,
        wait: true,
      }),
  };
}

/**
 * `rollback`: the engine starts a run whose target is the earlier revision; this step applies
 * every component of it and waits until healthy. The run's `finalize` step then prunes what that
 * revision does not render and records it as deployed.
 */
export function rollbackExecutor(deps: DeliveryDeps): StepExecutor {
  return {
    type: 'rollback',
    execute: (ctx) =>
      pollRollout(deps, ctx, {
        components: renderTarget(ctx.target).components.map((c) => c.name),
        apply: true,
        wait: true,
      }),
  };
}

/** Options of {@link deliveryExecutors}; timings default to production values. */
export interface DeliveryOptions {
  clusters: ClusterRegistry;
  deployments: DeploymentHistory;
  ensureNamespace?: NamespaceProvisioner;
  degradedGraceMs?: number;
  pollMs?: number;
}

/** Every direct-delivery executor, ready to register in the workflow engine's executor registry. */
export function deliveryExecutors(options: DeliveryOptions): StepExecutor[] {
  const deps: DeliveryDeps = {
    clusters: options.clusters,
    deployments: options.deployments,
    ensureNamespace: options.ensureNamespace ?? labelledNamespace,
    degradedGraceMs: options.degradedGraceMs ?? 60_000,
    pollMs: options.pollMs ?? 1_000,
  };
  return [
    deployExecutor(deps),
    jobExecutor(deps),
    waitHealthyExecutor(deps),
    rollbackExecutor(deps),
    gpuPrecheckExecutor(deps),
    finalizeExecutor(deps),
    undeployExecutor(deps),
  ];
}
