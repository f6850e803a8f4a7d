import { type Kysely, sql } from 'kysely';
import { keysetPage, type Page, type PageRequest } from '../http/pagination.js';
import type { ListScope } from '../iam/authorizer.js';
import { storedVersion } from '../store/ids.js';
import type { CoreTables } from '../store/schema.js';
import type { ClustersTable, ClusterTables } from './migration.js';
import type { Cluster } from './schemas.js';

/** The database of the clusters capability: its own tables plus the core ones it reads. */
export type ClusterDb = Kysely<CoreTables & ClusterTables>;

/** Queries on `clusters`; visibility follows the workspaces' namespace bindings. */
export class ClusterStore {
  constructor(private readonly db: ClusterDb) {}

  /** The row of a cluster, or undefined. */
  find(name: string): Promise<ClustersTable | undefined> {
    return this.db.selectFrom('clusters').selectAll().where('name', '=', name).executeTakeFirst();
  }

  /** The version of the cluster's kubeconfig (changes whenever it is replaced), or undefined. */
  async kubeconfigVersion(name: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('clusters')
      .select('kubeconfig_version')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.kubeconfig_version;
  }

  /** True when the cluster is registered. */
  async exists(name: string): Promise<boolean> {
    return (await this.find(name)) !== undefined;
  }

  /** How many clusters are registered. */
  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('clusters')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** True when a workspace of `workspaces` has a namespace on the cluster. */
  async boundToAny(name: string, workspaces: readonly string[]): Promise<boolean> {
    if (workspaces.length === 0) return false;
    const row = await this.db
      .selectFrom('workspace_namespaces')
      .innerJoin('workspaces', 'workspaces.id', 'workspace_namespaces.workspace_id')
      .select('workspace_namespaces.cluster')
      .where('workspace_namespaces.cluster', '=', name)
      .where('workspaces.name', 'in', workspaces)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** A page of the clusters in `scope` (all, or those bound to the scope's workspaces), by name. */
  async list(scope: ListScope, page: PageRequest): Promise<Page<Cluster>> {
    let q = this.db.selectFrom('clusters').selectAll();
    if (!scope.all) {
      if (scope.workspaces.length === 0) return { items: [] };
      const bound = this.db
        .selectFrom('workspace_namespaces')
        .innerJoin('workspaces', 'workspaces.id', 'workspace_namespaces.workspace_id')
        .select('workspace_namespaces.cluster')
        .where('workspaces.name', 'in', scope.workspaces);
      q = q.where('name', 'in', bound);
    }
    const result = await keysetPage(q, { sort: 'name', id: 'id' }, page);
    return { ...result, items: result.items.map(toCluster) };
  }

  /** Namespace → owning workspace, for the namespaces bound on a cluster. */
  async bindingsOn(cluster: string): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('workspace_namespaces')
      .innerJoin('workspaces', 'workspaces.id', 'workspace_namespaces.workspace_id')
      .select(['workspace_namespaces.namespace', 'workspaces.name'])
      .where('workspace_namespaces.cluster', '=', cluster)
      .execute();
    return new Map(rows.map((r) => [r.namespace, r.name]));
  }

  /** Inserts a new cluster; false when the name is taken. */
  async insert(row: ClustersTable): Promise<boolean> {
    const result = await this.db
      .insertInto('clusters')
      .values(row)
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Records the outcome of a check (does not change the resource version). */
  async recordCheck(
    name: string,
    check: { status: string; message: string | null; version: string | null; at: string },
  ): Promise<void> {
    await this.db
      .updateTable('clusters')
      .set({
        status: check.status,
        status_message: check.message,
        last_checked_at: check.at,
        ...(check.version ? { version: check.version } : {}),
      })
      .where('name', '=', name)
      .execute();
  }

  /** Updates fields at `expectedVersion`; false when the version is stale. */
  async update(
    name: string,
    expectedVersion: string,
    changes: { display_name?: string; server?: string; kubeconfigChanged: boolean; at: string },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('clusters')
      .set({
        ...(changes.display_name !== undefined ? { display_name: changes.display_name } : {}),
        ...(changes.server !== undefined ? { server: changes.server } : {}),
        updated_at: changes.at,
        resource_version: sql<number>`resource_version + 1`,
        ...(changes.kubeconfigChanged ? { kubeconfig_version: sql<number>`kubeconfig_version + 1` } : {}),
      })
      .where('name', '=', name)
      .where('resource_version', '=', storedVersion(expectedVersion))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Deletes a cluster row; false when there was none. */
  async delete(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('clusters').where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

/** The API view of a row. */
export function toCluster(row: ClustersTable): Cluster {
  return {
    name: row.name,
    displayName: row.display_name,
    simulated: row.simulated === 1,
    server: row.server,
    status: row.status as Cluster['status'],
    ...(row.status_message ? { statusMessage: row.status_message } : {}),
    ...(row.version ? { version: row.version } : {}),
    ...(row.last_checked_at ? { lastCheckedAt: row.last_checked_at } : {}),
    resourceVersion: String(row.resource_version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
