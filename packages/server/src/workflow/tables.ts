import type { Generated } from 'kysely';

/**
 * Row shapes of the workflow tables (see `migration.ts`). Timestamps are ISO-8601 text in UTC,
 * JSON columns are text, resource versions integers (opaque strings on the API).
 */

/** One run: the core `RunSnapshot` plus what executors need to act (spec, cluster, namespace). */
export interface WorkflowRunsTable {
  id: string;
  workspace: string;
  application: string;
  environment: string;
  revision: number;
  cluster: string;
  namespace: string;
  /** `RunState` of the snapshot, duplicated for queries. */
  state: string;
  /** The final state once the run ended; null before. */
  outcome: string | null;
  /** JSON of the core `RunSnapshot`. */
  snapshot: string;
  /** JSON of the application spec the run delivers. */
  spec: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  /** When the runner should next advance the run; null when it waits only on events or ended. */
  due_at: string | null;
  /** Next `seq` of `workflow_events` for this run. */
  next_seq: number;
  resource_version: number;
}

/** One step of a run: its state as the snapshot has it, the lease, and the executor's progress. */
export interface WorkflowStepsTable {
  run_id: string;
  step: string;
  type: string;
  state: string;
  attempt: number;
  /** When a ready step may start (its backoff); null = now. */
  not_before: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  /** Invocations of the executor in the current attempt. */
  poll_count: number;
  /** JSON the executor saved with `StepReport.state`, for the next poll of the same attempt. */
  executor_state: string | null;
  started_at: string | null;
  finished_at: string | null;
  message: string | null;
}

/** Append-only history of a run; `seq` orders a run's events, `id` orders all of them. */
export interface WorkflowEventsTable {
  id: number;
  run_id: string;
  workspace: string;
  seq: number;
  type: string;
  step: string | null;
  /** JSON of the core `RunEvent`. */
  payload: string;
  at: string;
}

/** The workflow capability's tables. */
export type WorkflowTables = {
  workflow_runs: WorkflowRunsTable;
  workflow_steps: WorkflowStepsTable;
  workflow_events: Omit<WorkflowEventsTable, 'id'> & { id: Generated<number> };
};
