import {
  advance,
  applyEvent,
  createRun,
  isRunFinished,
  type Advance,
  type Application,
  type RunEvent,
  type RunSnapshot,
  type StepRun,
  type WorkflowPlan,
} from '@berth/core';
import type { Kysely, Transaction } from 'kysely';
import { keysetPage, type Page, type PageRequest } from '../http/pagination.js';
import { newId } from '../store/ids.js';
import type { StoreDialect } from '../store/migrations/migration.js';
import type { CoreTables } from '../store/schema.js';
import type { WorkflowEventsTable, WorkflowRunsTable, WorkflowTables } from './tables.js';

/** The database the workflow store works on. */
export type WorkflowDb = Kysely<CoreTables & WorkflowTables>;

/** A transaction on {@link WorkflowDb}. */
export type WorkflowTx = Transaction<CoreTables & WorkflowTables>;

/** A run as stored, with its snapshot and spec parsed. */
export interface StoredRun {
  id: string;
  workspace: string;
  application: string;
  environment: string;
  revision: number;
  cluster: string;
  namespace: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  resourceVersion: string;
  snapshot: RunSnapshot;
  spec: Application;
}

/** What a new run is made of: a plan and the target it delivers to. */
export interface NewRun {
  workspace: string;
  revision: number;
  cluster: string;
  namespace: string;
  spec: Application;
  plan: WorkflowPlan;
  createdBy?: string;
}

/** One stored event of a run. */
export interface StoredEvent {
  /** Orders every event of every run (the workspace stream's `id`). */
  id: number;
  runId: string;
  workspace: string;
  /** Orders the events of one run (the run stream's `id`). */
  seq: number;
  event: RunEvent;
}

/** The outcome of {@link RunStore.mutate}. */
export interface Mutation {
  run: StoredRun;
  /** Events applied and stored (the caller's that applied, then the engine's own). */
  events: RunEvent[];
  /** The events written to the history (all but lease renewals), with their ids. */
  stored: StoredEvent[];
  /** Attempts the engine stopped (timed out, cancelled): abort their executors. */
  stops: Advance['stops'];
  /** False when nothing changed (every event was refused by the state machine). */
  changed: boolean;
}

/** A committed change of one run, as listeners of {@link RunStore.onChange} see it. */
export interface RunChange {
  run: StoredRun;
  /** Every event applied, `lease-renewed` included. */
  events: RunEvent[];
  /** The events stored in the history, with their ids. */
  stored: StoredEvent[];
}

/** Filters of a run list. */
export interface RunFilter {
  application?: string;
  state?: string;
  environment?: string;
}

/** A write lost a race with another writer of the same run; the caller reads again and retries. */
class StaleRunError extends Error {}

const MAX_WRITE_ATTEMPTS = 20;

/**
 * Durable runs: the snapshot of the core state machine, one row per step (state, lease, executor
 * progress) and the append-only event history. Every change goes through {@link mutate}, which
 * applies events with the core `applyEvent`, lets `advance` do what is due, and writes snapshot,
 * step rows and events in one transaction — at most one writer per run at a time (a row lock on
 * PostgreSQL, a version check on both).
 */
export class RunStore {
  readonly #db: WorkflowDb;
  readonly dialect: StoreDialect;
  readonly #listeners = new Set<(change: RunChange) => void>();

  constructor(deps: { db: Kysely<CoreTables>; dialect: StoreDialect }) {
    this.#db = deps.db.withTables<WorkflowTables>();
    this.dialect = deps.dialect;
  }

  /** The typed database, for the step queue. */
  get db(): WorkflowDb {
    return this.#db;
  }

  /** Calls `listener` after each change this process commits (events, metrics, wake-ups). */
  onChange(listener: (change: RunChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stores a new run of `input.plan` and advances it once (first steps become ready). */
  async create(input: NewRun, now: number): Promise<StoredRun> {
    const id = newId(now);
    const snapshot = createRun(input.plan, { id, now });
    const at = iso(now);
    const row: WorkflowRunsTable = {
      id,
      workspace: input.workspace,
      application: input.plan.application,
      environment: input.plan.environment,
      revision: input.revision,
      cluster: input.cluster,
      namespace: input.namespace,
      state: snapshot.state,
      outcome: null,
      snapshot: JSON.stringify(snapshot),
      spec: JSON.stringify(input.spec),
      created_by: input.createdBy ?? null,
      created_at: at,
      updated_at: at,
      finished_at: null,
      due_at: at,
      next_seq: 1,
      resource_version: 1,
    };
    await this.#db.transaction().execute(async (tx) => {
      await tx.insertInto('workflow_runs').values(row).execute();
      await tx
        .insertInto('workflow_steps')
        .values(
          snapshot.steps.map((step) => ({
            run_id: id,
            step: step.name,
            type: step.type,
            state: step.state,
            attempt: 0,
            poll_count: 0,
          })),
        )
        .execute();
    });
    return (await this.mutate(id, () => [], now)).run;
  }

  /** One run, or `undefined`. */
  async get(id: string): Promise<StoredRun | undefined> {
    const row = await this.#db.selectFrom('workflow_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toStoredRun(row) : undefined;
  }

  /** Runs of a workspace, newest first, optionally of one application, state or environment. */
  async list(workspace: string, filter: RunFilter, page: PageRequest): Promise<Page<StoredRun>> {
    let q = this.#db.selectFrom('workflow_runs').selectAll().where('workspace', '=', workspace);
    if (filter.application !== undefined) q = q.where('application', '=', filter.application);
    if (filter.state !== undefined) q = q.where('state', '=', filter.state);
    if (filter.environment !== undefined) q = q.where('environment', '=', filter.environment);
    const result = await keysetPage(q, { sort: 'created_at', id: 'id', descending: true }, page);
    return { ...result, items: result.items.map(toStoredRun) };
  }

  /** Unfinished runs whose next action is due at `now`, oldest due first. */
  async dueRuns(now: number, limit: number): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('workflow_runs')
      .select('id')
      .where('due_at', '<=', iso(now))
      .orderBy('due_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  /** Events of one run after `seq`, in order. */
  async eventsAfter(runId: string, seq: number, limit = 500): Promise<StoredEvent[]> {
    const rows = await this.#db
      .selectFrom('workflow_events')
      .selectAll()
      .where('run_id', '=', runId)
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toStoredEvent);
  }

  /** Events of every run of a workspace with an `id` above `id`, in `id` order. */
  async workspaceEventsAfter(workspace: string, id: number, limit = 500): Promise<StoredEvent[]> {
    const rows = await this.#db
      .selectFrom('workflow_events')
      .selectAll()
      .where('workspace', '=', workspace)
      .where('id', '>', id)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toStoredEvent);
  }

  /**
   * Applies the events `decide` returns for the current snapshot, then `advance` at `now`, and
   * stores the result. Events the state machine refuses are dropped. Retries on a lost race.
   */
  async mutate(
    runId: string,
    decide: (run: StoredRun) => RunEvent[],
    now: number,
  ): Promise<Mutation> {
    return this.write(runId, now, async (_tx, run) => decide(run));
  }

  /**
   * The transaction behind {@link mutate}, for the step queue: `decide` runs inside the
   * transaction holding the run (its row locked on PostgreSQL) and may write more rows with `tx`.
   */
  async write(
    runId: string,
    now: number,
    decide: (tx: WorkflowTx, run: StoredRun) => Promise<RunEvent[]>,
    options: { tx?: WorkflowTx } = {},
  ): Promise<Mutation> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = options.tx
          ? await this.#writeIn(options.tx, runId, now, decide)
          : await this.#db.transaction().execute((tx) => this.#writeIn(tx, runId, now, decide));
        if (!options.tx) this.notify(result.mutation);
        return result.mutation;
      } catch (error) {
        if (options.tx || attempt >= MAX_WRITE_ATTEMPTS || !isRetryable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  /** Tells listeners about a committed mutation (the step queue calls it after its transaction). */
  notify(mutation: Mutation): void {
    if (!mutation.changed) return;
    const change: RunChange = { run: mutation.run, events: mutation.events, stored: mutation.stored };
    for (const listener of this.#listeners) listener(change);
  }

  async #writeIn(
    tx: WorkflowTx,
    runId: string,
    now: number,
    decide: (tx: WorkflowTx, run: StoredRun) => Promise<RunEvent[]>,
  ): Promise<{ mutation: Mutation }> {
    let q = tx.selectFrom('workflow_runs').selectAll().where('id', '=', runId);
    if (this.dialect === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw new Error(`run ${runId} does not exist`);
    const before = toStoredRun(row);
    let snapshot = before.snapshot;
    const events: RunEvent[] = [];
    for (const event of await decide(tx, before)) {
      const next = applyEvent(snapshot, event);
      if (next === snapshot) continue;
      snapshot = next;
      events.push(event);
    }
    const advanced = advance(snapshot, now);
    snapshot = advanced.run;
    events.push(...advanced.events);
    const dueAt = isRunFinished(snapshot) ? null : advanced.wakeAt === undefined ? null : iso(advanced.wakeAt);
    const changed = events.length > 0;
    if (!changed && dueAt === row.due_at) {
      return { mutation: { run: before, events: [], stored: [], stops: [], changed: false } };
    }
    const stored = events.filter((event) => event.type !== 'lease-renewed');
    const updated = await tx
      .updateTable('workflow_runs')
      .set({
        snapshot: JSON.stringify(snapshot),
        state: snapshot.state,
        outcome: isRunFinished(snapshot) ? snapshot.state : null,
        finished_at: snapshot.finishedAt === undefined ? null : iso(snapshot.finishedAt),
        updated_at: iso(now),
        due_at: dueAt,
        next_seq: row.next_seq + stored.length,
        resource_version: row.resource_version + 1,
      })
      .where('id', '=', runId)
      .where('resource_version', '=', row.resource_version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new StaleRunError(`run ${runId} changed meanwhile`);
    const previous = new Map(before.snapshot.steps.map((step) => [step.name, step]));
    for (const step of snapshot.steps) {
      if (previous.get(step.name) === step) continue;
      await tx
        .updateTable('workflow_steps')
        .set(stepColumns(step, previous.get(step.name)))
        .where('run_id', '=', runId)
        .where('step', '=', step.name)
        .execute();
    }
    const storedEvents: StoredEvent[] = [];
    if (stored.length > 0) {
      const inserted = await tx
        .insertInto('workflow_events')
        .values(
          stored.map((event, index) => ({
            run_id: runId,
            workspace: row.workspace,
            seq: row.next_seq + index,
            type: event.type,
            step: 'step' in event ? event.step : null,
            payload: JSON.stringify(event),
            at: iso(event.at),
          })),
        )
        .returning(['id', 'seq'])
        .execute();
      inserted.forEach((ids, index) =>
        storedEvents.push({
          id: Number(ids.id),
          runId,
          workspace: row.workspace,
          seq: Number(ids.seq),
          event: stored[index]!,
        }),
      );
    }
    const run: StoredRun = {
      ...before,
      snapshot,
      resourceVersion: String(row.resource_version + 1),
      updatedAt: iso(now),
    };
    return { mutation: { run, events, stored: storedEvents, stops: advanced.stops, changed: true } };
  }
}

/** The step row columns that follow from a step of the snapshot. */
function stepColumns(step: StepRun, before: StepRun | undefined) {
  const newAttempt = before === undefined || before.attempt !== step.attempt;
  return {
    state: step.state,
    attempt: step.attempt,
    not_before: step.notBefore === undefined ? null : iso(step.notBefore),
    lease_owner: step.lease?.holder ?? null,
    lease_expires_at: step.lease === undefined ? null : iso(step.lease.expiresAt),
    started_at: step.startedAt === undefined ? null : iso(step.startedAt),
    finished_at: step.finishedAt === undefined ? null : iso(step.finishedAt),
    message: step.message ?? step.wait?.message ?? null,
    ...(newAttempt ? { poll_count: 0, executor_state: null } : {}),
  };
}

function isRetryable(error: unknown): boolean {
  if (error instanceof StaleRunError) return true;
  const code = (error as { code?: unknown })?.code;
  // SQLITE_BUSY: another process writes; 40001/40P01: serialization failure, deadlock.
  return code === 'SQLITE_BUSY' || code === '40001' || code === '40P01';
}

/** Milliseconds since the epoch as stored (ISO-8601 UTC text, sortable). */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function toStoredRun(row: WorkflowRunsTable): StoredRun {
  return {
    id: row.id,
    workspace: row.workspace,
    application: row.application,
    environment: row.environment,
    revision: Number(row.revision),
    cluster: row.cluster,
    namespace: row.namespace,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resourceVersion: String(row.resource_version),
    snapshot: JSON.parse(row.snapshot) as RunSnapshot,
    spec: JSON.parse(row.spec) as Application,
  };
}

function toStoredEvent(row: WorkflowEventsTable): StoredEvent {
  return {
    id: Number(row.id),
    runId: row.run_id,
    workspace: row.workspace,
    seq: Number(row.seq),
    event: JSON.parse(row.payload) as RunEvent,
  };
}
