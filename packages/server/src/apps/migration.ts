import type { BerthMigration } from '../store/migrations/migration.js';
import type { AppHealthTable } from './health-migration.js';

/** Applications, their revisions, and the environment and label rows the list filters on. */
export const appsMigration: BerthMigration = {
  name: '0110_apps',
  async up(db) {
    await db.schema
      .createTable('apps')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('workspace', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sort_key', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('resource_version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('deletion_requested_at', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('apps_workspace_name', ['workspace_id', 'name'])
      .execute();
    await db.schema.createIndex('apps_sort').on('apps').columns(['sort_key', 'id']).execute();
    await db.schema
      .createTable('app_revisions')
      .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('spec_text', 'text', (c) => c.notNull())
      .addColumn('spec_format', 'text', (c) => c.notNull())
      .addColumn('spec_json', 'text', (c) => c.notNull())
      .addColumn('render_hashes', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('app_revisions_pk', ['app_id', 'revision'])
      .execute();
    await db.schema
      .createTable('app_environments')
      .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('cluster', 'text', (c) => c.notNull())
      .addColumn('namespace', 'text', (c) => c.notNull())
      .addColumn('delivery', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('app_environments_pk', ['app_id', 'name'])
      .execute();
    await db.schema.createIndex('app_environments_cluster').on('app_environments').columns(['cluster']).execute();
    await db.schema
      .createTable('app_labels')
      .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('app_labels_pk', ['app_id', 'key'])
      .execute();
  },
};

/** A row of `apps`: the application and its current revision number. */
export interface AppsTable {
  id: string;
  workspace_id: string;
  workspace: string;
  name: string;
  /** `<workspace>/<name>`: the list order. */
  sort_key: string;
  revision: number;
  /** `active`, or `deleting` once a deletion was requested. */
  status: string;
  resource_version: number;
  deletion_requested_at: string | null;
  created_by: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
  /** The worst last known health over the deployed environments; null until first assessed (`0120_apps_health`). */
  health: string | null;
}

/** A row of `app_revisions`: one change of the spec. */
export interface AppRevisionsTable {
  app_id: string;
  revision: number;
  /** The spec as submitted (YAML or JSON text). */
  spec_text: string;
  spec_format: string;
  /** The validated application, canonical JSON. */
  spec_json: string;
  /** JSON object: environment name → render hash. */
  render_hashes: string;
  author: string;
  message: string;
  created_at: string;
}

/** A row of `app_environments`, replaced on every revision. */
export interface AppEnvironmentsTable {
  app_id: string;
  name: string;
  cluster: string;
  namespace: string;
  delivery: string;
}

/** A row of `app_labels`, replaced on every revision. */
export interface AppLabelsTable {
  app_id: string;
  key: string;
  value: string;
}

/** The tables of the apps capability. */
export interface AppTables {
  apps: AppsTable;
  app_revisions: AppRevisionsTable;
  app_environments: AppEnvironmentsTable;
  app_labels: AppLabelsTable;
  app_health: AppHealthTable;
}
