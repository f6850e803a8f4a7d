/** Roles a user can hold in a workspace, weakest first. */
export const WORKSPACE_ROLES = ['viewer', 'developer', 'owner'] as const;

/** A role in a workspace. */
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/** Who is asking: the signed-in user behind a session cookie or an access token. */
export interface Subject {
  userId: string;
  username: string;
  platformAdmin: boolean;
  credential: 'session' | 'token';
}

/** What is asked about: a kind (`apps`), optionally its workspace and name. */
export interface ResourceRef {
  kind: string;
  workspace?: string;
  name?: string;
}

/** The answer of the authorizer, with the reason it can explain. */
export interface Decision {
  allowed: boolean;
  reason: string;
}

/** Which workspaces a list may include: everything, or only these names. */
export type ListScope = { all: true } | { all: false; workspaces: string[] };

/**
 * The ONE authorization interface. Actions are `<kind>.<verb>` (`apps.update`, `workspaces.read`).
 * Today {@link RoleAuthorizer} implements it with platform-admin and workspace roles; the scope
 * model (platform → cluster → workspace → namespace) will replace it behind the same interface.
 */
export interface Authorizer {
  can(subject: Subject, action: string, resource: ResourceRef): Promise<Decision>;
  /** The workspaces whose resources a list for `action` may show, to filter in the query. */
  scopeOf(subject: Subject, action: string): Promise<ListScope>;
  /** Keeps the items the subject may see with `action`. */
  filter<T extends ResourceRef>(subject: Subject, action: string, items: readonly T[]): Promise<T[]>;
}

/** Where the authorizer learns workspace roles (implemented by the workspaces store). */
export interface MembershipSource {
  roleIn(userId: string, workspace: string): Promise<WorkspaceRole | undefined>;
  rolesOf(userId: string): Promise<{ workspace: string; role: WorkspaceRole }[]>;
}

/** The least a subject needs for an action. */
export type Requirement = WorkspaceRole | 'platform-admin';

const READ_VERBS = new Set(['read', 'list', 'get', 'watch', 'logs', 'status', 'diff']);
/** Kinds whose changes developers may make in their workspaces. */
const DEVELOPER_KINDS = new Set([
  'apps',
  'revisions',
  'runs',
  'workflows',
  'deployments',
  'deliveries',
  'approvals',
  'changes',
]);
/** Kinds only platform admins may change, even inside a workspace. */
const PLATFORM_KINDS = new Set(['users', 'clusters', 'namespaces', 'addons', 'catalog']);
const PLATFORM_ACTIONS = new Set(['workspaces.create']);
/** Kinds that only owners may even read (the audit log of their workspace). */
const OWNER_KINDS = new Set(['audit']);

/** The requirement of an action: reads need viewer, app work developer, the rest owner. */
export function requirementOf(action: string): Requirement {
  const dot = action.lastIndexOf('.');
  const kind = dot < 0 ? action : action.slice(0, dot);
  const verb = dot < 0 ? '' : action.slice(dot + 1);
  if (PLATFORM_ACTIONS.has(action)) return 'platform-admin';
  if (OWNER_KINDS.has(kind)) return 'owner';
  if (READ_VERBS.has(verb)) return 'viewer';
  if (PLATFORM_KINDS.has(kind)) return 'platform-admin';
  if (DEVELOPER_KINDS.has(kind) || verb === 'deploy' || verb === 'approve' || verb === 'rollback')
    return 'developer';
  return 'owner';
}

function satisfies(role: WorkspaceRole, needed: WorkspaceRole): boolean {
  return WORKSPACE_ROLES.indexOf(role) >= WORKSPACE_ROLES.indexOf(needed);
}

/** Platform admins may do everything; others act through their workspace roles. */
export class RoleAuthorizer implements Authorizer {
  constructor(private readonly members: MembershipSource) {}

  async can(subject: Subject, action: string, resource: ResourceRef): Promise<Decision> {
    if (subject.platformAdmin) return { allowed: true, reason: `${subject.username} is a platform admin` };
    const needed = requirementOf(action);
    if (needed === 'platform-admin') return { allowed: false, reason: `${action} needs a platform admin` };
    if (!resource.workspace)
      return { allowed: false, reason: `${action} outside a workspace needs a platform admin` };
    const role = await this.members.roleIn(subject.userId, resource.workspace);
    if (!role)
      return {
        allowed: false,
        reason: `${subject.username} is not a member of workspace ${resource.workspace}`,
      };
    return satisfies(role, needed)
      ? { allowed: true, reason: `${subject.username} is ${role} of workspace ${resource.workspace}` }
      : {
          allowed: false,
          reason: `${action} needs ${needed} in workspace ${resource.workspace}; ${subject.username} is ${role}`,
        };
  }

  async scopeOf(subject: Subject, action: string): Promise<ListScope> {
    if (subject.platformAdmin) return { all: true };
    const needed = requirementOf(action);
    if (needed === 'platform-admin') return { all: false, workspaces: [] };
    const roles = await this.members.rolesOf(subject.userId);
    return { all: false, workspaces: roles.filter((r) => satisfies(r.role, needed)).map((r) => r.workspace) };
  }

  async filter<T extends ResourceRef>(subject: Subject, action: string, items: readonly T[]): Promise<T[]> {
    const scope = await this.scopeOf(subject, action);
    if (scope.all) return [...items];
    const allowed = new Set(scope.workspaces);
    return items.filter((item) => item.workspace !== undefined && allowed.has(item.workspace));
  }
}
