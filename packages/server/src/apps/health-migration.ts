import type { BerthMigration } from '../store/migrations/migration.js';

/**
 * The last known health of each application: one `app_health` row per deployed environment
 * (written by the status capability's recorder) and `apps.health`, the worst of those rows, so
 * the list filters and pages on health in SQL. Indexes serve the list's page orders at 10,000
 * applications on both dialects.
 */
export const appsHealthMigration: BerthMigration = {
  name: '0120_apps_health',
  async up(db) {
    await db.schema.alterTable('apps').addColumn('health', 'text').execute();
    // The list's page orders: every application, one workspace's (a branch of the merged page), by health.
    await db.schema.createIndex('apps_workspace_sort').on('apps').columns(['workspace', 'sort_key', 'id']).execute();
    await db.schema.createIndex('apps_health_sort').on('apps').columns(['health', 'sort_key', 'id']).execute();
    await db.schema.createIndex('apps_workspace_health_sort').on('apps').columns(['workspace', 'health', 'sort_key', 'id']).execute();
    await db.schema
      .createTable('app_health')
      .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('cluster', 'text', (c) => c.notNull())
      .addColumn('health', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('app_health_pk', ['app_id', 'environment'])
      .execute();
    // The applications with an environment (or on a cluster) in some health: few, read first.
    await db.schema.createIndex('app_health_environment').on('app_health').columns(['environment', 'health', 'app_id']).execute();
    await db.schema.createIndex('app_health_cluster').on('app_health').columns(['cluster', 'health', 'app_id']).execute();
  },
};

/** A row of `app_health`: how an application was last seen doing in one environment. */
export interface AppHealthTable {
  app_id: string;
  environment: string;
  /** The cluster the environment was deployed to. */
  cluster: string;
  /** A core `HealthStatus`. */
  health: string;
  /** Why, when not Healthy: the assessment's sentence. */
  reason: string | null;
  /** The revision deployed there when assessed. */
  revision: number;
  /** When `health` last changed. */
  changed_at: string;
}
