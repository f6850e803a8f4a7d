/**
 * Makes sure an environment's application repository exists and its cluster carries the
 * agent objects that sync it — once per application environment (recorded in `gitops_targets`),
 * again when the repository, path, branch or agent changed.
 */
import type { KubeObject } from '@berth/core';
import { NotFoundError } from '../http/errors.js';
import type { RepositoryInfo } from '../git/provider.js';
import { agentObjects, ensureAgentCrds, GITOPS_FIELD_MANAGER, APPLICATION_KIND, KUSTOMIZATION_KIND } from './agent-objects.js';
import type { GitOpsDeps } from './deps.js';
import { agentObjectName, ARGOCD_NAMESPACE, FLUX_NAMESPACE, repositoryObjectName, workspaceRepository, type GitOpsEnvironment } from './layout.js';

/** The environment's repository; the workspace repository is created on first use. */
export async function ensureRepository(deps: GitOpsDeps, target: GitOpsEnvironment): Promise<RepositoryInfo> {
  try {
    return await deps.git.getRepository(target.repository);
  } catch (error) {
    if (!(error instanceof NotFoundError) || target.repository !== workspaceRepository(target.workspace)) throw error;
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

/** The branch the agent follows. */
export function branchOf(target: GitOpsEnvironment, repository: RepositoryInfo): string {
  return target.branch ?? repository.defaultBranch;
}

/** Writes the agent objects (and CRDs, a repository Secret) once per environment. */
export async function ensureAgent(deps: GitOpsDeps, target: GitOpsEnvironment, repository: RepositoryInfo): Promise<boolean> {
  const branch = branchOf(target, repository);
  const known = await deps.store.target(target.workspace, target.app, target.environment);
  if (
    known &&
    known.cluster === target.cluster &&
    known.agent === target.agent &&
    known.repository === target.repository &&
    known.path === target.path &&
    known.branch === branch
  )
    return false;
  const cluster = await deps.clusters.get(target.cluster);
  if (deps.installCrds !== false) await ensureAgentCrds(cluster, target.agent);
  const agentNamespace = target.agent === 'argocd' ? ARGOCD_NAMESPACE : FLUX_NAMESPACE;
  await cluster.ensureNamespace(agentNamespace);
  await cluster.ensureNamespace(target.namespace, { 'berth.dev/workspace': target.workspace });
  const url = deps.cloneUrl ? deps.cloneUrl(repository) : repository.cloneUrl;
  const secretName = repositoryObjectName(target.repository);
  let credentials: { username: string; password: string } | undefined;
  const existing = await cluster.get({ apiVersion: 'v1', kind: 'Secret', name: secretName, namespace: agentNamespace });
  if (!existing && deps.readTokens && deps.git.kind === 'embedded') {
    const token = await deps.readTokens.create(target.repository, `${target.agent}@${target.cluster}`);
    credentials = { username: target.agent, password: token.token };
  }
  const objects = agentObjects(target, { url, branch, ...(credentials ? { credentials } : {}) }).filter(
    (o: KubeObject) => !(o.kind === 'Secret' && existing),
  );
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
export async function removeAgent(deps: GitOpsDeps, target: Pick<GitOpsEnvironment, 'workspace' | 'app' | 'environment'>): Promise<boolean> {
  const known = await deps.store.target(target.workspace, target.app, target.environment);
  if (!known) return false;
  const cluster = await deps.clusters.get(known.cluster);
  const name = agentObjectName(target);
  if (known.agent === 'argocd') await cluster.delete({ ...APPLICATION_KIND, name, namespace: ARGOCD_NAMESPACE });
  else await cluster.delete({ ...KUSTOMIZATION_KIND, name, namespace: FLUX_NAMESPACE });
  await deps.store.forgetTarget(target.workspace, target.app, target.environment);
  return true;
}
