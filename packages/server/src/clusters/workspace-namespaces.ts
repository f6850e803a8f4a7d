import { ConflictError, NotFoundError } from '../http/errors.js';
import type { KubeObject } from '../kube/cluster-connection.js';
import type { WorkspaceService } from '../workspaces/workspace-service.js';
import type { ClusterConnections } from './cluster-connections.js';
import type { ClusterStore } from './cluster-store.js';

/** Label Berth puts on the namespaces it creates for a workspace. */
export const WORKSPACE_LABEL = 'berth.dev/workspace';

/** What {@link ensureWorkspaceNamespace} needs. */
export interface WorkspaceNamespaceDeps {
  workspaces: WorkspaceService;
  clusters: ClusterStore;
  connections: ClusterConnections;
}

/**
 * Makes sure `namespace` on `cluster` exists and belongs to `workspace` — what a deploy calls
 * first. Binds the namespace to the workspace when nobody owns it yet (409 when another
 * workspace does), then creates it on the cluster (idempotent server-side apply) labelled
 * `berth.dev/workspace=<workspace>`.
 */
export async function ensureWorkspaceNamespace(
  deps: WorkspaceNamespaceDeps,
  workspace: string,
  cluster: string,
  namespace: string,
): Promise<KubeObject> {
  if (!(await deps.clusters.exists(cluster))) throw new NotFoundError(`cluster ${cluster} not found`);
  const owner = await deps.workspaces.workspaceOfNamespace(cluster, namespace);
  if (owner !== undefined && owner !== workspace)
    throw new ConflictError(`namespace ${namespace} on cluster ${cluster} belongs to another workspace`);
  if (owner === undefined) await deps.workspaces.bindNamespace(workspace, { cluster, namespace });
  const connection = await deps.connections.get(cluster);
  return connection.ensureNamespace(namespace, { [WORKSPACE_LABEL]: workspace });
}
