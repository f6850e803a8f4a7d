/**
 * `finalize` in a gitops environment: the run's last step, appended by core `withFinalizeStep`
 * and run only once every other step succeeded — it records the run's revision as deployed, so
 * a run whose parallel last steps partly failed records nothing. It prunes nothing: the agent
 * prunes what the merged directory no longer holds, never Berth. Idempotent (recording a run
 * again changes nothing), so the engine may run it again after a crash.
 */
import { FINALIZE_JOB_TYPE, render } from '@berth/core';
import type { DeploymentHistory } from '../delivery/deployments.js';
import type { StepExecutor } from '../workflow/executor.js';

/** The gitops `finalize` executor; without `deployments` it records nothing. */
export function gitopsFinalizeExecutor(o: { deployments?: DeploymentHistory }): StepExecutor {
  return {
    type: FINALIZE_JOB_TYPE,
    async execute(ctx) {
      const { target } = ctx;
      const rendered = render(target.spec, target.environment);
      await o.deployments?.recordDelivered(target, ctx.runId, rendered);
      ctx.logger.info({ revision: target.revision }, 'revision recorded as deployed (gitops)');
      return {
        status: 'succeeded',
        message: `revision ${target.revision} deployed to ${target.environment} through gitops`,
        output: { revision: target.revision, renderHash: rendered.hash },
      };
    },
  };
}
