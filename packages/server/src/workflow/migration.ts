import type { BerthMigration } from '../store/migrations/migration.js';

/** Workflow runs, their steps (with leases) and the append-only event history. */
export const workflowMigration: BerthMigration = {
  name: '0200_workflow_runs',
  async up(db, dialect) {
    await db.schema
      .createTable('workflow_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace', 'text', (c) => c.notNull())
      .addColumn('application', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('cluster', 'text', (c) => c.notNull())
      .addColumn('namespace', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .addColumn('snapshot', 'text', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('due_at', 'text')
      .addColumn('next_seq', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('resource_version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .createIndex('workflow_runs_app')
      .on('workflow_runs')
      .columns(['workspace', 'application', 'created_at', 'id'])
      .execute();
    await db.schema.createIndex('workflow_runs_due').on('workflow_runs').columns(['due_at']).execute();

    await db.schema
      .createTable('workflow_steps')
      .addColumn('run_id', 'text', (c) => c.notNull().references('workflow_runs.id').onDelete('cascade'))
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('not_before', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('poll_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('executor_state', 'text')
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('message', 'text')
      .addPrimaryKeyConstraint('workflow_steps_pk', ['run_id', 'step'])
      .execute();
    await db.schema
      .createIndex('workflow_steps_queue')
      .on('workflow_steps')
      .columns(['state', 'not_before'])
      .execute();

    await db.schema
      .createTable('workflow_events')
      .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('run_id', 'text', (c) => c.notNull().references('workflow_runs.id').onDelete('cascade'))
      .addColumn('workspace', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('step', 'text')
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addUniqueConstraint('workflow_events_run_seq', ['run_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('workflow_events_ws')
      .on('workflow_events')
      .columns(['workspace', 'id'])
      .execute();
  },
};

/**
 * Indexes of the runs list across applications (`GET /runs`), newest first: all runs, one
 * workspace's (a branch of the merged page), by state, and one workspace's by state.
 */
export const workflowRecentRunsMigration: BerthMigration = {
  name: '0210_workflow_runs_recent',
  async up(db) {
    await db.schema.createIndex('workflow_runs_recent').on('workflow_runs').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('workflow_runs_workspace_recent').on('workflow_runs').columns(['workspace', 'created_at', 'id']).execute();
    await db.schema.createIndex('workflow_runs_state_recent').on('workflow_runs').columns(['state', 'created_at', 'id']).execute();
    await db.schema.createIndex('workflow_runs_workspace_state_recent').on('workflow_runs').columns(['workspace', 'state', 'created_at', 'id']).execute();
  },
};
