/**
 * A SIMULATION of a GitOps agent (Argo CD / Flux) for tests and the local sandbox: it syncs
 * Argo CD Applications and Flux Kustomizations from git into a cluster and writes their status
 * the way the real controllers do. Not Argo CD, not Flux.
 */
export { startGitOpsAgentSimulation, ARGO_SECRET_TYPE_LABEL, type GitOpsAgentOptions, type GitOpsAgentSimulation } from './agent.js';
export { ARGO_APPLICATION, TRACKING_ID, RESOURCES_FINALIZER } from './argocd.js';
export { FLUX_GIT_REPOSITORY, FLUX_KUSTOMIZATION } from './flux.js';
export type { GitCredentials } from './git-mirror.js';
