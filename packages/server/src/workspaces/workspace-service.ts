import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { staleVersion } from '../http/concurrency.js';
import { ConflictError, InputError, NotFoundError } from '../http/errors.js';
import { keysetPage, type Page, type PageRequest } from '../http/pagination.js';
import type { Authorizer, Subject, WorkspaceRole } from '../iam/authorizer.js';
import { newId, storedVersion } from '../store/ids.js';
import type { CoreTables, WorkspacesTable } from '../store/schema.js';
import type {
  createWorkspaceSchema,
  Member,
  NamespaceBinding,
  updateWorkspaceSchema,
  Workspace,
} from './schemas.js';

/** What the workspace service needs. */
export interface WorkspaceServiceDeps {
  db: Kysely<CoreTables>;
  authorizer: Authorizer;
  now?: () => Date;
}

/**
 * Workspaces, their members and namespace bindings. Other capabilities use `require`,
 * `namespacesOf` and `workspaceOfNamespace`; authorization happens before these are called.
 */
export class WorkspaceService {
  constructor(private readonly deps: WorkspaceServiceDeps) {}

  #now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  /** The workspaces the subject may see, by name. */
  async list(subject: Subject, page: PageRequest): Promise<Page<Workspace>> {
    const scope = await this.deps.authorizer.scopeOf(subject, 'workspaces.list');
    let q = this.deps.db.selectFrom('workspaces').selectAll();
    if (!scope.all) {
      if (scope.workspaces.length === 0) return { items: [] };
      q = q.where('name', 'in', scope.workspaces);
    }
    const result = await keysetPage(q, { sort: 'name', id: 'id' }, page);
    return { ...result, items: result.items.map(toWorkspace) };
  }

  /** One workspace. */
  async get(name: string): Promise<Workspace> {
    return toWorkspace(await this.require(name));
  }

  /** The stored row of a workspace (with its id), or 404. */
  async require(name: string): Promise<WorkspacesTable> {
    const row = await this.deps.db
      .selectFrom('workspaces')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`workspace ${name} not found`);
    return row;
  }

  /** Creates a workspace; 409 when the name is taken. */
  async create(input: z.infer<typeof createWorkspaceSchema>): Promise<Workspace> {
    const now = this.#now();
    const row: WorkspacesTable = {
      id: newId(),
      name: input.name,
      display_name: input.displayName ?? input.name,
      description: input.description,
      resource_version: 1,
      created_at: now,
      updated_at: now,
    };
    const existing = await this.deps.db
      .selectFrom('workspaces')
      .select('id')
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (existing)
      throw new ConflictError(`workspace ${input.name} already exists`, [
        { path: 'name', message: 'is taken' },
      ]);
    await this.deps.db.insertInto('workspaces').values(row).execute();
    return toWorkspace(row);
  }

  /** Updates a workspace at `expectedVersion`; stale → 409 and nothing changes. */
  async update(
    name: string,
    patch: z.infer<typeof updateWorkspaceSchema>,
    expectedVersion: string,
  ): Promise<Workspace> {
    const row = await this.require(name);
    const result = await this.deps.db
      .updateTable('workspaces')
      .set((eb) => ({
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        updated_at: this.#now(),
        resource_version: eb('resource_version', '+', 1),
      }))
      .where('id', '=', row.id)
      .where('resource_version', '=', storedVersion(expectedVersion))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw staleVersion('workspace', name);
    return this.get(name);
  }

  /** Deletes a workspace (and its members and bindings); with a version, only at that version. */
  async delete(name: string, expectedVersion?: string): Promise<void> {
    const row = await this.require(name);
    let q = this.deps.db.deleteFrom('workspaces').where('id', '=', row.id);
    if (expectedVersion !== undefined) q = q.where('resource_version', '=', storedVersion(expectedVersion));
    const result = await q.executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw staleVersion('workspace', name);
  }

  /** Members of a workspace by user name. */
  async members(name: string): Promise<Member[]> {
    const ws = await this.require(name);
    const rows = await this.deps.db
      .selectFrom('workspace_members')
      .innerJoin('users', 'users.id', 'workspace_members.user_id')
      .select(['users.username', 'workspace_members.role', 'workspace_members.created_at'])
      .where('workspace_members.workspace_id', '=', ws.id)
      .orderBy('users.username')
      .execute();
    return rows.map((r) => ({ username: r.username, role: r.role as WorkspaceRole, since: r.created_at }));
  }

  /** Gives a user a role in the workspace (adds or changes the membership). */
  async setMember(name: string, username: string, role: WorkspaceRole): Promise<Member> {
    const ws = await this.require(name);
    const user = await this.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    if (!user)
      throw new InputError(`user ${username} does not exist`, [
        { path: 'params.username', message: 'is not a user' },
      ]);
    const now = this.#now();
    await this.deps.db
      .insertInto('workspace_members')
      .values({ workspace_id: ws.id, user_id: user.id, role, created_at: now })
      .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ role }))
      .execute();
    const member = (await this.members(name)).find((m) => m.username === username)!;
    return member;
  }

  /** Removes a member. */
  async removeMember(name: string, username: string): Promise<void> {
    const ws = await this.require(name);
    const user = await this.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    const result = user
      ? await this.deps.db
          .deleteFrom('workspace_members')
          .where('workspace_id', '=', ws.id)
          .where('user_id', '=', user.id)
          .executeTakeFirst()
      : undefined;
    if (!result || Number(result.numDeletedRows) === 0)
      throw new NotFoundError(`${username} is not a member of workspace ${name}`);
  }

  /** Namespaces the workspace owns, by cluster then namespace. */
  async namespacesOf(name: string): Promise<NamespaceBinding[]> {
    const ws = await this.require(name);
    return this.deps.db
      .selectFrom('workspace_namespaces')
      .select(['cluster', 'namespace'])
      .where('workspace_id', '=', ws.id)
      .orderBy('cluster')
      .orderBy('namespace')
      .execute();
  }

  /** Binds a namespace of a cluster to the workspace; 409 when another workspace owns it. */
  async bindNamespace(name: string, binding: NamespaceBinding): Promise<NamespaceBinding> {
    const ws = await this.require(name);
    const owner = await this.workspaceOfNamespace(binding.cluster, binding.namespace);
    if (owner === name) return binding;
    if (owner)
      throw new ConflictError(
        `namespace ${binding.namespace} on cluster ${binding.cluster} belongs to another workspace`,
      );
    await this.deps.db
      .insertInto('workspace_namespaces')
      .values({ workspace_id: ws.id, ...binding, created_at: this.#now() })
      .execute();
    return binding;
  }

  /** Unbinds a namespace from the workspace. */
  async unbindNamespace(name: string, binding: NamespaceBinding): Promise<void> {
    const ws = await this.require(name);
    const result = await this.deps.db
      .deleteFrom('workspace_namespaces')
      .where('workspace_id', '=', ws.id)
      .where('cluster', '=', binding.cluster)
      .where('namespace', '=', binding.namespace)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0)
      throw new NotFoundError(`namespace ${binding.namespace} on ${binding.cluster} is not bound to ${name}`);
  }

  /** The workspace that owns a namespace of a cluster, if any. */
  async workspaceOfNamespace(cluster: string, namespace: string): Promise<string | undefined> {
    const row = await this.deps.db
      .selectFrom('workspace_namespaces')
      .innerJoin('workspaces', 'workspaces.id', 'workspace_namespaces.workspace_id')
      .select('workspaces.name')
      .where('cluster', '=', cluster)
      .where('namespace', '=', namespace)
      .executeTakeFirst();
    return row?.name;
  }
}

function toWorkspace(row: WorkspacesTable): Workspace {
  return {
    name: row.name,
    displayName: row.display_name,
    description: row.description,
    resourceVersion: String(row.resource_version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
