import type { BerthMigration } from '../store/migrations/migration.js';

/**
 * Tables of the embedded git host: repositories (the objects live in `<dataDir>/git/<name>.git`),
 * change requests with their comments, reviews and checks, and per-repository read tokens.
 */
export const gitMigration: BerthMigration = {
  name: '0600_git_embedded',
  async up(db) {
    await db.schema
      .createTable('git_repositories')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('workspace', 'text')
      .addColumn('default_branch', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('next_number', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('git_change_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('repository', 'text', (c) =>
        c.notNull().references('git_repositories.name').onDelete('cascade'),
      )
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('source_branch', 'text', (c) => c.notNull())
      .addColumn('target_branch', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('source_sha', 'text', (c) => c.notNull())
      .addColumn('target_sha', 'text')
      .addColumn('merge_sha', 'text')
      .addColumn('merged_by', 'text')
      .addColumn('merged_at', 'text')
      .addColumn('closed_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('git_change_requests_number', ['repository', 'number'])
      .execute();
    await db.schema
      .createTable('git_change_request_notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('change_request_id', 'text', (c) =>
        c.notNull().references('git_change_requests.id').onDelete('cascade'),
      )
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('review_state', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('git_change_request_notes_cr')
      .on('git_change_request_notes')
      .columns(['change_request_id', 'id'])
      .execute();
    await db.schema
      .createTable('git_change_request_checks')
      .addColumn('change_request_id', 'text', (c) =>
        c.notNull().references('git_change_requests.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('git_change_request_checks_pk', ['change_request_id', 'name'])
      .execute();
    await db.schema
      .createTable('git_read_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('repository', 'text', (c) =>
        c.notNull().references('git_repositories.name').onDelete('cascade'),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
  },
};

/**
 * The application environment a change request delivers, recorded when GitOps opens it (null for
 * change requests people open, and for those opened before this migration).
 */
export const gitChangeRequestAppMigration: BerthMigration = {
  name: '0601_git_change_requests_app',
  async up(db) {
    for (const column of ['app_workspace', 'app_name', 'app_environment'])
      await db.schema.alterTable('git_change_requests').addColumn(column, 'text').execute();
  },
};

/** Every migration of the git capability, in order. */
export const gitMigrations: readonly BerthMigration[] = [gitMigration, gitChangeRequestAppMigration];

/** A row of `git_repositories`. */
export interface GitRepositoriesTable {
  name: string;
  workspace: string | null;
  default_branch: string;
  description: string;
  next_number: number;
  created_at: string;
}

/** A row of `git_change_requests`. */
export interface GitChangeRequestsTable {
  id: string;
  repository: string;
  number: number;
  title: string;
  description: string;
  source_branch: string;
  target_branch: string;
  author: string;
  /** `open`, `merged` or `closed`. */
  state: string;
  source_sha: string;
  /** The target branch's head just before the merge (to show the merged diff later). */
  target_sha: string | null;
  merge_sha: string | null;
  merged_by: string | null;
  merged_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  /** The application environment it delivers (all three set, or none). */
  app_workspace: string | null;
  app_name: string | null;
  app_environment: string | null;
}

/** A row of `git_change_request_notes`: a comment (`kind = comment`) or a review (`kind = review`). */
export interface GitChangeRequestNotesTable {
  id: string;
  change_request_id: string;
  kind: string;
  author: string;
  review_state: string | null;
  body: string;
  created_at: string;
}

/** A row of `git_change_request_checks`. */
export interface GitChangeRequestChecksTable {
  change_request_id: string;
  name: string;
  status: string;
  summary: string;
  updated_at: string;
}

/** A row of `git_read_tokens` (the token itself is never stored, only its sha256). */
export interface GitReadTokensTable {
  id: string;
  repository: string;
  name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

/** The tables of the git capability. */
export interface GitTables {
  git_repositories: GitRepositoriesTable;
  git_change_requests: GitChangeRequestsTable;
  git_change_request_notes: GitChangeRequestNotesTable;
  git_change_request_checks: GitChangeRequestChecksTable;
  git_read_tokens: GitReadTokensTable;
}
