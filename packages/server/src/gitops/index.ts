/** GitOps delivery: change requests into the application repository, Argo CD / Flux agent objects, status, promotion, rollback. */
export { gitopsCapability, createGitOpsCapability, gitopsOf, type GitOps, type GitOpsCapabilityOptions } from './capability.js';
export { GitOpsService, type GitOpsStatus, type GitOpsProposal } from './gitops-service.js';
export { gitopsExecutors, deliveryModeDispatch, dispatchByDeliveryMode, isGitOpsTarget, type GitOpsExecutorOptions } from './executors.js';
export { gitopsFinalizeExecutor } from './finalize-executor.js';
export { gitopsUndeployExecutor } from './undeploy-executor.js';
export { gitopsMigration } from './migration.js';
export { agentCrds, agentObjects } from './agent-objects.js';
export { readAgentReport, argoReport, fluxReport, type AgentReport } from './agent-status.js';
export * from './layout.js';
