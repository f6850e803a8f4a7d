import type { StepExecution, StepExecutor, StepReport } from '../executor.js';

/**
 * `approval`: parks the step until someone decides through the API
 * (`POST …/runs/:id/steps/:step/approve|reject`); the engine holds no lease meanwhile.
 */
export class ApprovalExecutor implements StepExecutor {
  readonly type = 'approval';

  async execute(context: StepExecution): Promise<StepReport> {
    const asked = typeof context.properties.message === 'string' ? context.properties.message : undefined;
    const approvers = Array.isArray(context.properties.approvers)
      ? ` (approvers: ${context.properties.approvers.join(', ')})`
      : '';
    return {
      status: 'waiting',
      for: 'approval',
      message: `${asked ?? `approve delivering ${context.target.application} to ${context.target.environment}?`}${approvers}`,
    };
  }
}
