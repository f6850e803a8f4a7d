/**
 * Makes sure an environment's application repository exists and its cluster carries the
 * agent objects that sync it — once per application environment (recorded in `gitops_targets`),
 * again when the repository, path, branch or agent changed.
 */
import type { KubeObject } from '@berth/core';
import { NotFoundError } from '../http/errors.js';
import { gitHubRefOfKey, gitHubWebUrl } from '../git/github/github-address.js';
import { GitHubRepositoryUnusableError } from '../git/github/github-errors.js';
import type { RepositoryInfo } from '../git/provider.js';
import {
  agentObjects,
  ensureAgentCrds,
  GITOPS_FIELD_MANAGER,
  APPLICATION_KIND,
  KUSTOMIZATION_KIND,
  type RepositoryAccess,
} from './agent-objects.js';
import type { GitOpsDeps } from './deps.js';
import {
  agentObjectName,
  ARGOCD_NAMESPACE,
  FLUX_NAMESPACE,
  repositoryObjectName,
  workspaceRepository,
  type GitOpsEnvironment,
} from './layout.js';

/**
 * The environment's repository; the workspace repository is created on first use. A GitHub
 * repository must be granted to the workspace (403 / 422 otherwise, `GitHubHosts.authorize`)
 * and exist: Berth never creates one (missing → 422 with its URL).
 */
export async function ensureRepository(deps: GitOpsDeps, target: GitOpsEnvironment): Promise<RepositoryInfo> {
  const github = gitHubRefOfKey(target.repository);
  if (github) {
    if (!deps.github)
      throw new GitHubRepositoryUnusableError(
        `GitHub repositories are not enabled on this Berth (${target.repository})`,
      );
    await deps.github.authorize(target.workspace, github);
    try {
      return await deps.git.getRepository(target.repository);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new GitHubRepositoryUnusableError(
        `GitHub repository ${gitHubWebUrl(github, deps.github.webUrl)} does not exist, or its credentials cannot see it: create it on GitHub (Berth does not create GitHub repositories), or give the credentials access to it`,
      );
    }
  }
  return owned(target, await embeddedRepository(deps, target));
}

/** The embedded repository of `target`, created when it is the workspace's own and missing. */
async function embeddedRepository(deps: GitOpsDeps, target: GitOpsEnvironment): Promise<RepositoryInfo> {
  try {
    return await deps.git.getRepository(target.repository);
  } catch (error) {
    if (!(error instanceof NotFoundError) || target.repository !== workspaceRepository(target.workspace))
      throw error;
    try {
      return await deps.git.createRepository({
        name: target.repository,
        workspace: target.workspace,
        description: `Application repository of workspace ${target.workspace} (GitOps)`,
      });
    } catch {
      return deps.git.getRepository(target.repository);
    }
  }
}

/** An embedded repository of another workspace is not there for this one (as in the git routes). */
function owned(target: GitOpsEnvironment, repository: RepositoryInfo): RepositoryInfo {
  if (repository.workspace !== undefined && repository.workspace !== target.workspace)
    throw new NotFoundError(`repository ${target.repository} not found in workspace ${target.workspace}`);
  return repository;
}

/** How the agent reaches a GitHub repository: its URL and Berth's credentials for it. */
async function gitHubAccess(
  deps: GitOpsDeps,
  target: GitOpsEnvironment,
  branch: string,
): Promise<RepositoryAccess | undefined> {
  const github = gitHubRefOfKey(target.repository);
  if (!github || !deps.github) return undefined;
  const credentials = await deps.github.agentCredentials(github);
  const url = deps.github.cloneUrl(github);
  if (credentials.kind === 'token')
    return { url, branch, credentials: { username: 'x-access-token', password: credentials.token } };
  const { appId, installationId, privateKey } = credentials;
  const enterpriseApiUrl = deps.github.enterpriseApiUrl;
  return {
    url,
    branch,
    gitHubApp: { appId, installationId, privateKey, ...(enterpriseApiUrl ? { enterpriseApiUrl } : {}) },
  };
}

/** The branch the agent follows. */
export function branchOf(target: GitOpsEnvironment, repository: RepositoryInfo): string {
  return target.branch ?? repository.defaultBranch;
}

/**
 * Writes the agent objects (and CRDs, a repository Secret) once per environment. A GitHub
 * repository's Secret is applied on every call (server-side apply: idempotent), so credentials a
 * platform admin rotated reach the agent with the next delivery.
 */
export async function ensureAgent(
  deps: GitOpsDeps,
  target: GitOpsEnvironment,
  repository: RepositoryInfo,
): Promise<boolean> {
  const branch = branchOf(target, repository);
  const github = await gitHubAccess(deps, target, branch);
  const known = await deps.store.target(target.workspace, target.app, target.environment);
  if (
    known &&
    known.cluster === target.cluster &&
    known.agent === target.agent &&
    known.repository === target.repository &&
    known.path === target.path &&
    known.branch === branch
  ) {
    if (github) {
      const cluster = await deps.clusters.get(target.cluster);
      await cluster.apply(
        agentObjects(target, github).filter((o) => o.kind === 'Secret'),
        { fieldManager: GITOPS_FIELD_MANAGER },
      );
    }
    return false;
  }
  const cluster = await deps.clusters.get(target.cluster);
  if (deps.installCrds !== false) await ensureAgentCrds(cluster, target.agent);
  const agentNamespace = target.agent === 'argocd' ? ARGOCD_NAMESPACE : FLUX_NAMESPACE;
  await cluster.ensureNamespace(agentNamespace);
  await cluster.ensureNamespace(target.namespace, { 'berth.dev/workspace': target.workspace });
  let objects: KubeObject[];
  if (github) objects = agentObjects(target, github);
  else {
    const url = deps.cloneUrl ? deps.cloneUrl(repository) : repository.cloneUrl;
    const secretName = repositoryObjectName(target.repository);
    let credentials: { username: string; password: string } | undefined;
    const existing = await cluster.get({
      apiVersion: 'v1',
      kind: 'Secret',
      name: secretName,
      namespace: agentNamespace,
    });
    if (!existing && deps.readTokens && !gitHubRefOfKey(target.repository)) {
      const token = await deps.readTokens.create(target.repository, `${target.agent}@${target.cluster}`);
      credentials = { username: target.agent, password: token.token };
    }
    objects = agentObjects(target, { url, branch, ...(credentials ? { credentials } : {}) }).filter(
      (o: KubeObject) => !(o.kind === 'Secret' && existing),
    );
  }
  await cluster.apply(objects, { fieldManager: GITOPS_FIELD_MANAGER });
  await deps.store.putTarget({
    workspace: target.workspace,
    app: target.app,
    environment: target.environment,
    cluster: target.cluster,
    agent: target.agent,
    repository: target.repository,
    path: target.path,
    branch,
  });
  return true;
}

/**
 * Deletes the environment's Application (its resources finalizer makes Argo CD delete what it
 * synced) or Kustomization (Flux prunes its inventory), after its directory was removed.
 */
export async function removeAgent(
  deps: GitOpsDeps,
  target: Pick<GitOpsEnvironment, 'workspace' | 'app' | 'environment'>,
): Promise<boolean> {
  const known = await deps.store.target(target.workspace, target.app, target.environment);
  if (!known) return false;
  const cluster = await deps.clusters.get(known.cluster);
  const name = agentObjectName(target);
  if (known.agent === 'argocd')
    await cluster.delete({ ...APPLICATION_KIND, name, namespace: ARGOCD_NAMESPACE });
  else await cluster.delete({ ...KUSTOMIZATION_KIND, name, namespace: FLUX_NAMESPACE });
  await deps.store.forgetTarget(target.workspace, target.app, target.environment);
  return true;
}
