/**
 * The end of a delivery run as a step of its own. Recording a revision as deployed (and, in
 * direct delivery, pruning what it no longer renders) must happen only when the whole run
 * succeeded, and must still happen if the server dies right after: so Berth appends a `finalize`
 * step that depends on every other step. The engine runs it only once they all succeeded, and
 * completes it exactly once, resuming it after a crash like any other step. Each delivery mode
 * has its own `finalize` executor (gitops only records: its agent prunes).
 */
import type { Application } from '../model/schema.js';
import { getJobType } from './job-types.js';
import type { PlannedStep, WorkflowPlan } from './plan.js';

/** The job type of the step {@link withFinalizeStep} appends. */
export const FINALIZE_JOB_TYPE = 'finalize';

/** Job types that change what runs in the environment: a plan with one of them delivers a revision. */
export const DELIVERY_JOB_TYPES: ReadonlySet<string> = new Set(['deploy', 'job', 'apply', 'rollback']);

/** True when the steps change what runs in the environment (and so end with a `finalize` step). */
export function deliversRevision(steps: ReadonlyArray<{ type: string }>): boolean {
  return steps.some((step) => DELIVERY_JOB_TYPES.has(step.type));
}

/**
 * The plan a run executes: `plan` with a `finalize` step appended, depending on every step, when
 * it delivers a revision — to an environment of any delivery mode. Unchanged otherwise, and when
 * it already has one. The step is named `finalize` (`finalize-2`, … when a step of the plan
 * already has that name). `_app` is the application the plan belongs to (the plan-hook shape).
 */
export function withFinalizeStep(_app: Application, plan: WorkflowPlan): WorkflowPlan {
  if (!deliversRevision(plan.steps) || plan.steps.some((step) => step.type === FINALIZE_JOB_TYPE))
    return plan;
  const taken = new Set(plan.steps.map((step) => step.name));
  let name = FINALIZE_JOB_TYPE;
  for (let n = 2; taken.has(name); n++) name = `${FINALIZE_JOB_TYPE}-${n}`;
  const defaults = getJobType(FINALIZE_JOB_TYPE)!.defaults;
  const finalize: PlannedStep = {
    name,
    type: FINALIZE_JOB_TYPE,
    properties: {},
    dependsOn: plan.steps.map((step) => step.name),
    timeoutMs: defaults.timeoutMs,
    retries: defaults.retries,
    backoff: { ...defaults.backoff },
  };
  return { ...plan, steps: [...plan.steps, finalize] };
}
