import type { Kysely } from 'kysely';
import type { MembershipSource, WorkspaceRole } from '../iam/authorizer.js';
import type { CoreTables } from '../store/schema.js';

/** Workspace roles read from the store, for the authorizer. */
export class StoredMemberships implements MembershipSource {
  constructor(private readonly db: Kysely<CoreTables>) {}

  async roleIn(userId: string, workspace: string): Promise<WorkspaceRole | undefined> {
    const row = await this.db
      .selectFrom('workspace_members')
      .innerJoin('workspaces', 'workspaces.id', 'workspace_members.workspace_id')
      .select('workspace_members.role')
      .where('workspace_members.user_id', '=', userId)
      .where('workspaces.name', '=', workspace)
      .executeTakeFirst();
    return row?.role as WorkspaceRole | undefined;
  }

  async rolesOf(userId: string): Promise<{ workspace: string; role: WorkspaceRole }[]> {
    const rows = await this.db
      .selectFrom('workspace_members')
      .innerJoin('workspaces', 'workspaces.id', 'workspace_members.workspace_id')
      .select(['workspaces.name as workspace', 'workspace_members.role'])
      .where('workspace_members.user_id', '=', userId)
      .execute();
    return rows.map((r) => ({ workspace: r.workspace, role: r.role as WorkspaceRole }));
  }
}
