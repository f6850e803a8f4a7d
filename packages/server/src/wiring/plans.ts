/** Plans Berth builds itself rather than from the application's workflow (undeploy, rollback). */
import { getJobType, type WorkflowPlan } from '@berth/core';

/** A plan of one step of `type` (named after it), with the job type's defaults. */
export function singleStepPlan(application: string, environment: string, type: string, properties: Record<string, unknown> = {}): WorkflowPlan {
  const definition = getJobType(type);
  if (!definition) throw new Error(`no job type ${type}`);
  return {
    application,
    environment,
    source: 'workflow',
    steps: [
      {
        name: type,
        type,
        properties,
        dependsOn: [],
        timeoutMs: definition.defaults.timeoutMs,
        retries: definition.defaults.retries,
        backoff: { ...definition.defaults.backoff },
      },
    ],
    warnings: [],
  };
}

/** True when a run's plan is Berth's single `undeploy` step. */
export function isUndeployPlan(plan: { steps: ReadonlyArray<{ type: string }> }): boolean {
  return plan.steps.length === 1 && plan.steps[0]!.type === 'undeploy';
}
