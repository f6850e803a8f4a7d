/**
 * Workflow ↔ delivery: the executors of the delivery job types, chosen per run by the target
 * environment's `delivery` mode. `direct` is delivery/'s executors; `gitops` is the gitops
 * capability's (`gitopsExecutors`: deploy, job, rollback, wait-healthy, finalize, undeploy).
 */
import { resolveEnvironment } from '@berth/core';
import type { DeliveryTarget, StepExecutor } from '../workflow/executor.js';

/** A delivery mode of an environment, as the application model names it. */
export type DeliveryMode = 'direct' | 'gitops';

/** The executors of each delivery mode; a mode without executors refuses nothing, it fails with a reason. */
export type ExecutorsByMode = Partial<Record<DeliveryMode, readonly StepExecutor[]>>;

/** The delivery mode of a run's target environment (`direct` unless it says otherwise). */
export function deliveryModeOf(target: DeliveryTarget): DeliveryMode {
  return resolveEnvironment(target.spec, target.environment).environment.delivery;
}

/**
 * One executor per job type that dispatches each step to the executor of its environment's
 * delivery mode. A step whose mode has no executor for its type fails (not retried), saying so.
 *
 * @example
 * executorsByDeliveryMode({ direct: deliveryExecutors(options), gitops: gitopsExecutors(options) });
 */
export function executorsByDeliveryMode(byMode: ExecutorsByMode): StepExecutor[] {
  const table = new Map<string, Map<DeliveryMode, StepExecutor>>();
  for (const [mode, executors] of Object.entries(byMode) as Array<[DeliveryMode, readonly StepExecutor[]]>) {
    for (const executor of executors) {
      const modes = table.get(executor.type) ?? new Map<DeliveryMode, StepExecutor>();
      modes.set(mode, executor);
      table.set(executor.type, modes);
    }
  }
  return [...table.entries()].map(([type, modes]) => ({
    type,
    async execute(ctx) {
      const mode = deliveryModeOf(ctx.target);
      const executor = modes.get(mode);
      if (!executor) {
        return {
          status: 'failed',
          retryable: false,
          message: `environment ${ctx.target.environment} is delivered by ${mode}, and this server has no ${mode} executor for ${type} steps`,
        };
      }
      return executor.execute(ctx);
    },
  }));
}
