/**
 * The durable workflow engine of the control plane: runs stored before and after every action,
 * steps leased to runners, executors per job type, the run API and event streams.
 */
export type { DeliveryTarget, StepExecution, StepExecutor, StepReport } from './executor.js';
export { ExecutorRegistry } from './executor-registry.js';
export { type Clock, systemClock } from './clock.js';
export { workflowCapability, type WorkflowCapabilityOptions } from './capability.js';
export { workflowMigration } from './migration.js';
export type { RunSource, SourceRevision } from './run-source.js';
export { RunStore, type StoredRun, type StoredEvent, type NewRun, type Mutation, type RunChange } from './run-store.js';
export { StepQueue, type StepLease, type ClaimedStep } from './step-queue.js';
export { WorkflowRunner, type WorkflowRunnerOptions } from './runner.js';
export { RunService, UnavailableError } from './run-service.js';
export { WorkflowMetrics } from './metrics.js';
export { ApprovalExecutor } from './executors/approval.js';
export { DelayExecutor } from './executors/delay.js';
export { WebhookExecutor, type SecretValueSource, type WebhookExecutorOptions } from './executors/webhook.js';
export { AddressGuard, AddressRefusedError } from './executors/address-guard.js';
