/** Direct delivery: the step executors of deploy, job, wait-healthy, rollback, gpu-precheck, finalize and undeploy. */
export { deliveryCapability } from './capability.js';
export { deliveryExecutors, deployExecutor, jobExecutor, waitHealthyExecutor, rollbackExecutor, type DeliveryOptions } from './direct-executors.js';
export { finalizeExecutor } from './finalize.js';
export { gpuPrecheckExecutor } from './gpu-precheck-executor.js';
export { undeployExecutor, directEnvironments } from './undeploy-executor.js';
export { DeploymentHistory, deploymentsMigration, type Deployment, type DeploymentsTable } from './deployments.js';
export { fitGpus, podGpuRequest, type GpuFit, type GpuPodShape } from './gpu-fit.js';
export { applyRendered, FIELD_MANAGER } from './apply-objects.js';
export { WORKSPACE_LABEL, labelledNamespace, type NamespaceProvisioner } from './target.js';
export type { DeliveryDeps } from './rollout.js';
