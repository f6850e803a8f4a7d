/**
 * The deployment history: which revision of an application is deployed in which environment,
 * with the render hash, the run that delivered it and when. Written by the `finalize` step of a
 * run (direct or gitops), once every other step succeeded; read by the status view
 * (`deployedRevision`, `renderHash`).
 */
import type { RenderResult } from '@berth/core';
import type { Kysely } from 'kysely';
import type { DeliveryTarget } from '../workflow/executor.js';
import type { Store } from '../store/open-store.js';
import type { BerthMigration } from '../store/migrations/migration.js';
import { newId } from '../store/ids.js';

/** Creates `deployments`. */
export const deploymentsMigration: BerthMigration = {
  name: '0500_delivery_deployments',
  async up(db) {
    await db.schema
      .createTable('deployments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace', 'text', (c) => c.notNull())
      .addColumn('app', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('cluster', 'text', (c) => c.notNull())
      .addColumn('namespace', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('render_hash', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('components', 'text', (c) => c.notNull())
      .addColumn('deployed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('deployments_by_app_env')
      .on('deployments')
      .columns(['workspace', 'app', 'environment', 'deployed_at'])
      .execute();
    await db.schema
      .createIndex('deployments_by_run')
      .on('deployments')
      .columns(['run_id', 'environment'])
      .unique()
      .execute();
  },
};

/** A row of `deployments`. */
export interface DeploymentsTable {
  id: string;
  workspace: string;
  app: string;
  environment: string;
  cluster: string;
  namespace: string;
  revision: number;
  render_hash: string;
  run_id: string;
  /** JSON array of the component names the revision renders in this environment. */
  components: string;
  deployed_at: string;
}

/** One delivery of a revision to an environment. */
export interface Deployment {
  workspace: string;
  app: string;
  environment: string;
  cluster: string;
  namespace: string;
  revision: number;
  renderHash: string;
  runId: string;
  components: string[];
  deployedAt: string;
}

type Tables = { deployments: DeploymentsTable };

/** Reads and writes the deployment history. */
export class DeploymentHistory {
  private readonly db: Kysely<Tables>;

  constructor(private readonly deps: { store: Store; now: () => Date }) {
    this.db = deps.store.db.withTables<Tables>() as unknown as Kysely<Tables>;
  }

  /** Record that `runId` delivered `rendered` (the target's revision) to the target's environment. */
  recordDelivered(target: DeliveryTarget, runId: string, rendered: RenderResult): Promise<Deployment> {
    return this.record({
      workspace: target.workspace,
      app: target.application,
      environment: target.environment,
      cluster: target.cluster,
      namespace: target.namespace,
      revision: target.revision,
      renderHash: rendered.hash,
      runId,
      components: rendered.components.map((c) => c.name),
    });
  }

  /** Record a delivery; recording the same run and environment again changes nothing. */
  async record(deployment: Omit<Deployment, 'deployedAt'>): Promise<Deployment> {
    const existing = await this.db
      .selectFrom('deployments')
      .selectAll()
      .where('run_id', '=', deployment.runId)
      .where('environment', '=', deployment.environment)
      .executeTakeFirst();
    if (existing) return fromRow(existing);
    const now = this.deps.now();
    const row: DeploymentsTable = {
      id: newId(now.getTime()),
      workspace: deployment.workspace,
      app: deployment.app,
      environment: deployment.environment,
      cluster: deployment.cluster,
      namespace: deployment.namespace,
      revision: deployment.revision,
      render_hash: deployment.renderHash,
      run_id: deployment.runId,
      components: JSON.stringify(deployment.components),
      deployed_at: now.toISOString(),
    };
    await this.db.insertInto('deployments').values(row).onConflict((c) => c.doNothing()).execute();
    return fromRow(row);
  }

  /** The latest delivery of an application to one environment (or to any, when `environment` is absent). */
  async current(workspace: string, app: string, environment?: string): Promise<Deployment | undefined> {
    let query = this.db
      .selectFrom('deployments')
      .selectAll()
      .where('workspace', '=', workspace)
      .where('app', '=', app);
    if (environment !== undefined) query = query.where('environment', '=', environment);
    const row = await query.orderBy('deployed_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /** Every delivery of an application, newest first. */
  async history(workspace: string, app: string): Promise<Deployment[]> {
    const rows = await this.db
      .selectFrom('deployments')
      .selectAll()
      .where('workspace', '=', workspace)
      .where('app', '=', app)
      .orderBy('deployed_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(fromRow);
  }

  /** Forget an application's deliveries (to one environment, or everywhere) after it was undeployed. */
  async forget(workspace: string, app: string, environment?: string): Promise<void> {
    let query = this.db.deleteFrom('deployments').where('workspace', '=', workspace).where('app', '=', app);
    if (environment !== undefined) query = query.where('environment', '=', environment);
    await query.execute();
  }
}

function fromRow(row: DeploymentsTable): Deployment {
  return {
    workspace: row.workspace,
    app: row.app,
    environment: row.environment,
    cluster: row.cluster,
    namespace: row.namespace,
    revision: Number(row.revision),
    renderHash: row.render_hash,
    runId: row.run_id,
    components: JSON.parse(row.components) as string[],
    deployedAt: row.deployed_at,
  };
}
