/**
 * Berth's workflow engine, the pure part: the job-type registry, planning a run from an
 * application, and the run state machine (`nextActions` decides, `applyEvent` records).
 * The server executes steps and stores snapshots and events; nothing here does I/O or reads
 * the clock.
 */
export { DURATION_PATTERN, formatDuration, parseDuration } from './duration.js';
export { DEFAULT_BACKOFF, defineJobType } from './job-types/definition.js';
export type {
  Backoff,
  JobTypeDefaults,
  JobTypeDefinition,
  PropertyFinding,
  StepContext,
} from './job-types/definition.js';
export { SecretRefSchema } from './job-types/webhook.js';
export {
  JOB_TYPES,
  getJobType,
  jobTypeCatalog,
  stepProperties,
  validateStepProperties,
} from './job-types.js';
export type { JobTypeEntry, StepValidationOptions } from './job-types.js';
export { PlanError, planWorkflow } from './plan.js';
export { DELIVERY_JOB_TYPES, FINALIZE_JOB_TYPE, deliversRevision, withFinalizeStep } from './finalize.js';
export type { PlannedStep, WorkflowPlan } from './plan.js';
export {
  FINAL_STEP_STATES,
  MAX_INTERRUPTIONS,
  backoffDelay,
  createRun,
  findStep,
  isRunFinished,
  liveRunState,
  runOutcome,
} from './state.js';
export type { RunOutcome, RunSnapshot, RunState, StepRun, StepState, StepWait } from './state.js';
export { applyEvent, mayDecide } from './events.js';
export type { RunEvent } from './events.js';
export { eventForAction, nextActions } from './actions.js';
export type { Action, NextActionsOptions } from './actions.js';
export { advance } from './advance.js';
export type { Advance } from './advance.js';
