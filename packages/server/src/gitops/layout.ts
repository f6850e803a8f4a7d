/**
 * Where GitOps delivery puts things: the application repository of a workspace, the directory
 * of an application's environment, branch names of change requests, and the names of the
 * agent objects in the cluster.
 */
import { fitName, type Application, type Environment } from '@berth/core';
import { REPOSITORY_NAME } from '../git/embedded/embedded-provider.js';
import { gitHubKey, parseGitHubUrl } from '../git/github/github-address.js';
import { GitHubRepositoryUnusableError } from '../git/github/github-errors.js';

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
  /** The repository key: an embedded repository's name, or `github:<owner>:<repo>`. */
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

/**
 * The repository key of an environment's `gitops.repo`: absent → the workspace repository; an
 * embedded repository name as it is; a GitHub URL (`https://github.com/<owner>/<repo>`,
 * `github.com/<owner>/<repo>`, with or without `.git`; the GitHub Enterprise host of `githubUrl`
 * too) → `github:<owner>:<repo>`; anything else → 422 naming `spec.environments[i].gitops.repo`.
 */
export function repositoryKeyOf(workspace: string, spec: Application, env: Environment, githubUrl?: string): string {
  const repo = env.gitops?.repo;
  if (repo === undefined) return workspaceRepository(workspace);
  if (REPOSITORY_NAME.test(repo)) return repo;
  const github = parseGitHubUrl(repo, githubUrl);
  if (github) return gitHubKey(github);
  const index = (spec.spec.environments ?? []).indexOf(env);
  const path = `spec.environments[${index >= 0 ? index : env.name}].gitops.repo`;
  const example = `${(githubUrl ?? 'https://github.com').replace(/\/+$/, '')}/<owner>/<repo>`;
  throw new GitHubRepositoryUnusableError(`${path} must name an embedded repository or a GitHub repository (${example}); got ${JSON.stringify(repo.slice(0, 200))}`, [
    { path, message: `must be an embedded repository name or a GitHub repository URL (${example})` },
  ]);
}

/** The gitops view of an environment (any delivery mode; callers check `delivery`). */
export function gitopsEnvironment(workspace: string, spec: Application, env: Environment, githubUrl?: string): GitOpsEnvironment {
  return {
    workspace,
    app: spec.metadata.name,
    environment: env.name,
    cluster: env.cluster,
    namespace: env.namespace,
    repository: repositoryKeyOf(workspace, spec, env, githubUrl),
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
  return fitName(`berth-repo-${repository.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`);
}
