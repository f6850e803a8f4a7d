/**
 * Where GitOps delivery puts things: the application repository of a workspace, the directory
 * of an application's environment, branch names of change requests, and the names of the
 * agent objects in the cluster.
 */
import { fitName, type Application, type Environment } from '@berth/core';

/** Which GitOps agent syncs an environment. */
export type GitOpsAgentKind = 'argocd' | 'flux';

/** Namespace of Argo CD's Applications and repository Secrets. */
export const ARGOCD_NAMESPACE = 'argocd';
/** Namespace of Flux's sources and Kustomizations. */
export const FLUX_NAMESPACE = 'flux-system';

/** An environment in gitops mode, resolved. */
export interface GitOpsEnvironment {
  workspace: string;
  app: string;
  environment: string;
  cluster: string;
  namespace: string;
  /** The repository name on the git provider. */
  repository: string;
  /** The branch the agent follows (undefined: the repository's default branch). */
  branch?: string;
  agent: GitOpsAgentKind;
  /** `apps/<workspace>/<app>/<env>`. */
  path: string;
}

/** The embedded application repository of a workspace. */
export function workspaceRepository(workspace: string): string {
  return `${workspace}-apps`;
}

/** `apps/<workspace>/<app>/<env>`. */
export function appPath(workspace: string, app: string, environment: string): string {
  return `apps/${workspace}/${app}/${environment}`;
}

/** The branch of the change request delivering `revision`. */
export function revisionBranch(app: string, environment: string, revision: number): string {
  return `berth/${app}-${environment}-r${revision}`;
}

/** The environment of a spec, or undefined. */
export function environmentOf(spec: Application, name: string): Environment | undefined {
  return (spec.spec.environments ?? []).find((e) => e.name === name);
}

/** The gitops view of an environment (any delivery mode; callers check `delivery`). */
export function gitopsEnvironment(workspace: string, spec: Application, env: Environment): GitOpsEnvironment {
  return {
    workspace,
    app: spec.metadata.name,
    environment: env.name,
    cluster: env.cluster,
    namespace: env.namespace,
    repository: env.gitops?.repo ?? workspaceRepository(workspace),
    ...(env.gitops?.branch ? { branch: env.gitops.branch } : {}),
    agent: env.gitops?.agent ?? 'argocd',
    path: appPath(workspace, spec.metadata.name, env.name),
  };
}

/** Name of the Argo CD Application / Flux Kustomization of an app's environment. */
export function agentObjectName(target: Pick<GitOpsEnvironment, 'workspace' | 'app' | 'environment'>): string {
  return fitName(`${target.workspace}-${target.app}-${target.environment}`);
}

/** Name of the Flux GitRepository / Argo CD repository Secret of a repository. */
export function repositoryObjectName(repository: string): string {
  return fitName(`berth-repo-${repository.replace(/[^a-z0-9-]/g, '-')}`);
}
