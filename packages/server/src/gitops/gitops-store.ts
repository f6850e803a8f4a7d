/** Queries of `gitops_changes` and `gitops_targets`. */
import type { Kysely } from 'kysely';
import { newId } from '../store/ids.js';
import type { GitOpsChangesTable, GitOpsTables, GitOpsTargetsTable } from './migration.js';

/** Kinds of change requests Berth opens. */
export type GitOpsChangeKind = 'deploy' | 'delete' | 'promote' | 'rollback';

/** Reads and writes GitOps delivery's records. */
export class GitOpsStore {
  constructor(
    private readonly db: Kysely<GitOpsTables>,
    private readonly now: () => Date,
  ) {}

  /** Records a change request Berth opened. */
  async addChange(input: Omit<GitOpsChangesTable, 'id' | 'created_at' | 'updated_at' | 'merge_sha' | 'state'>): Promise<GitOpsChangesTable> {
    const at = this.now().toISOString();
    const row: GitOpsChangesTable = { ...input, id: newId(), state: 'open', merge_sha: null, created_at: at, updated_at: at };
    await this.db.insertInto('gitops_changes').values(row).onConflict((c) => c.doNothing()).execute();
    return row;
  }

  /** The recorded change request on `branch`, newest first. */
  async changeOnBranch(repository: string, branch: string): Promise<GitOpsChangesTable | undefined> {
    return this.db
      .selectFrom('gitops_changes')
      .selectAll()
      .where('repository', '=', repository)
      .where('branch', '=', branch)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  }

  /** The recorded change request `number` of `repository`. */
  async changeByNumber(repository: string, number: number): Promise<GitOpsChangesTable | undefined> {
    return this.db
      .selectFrom('gitops_changes')
      .selectAll()
      .where('repository', '=', repository)
      .where('number', '=', number)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  }

  /**
   * Records that a host reported change request `number` of `repository` merged as `mergeSha`
   * (a webhook). Repository keys compare case-insensitively (GitHub names do). Returns how many
   * open records it moved.
   */
  async markMerged(repository: string, number: number, mergeSha: string): Promise<number> {
    const rows = await this.db.selectFrom('gitops_changes').selectAll().where('number', '=', number).where('state', '=', 'open').execute();
    let moved = 0;
    for (const row of rows.filter((r) => r.repository.toLowerCase() === repository.toLowerCase())) {
      await this.setState(row.id, 'merged', mergeSha);
      moved++;
    }
    return moved;
  }

  /** Change requests of an application (optionally one environment, kind or states). */
  async changes(filter: { workspace: string; app: string; environment?: string; kind?: GitOpsChangeKind; states?: string[] }): Promise<GitOpsChangesTable[]> {
    let query = this.db.selectFrom('gitops_changes').selectAll().where('workspace', '=', filter.workspace).where('app', '=', filter.app);
    if (filter.environment) query = query.where('environment', '=', filter.environment);
    if (filter.kind) query = query.where('kind', '=', filter.kind);
    if (filter.states?.length) query = query.where('state', 'in', filter.states);
    return query.orderBy('created_at', 'desc').execute();
  }

  /** Open change requests of a kind, across applications. */
  async openOfKind(kind: GitOpsChangeKind): Promise<GitOpsChangesTable[]> {
    return this.db.selectFrom('gitops_changes').selectAll().where('kind', '=', kind).where('state', 'in', ['open', 'merged']).execute();
  }

  /** Moves a change request to `state`. */
  async setState(id: string, state: string, mergeSha?: string): Promise<void> {
    await this.db
      .updateTable('gitops_changes')
      .set({ state, updated_at: this.now().toISOString(), ...(mergeSha ? { merge_sha: mergeSha } : {}) })
      .where('id', '=', id)
      .execute();
  }

  /** The agent objects recorded for an environment. */
  async target(workspace: string, app: string, environment: string): Promise<GitOpsTargetsTable | undefined> {
    return this.db
      .selectFrom('gitops_targets')
      .selectAll()
      .where('workspace', '=', workspace)
      .where('app', '=', app)
      .where('environment', '=', environment)
      .executeTakeFirst();
  }

  /** Records (or replaces) the agent objects of an environment. */
  async putTarget(row: Omit<GitOpsTargetsTable, 'installed_at'>): Promise<void> {
    await this.forgetTarget(row.workspace, row.app, row.environment);
    await this.db.insertInto('gitops_targets').values({ ...row, installed_at: this.now().toISOString() }).execute();
  }

  /** Forgets an environment's agent objects (after they were deleted). */
  async forgetTarget(workspace: string, app: string, environment: string): Promise<void> {
    await this.db
      .deleteFrom('gitops_targets')
      .where('workspace', '=', workspace)
      .where('app', '=', app)
      .where('environment', '=', environment)
      .execute();
  }
}
