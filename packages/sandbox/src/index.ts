/**
 * @berth/sandbox — a simulated Kubernetes cluster that speaks the real Kubernetes API.
 * Start one with {@link startSandbox}; point kubectl or @kubernetes/client-node at its kubeconfig.
 */
export { startSandbox, renderKubeconfig } from './sandbox.js';
export type { Sandbox, SandboxOptions, SimulationDeps, RunningSimulation, SimulationTuning } from './sandbox.js';
export { startControllers } from './controllers/index.js';
export type { ControllerOptions, RunningCluster, PodLogResult } from './controllers/index.js';
export type { SimTimings } from './controllers/context.js';
export type { QuotaDecision } from './api/admission.js';
export type { TokenIdentity, UserInfo } from './api/authn.js';
export type { PodLogSource, LogRequest, LogRead } from './api/context.js';
export { FaultSet } from './sim/faults.js';
export type { FaultSpec, PodFaultRule, PodFaultKind, PodMatch, NodeFaultRule, ApiFaultRule, ApiMatch } from './sim/faults.js';
export { manualClock, realClock } from './sim/clock.js';
export type { Clock, ManualClock, TimerHandle } from './sim/clock.js';
export type { FleetSpec, NodePool, NodeCapacity, Taint } from './sim/fleet.js';
export type { PodLogOptions } from './sim/logs.js';
export type { KubeObject, ObjectStore, ResourceType, ResourceRegistry } from './store/types.js';
export { startGitOpsAgentSimulation, type GitOpsAgentOptions, type GitOpsAgentSimulation } from './gitops-agent/index.js';
