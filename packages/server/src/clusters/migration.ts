import type { BerthMigration } from '../store/migrations/migration.js';

/**
 * The `clusters` table. The kubeconfig is NOT here: it is sealed in `secrets` under
 * (`cluster`, name); `kubeconfig_version` changes whenever it does, so cached connections
 * (on every replica) know to reconnect.
 */
export const clustersMigration: BerthMigration = {
  name: '0100_clusters',
  async up(db) {
    await db.schema
      .createTable('clusters')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('simulated', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('server', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_message', 'text')
      .addColumn('version', 'text')
      .addColumn('last_checked_at', 'text')
      .addColumn('kubeconfig_version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('resource_version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};

/** A row of `clusters`. */
export interface ClustersTable {
  id: string;
  name: string;
  display_name: string;
  simulated: number;
  /** The API server URL (no credentials), shown to users. */
  server: string;
  /** `ready`, `unreachable` or `unknown`. */
  status: string;
  status_message: string | null;
  version: string | null;
  last_checked_at: string | null;
  kubeconfig_version: number;
  resource_version: number;
  created_at: string;
  updated_at: string;
}

/** The tables of the clusters capability. */
export interface ClusterTables {
  clusters: ClustersTable;
}
