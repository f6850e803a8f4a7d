import { staleVersion } from '../http/concurrency.js';
import { ConflictError, NotAllowedError, NotFoundError } from '../http/errors.js';
import type { Page, PageRequest } from '../http/pagination.js';
import type { Authorizer, Subject } from '../iam/authorizer.js';
import type { ClusterConnection } from '../kube/cluster-connection.js';
import { KubeconfigError } from '../kube/errors.js';
import { loadKubeconfig } from '../kube/kubeconfig.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { newId } from '../store/ids.js';
import {
  ClusterCheckFailedError,
  describeClusterFailure,
  KubeconfigRejectedError,
} from './cluster-errors.js';
import {
  type ClusterConnections,
  type ConnectCluster,
  KUBECONFIG_SECRET_SCOPE,
} from './cluster-connections.js';
import { type ClusterStore, toCluster } from './cluster-store.js';
import type { ClustersTable } from './migration.js';
import { summarizeNodes } from './node-groups.js';
import type { Cluster, ClusterNamespace, NodesSummary, RegisterCluster, UpdateCluster } from './schemas.js';

/** What the cluster service needs. */
export interface ClusterServiceDeps {
  clusters: ClusterStore;
  secrets: SecretStore;
  authorizer: Authorizer;
  connections: ClusterConnections;
  /** Connects to a kubeconfig not yet stored (for the check at registration). */
  connect: ConnectCluster;
  now: () => Date;
}

/**
 * Registered clusters: registration by kubeconfig (sealed in the secret store, never returned),
 * connectivity checks, nodes and namespaces. Platform admins see every cluster; other users
 * see the clusters their workspaces have namespaces on, and anything else is a 404.
 */
export class ClusterService {
  constructor(private readonly deps: ClusterServiceDeps) {}

  /** Clusters the subject may see, by name. */
  async list(subject: Subject, page: PageRequest): Promise<Page<Cluster>> {
    return this.deps.clusters.list(await this.deps.authorizer.scopeOf(subject, 'clusters.list'), page);
  }

  /** One cluster the subject may see. */
  async get(subject: Subject, name: string): Promise<Cluster> {
    return toCluster(await this.#visible(subject, name));
  }

  /**
   * Registers a cluster: the kubeconfig must parse, have a current context and carry its
   * credentials inline, and the cluster must answer `GET /version`; then the kubeconfig is sealed.
   */
  async register(input: RegisterCluster): Promise<Cluster> {
    const server = serverOf(input.kubeconfig);
    if (await this.deps.clusters.exists(input.name)) throw taken(input.name);
    const version = await this.#probe(server, this.deps.connect(input.kubeconfig));
    const at = this.deps.now().toISOString();
    const row: ClustersTable = {
      id: newId(),
      name: input.name,
      display_name: input.displayName ?? input.name,
      simulated: input.simulated ? 1 : 0,
      server,
      status: 'ready',
      status_message: null,
      version,
      last_checked_at: at,
      kubeconfig_version: 1,
      resource_version: 1,
      created_at: at,
      updated_at: at,
    };
    if (!(await this.deps.clusters.insert(row))) throw taken(input.name);
    try {
      await this.deps.secrets.put(KUBECONFIG_SECRET_SCOPE, input.name, input.kubeconfig);
    } catch (error) {
      await this.deps.clusters.delete(input.name);
      throw error;
    }
    return toCluster(row);
  }

  /** Checks connectivity and version now and records the result; a failure is a 502 problem. */
  async check(subject: Subject, name: string): Promise<Cluster> {
    const row = await this.#visible(subject, name);
    await this.#allowed(subject, 'clusters.check', name);
    const at = this.deps.now().toISOString();
    try {
      const version = await this.#probe(row.server, await this.deps.connections.get(name), true);
      await this.deps.clusters.recordCheck(name, { status: 'ready', message: null, version, at });
    } catch (error) {
      const failure =
        error instanceof ClusterCheckFailedError
          ? error
          : new ClusterCheckFailedError(describeClusterFailure(row.server, error));
      await this.deps.clusters.recordCheck(name, {
        status: 'unreachable',
        message: failure.message,
        version: null,
        at,
      });
      throw failure;
    }
    return toCluster((await this.deps.clusters.find(name))!);
  }

  /** Changes the display name and/or the kubeconfig (checked like at registration) at a version. */
  async update(
    subject: Subject,
    name: string,
    patch: UpdateCluster,
    expectedVersion: string,
  ): Promise<Cluster> {
    await this.#visible(subject, name);
    await this.#allowed(subject, 'clusters.update', name);
    let server: string | undefined;
    if (patch.kubeconfig !== undefined) {
      server = serverOf(patch.kubeconfig);
      await this.#probe(server, this.deps.connect(patch.kubeconfig));
    }
    const updated = await this.deps.clusters.update(name, expectedVersion, {
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(server !== undefined ? { server } : {}),
      kubeconfigChanged: patch.kubeconfig !== undefined,
      at: this.deps.now().toISOString(),
    });
    if (!updated) throw staleVersion('cluster', name);
    if (patch.kubeconfig !== undefined) {
      await this.deps.secrets.put(KUBECONFIG_SECRET_SCOPE, name, patch.kubeconfig);
      this.deps.connections.forget(name);
    }
    return toCluster((await this.deps.clusters.find(name))!);
  }

  /** Removes a cluster and its kubeconfig (objects on the cluster stay). */
  async delete(subject: Subject, name: string): Promise<void> {
    await this.#visible(subject, name);
    await this.#allowed(subject, 'clusters.delete', name);
    await this.deps.clusters.delete(name);
    await this.deps.secrets.delete(KUBECONFIG_SECRET_SCOPE, name);
    this.deps.connections.forget(name);
  }

  /** Node count, readiness, capacity/allocatable totals (with GPUs) and node groups. */
  async nodes(subject: Subject, name: string): Promise<NodesSummary> {
    const row = await this.#visible(subject, name);
    return summarizeNodes(await this.#call(row, (c) => c.listNodes()));
  }

  /** Namespaces of the cluster with their workspace; non-admins see their workspaces' only. */
  async namespaces(subject: Subject, name: string): Promise<ClusterNamespace[]> {
    const row = await this.#visible(subject, name);
    const namespaces = await this.#call(row, (c) => c.listNamespaces());
    const bindings = await this.deps.clusters.bindingsOn(name);
    const scope = await this.deps.authorizer.scopeOf(subject, 'namespaces.list');
    const mine = scope.all ? undefined : new Set(scope.workspaces);
    return namespaces
      .map((ns) => {
        const workspace = bindings.get(ns.name);
        return { name: ns.name, phase: ns.phase, labels: ns.labels, ...(workspace ? { workspace } : {}) };
      })
      .filter((ns) => !mine || (ns.workspace !== undefined && mine.has(ns.workspace)))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async #visible(subject: Subject, name: string): Promise<ClustersTable> {
    const row = await this.deps.clusters.find(name);
    if (row) {
      const scope = await this.deps.authorizer.scopeOf(subject, 'clusters.read');
      if (scope.all || (await this.deps.clusters.boundToAny(name, scope.workspaces))) return row;
    }
    throw new NotFoundError(`cluster ${name} not found`);
  }

  async #allowed(subject: Subject, action: string, name: string): Promise<void> {
    const decision = await this.deps.authorizer.can(subject, action, { kind: 'clusters', name });
    if (!decision.allowed) throw new NotAllowedError(decision.reason);
  }

  /** `GET /version` through `connection`; closes it after unless it is a cached one. */
  async #probe(server: string, connection: ClusterConnection, keepOpen = false): Promise<string> {
    try {
      return (await connection.version()).gitVersion;
    } catch (error) {
      throw new ClusterCheckFailedError(describeClusterFailure(server, error));
    } finally {
      if (!keepOpen) connection.close();
    }
  }

  async #call<T>(row: ClustersTable, fn: (c: ClusterConnection) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.deps.connections.get(row.name));
    } catch (error) {
      throw new ClusterCheckFailedError(describeClusterFailure(row.server, error));
    }
  }
}

/** The server of a kubeconfig, or a 422 saying what is wrong with it. */
function serverOf(kubeconfig: string): string {
  try {
    return loadKubeconfig(kubeconfig).summary.server;
  } catch (error) {
    if (error instanceof KubeconfigError)
      throw new KubeconfigRejectedError(error.message, [{ path: 'kubeconfig', message: error.message }]);
    throw error;
  }
}

function taken(name: string): ConflictError {
  return new ConflictError(`cluster ${name} already exists`, [{ path: 'name', message: 'is taken' }]);
}
