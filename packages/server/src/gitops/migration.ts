/**
 * GitOps delivery's tables: the change requests Berth opened per application environment
 * (delivery, deletion, promotion, rollback) and the agent objects written per environment.
 */
import type { Kysely } from 'kysely';
import type { BerthMigration } from '../store/migrations/migration.js';

/** A change request Berth opened for an application's environment. */
export interface GitOpsChangesTable {
  id: string;
  workspace: string;
  app: string;
  environment: string;
  /** `deploy`, `delete`, `promote` or `rollback`. */
  kind: string;
  /** The application revision it delivers (0 for deletions and rollbacks). */
  revision: number;
  repository: string;
  branch: string;
  number: number;
  /** `open`, `merged`, `closed`; `settled` once a merged deletion removed the agent objects. */
  state: string;
  merge_sha: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** The agent objects Berth wrote for an application's environment. */
export interface GitOpsTargetsTable {
  workspace: string;
  app: string;
  environment: string;
  cluster: string;
  agent: string;
  repository: string;
  path: string;
  branch: string;
  installed_at: string;
}

/** The tables of this capability. */
export interface GitOpsTables {
  gitops_changes: GitOpsChangesTable;
  gitops_targets: GitOpsTargetsTable;
}

/** Creates `gitops_changes` and `gitops_targets`. */
export const gitopsMigration: BerthMigration = {
  name: '0610_gitops_changes',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs before the typed schema exists
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('gitops_changes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace', 'text', (c) => c.notNull())
      .addColumn('app', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('repository', 'text', (c) => c.notNull())
      .addColumn('branch', 'text', (c) => c.notNull())
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('merge_sha', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('gitops_changes_by_app')
      .on('gitops_changes')
      .columns(['workspace', 'app', 'environment', 'state'])
      .execute();
    await db.schema
      .createIndex('gitops_changes_by_cr')
      .on('gitops_changes')
      .columns(['repository', 'number'])
      .unique()
      .execute();
    await db.schema
      .createTable('gitops_targets')
      .addColumn('workspace', 'text', (c) => c.notNull())
      .addColumn('app', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('cluster', 'text', (c) => c.notNull())
      .addColumn('agent', 'text', (c) => c.notNull())
      .addColumn('repository', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('branch', 'text', (c) => c.notNull())
      .addColumn('installed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('gitops_targets_pk', ['workspace', 'app', 'environment'])
      .execute();
  },
};
