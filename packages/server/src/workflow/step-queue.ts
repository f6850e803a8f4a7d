import { findStep, type RunSnapshot } from '@berth/core';
import { sql } from 'kysely';
import { iso, type Mutation, type RunStore, type StoredRun } from './run-store.js';

/** A step attempt this worker holds the lease of. */
export interface StepLease {
  runId: string;
  step: string;
  attempt: number;
  holder: string;
  expiresAt: number;
}

/** A claimed attempt with the run it belongs to, as stored right after `step-started`. */
export interface ClaimedStep {
  lease: StepLease;
  run: StoredRun;
  mutation: Mutation;
}

/** Claim transactions one {@link StepQueue.claim} runs at once on PostgreSQL. */
const CLAIM_LANES = 4;

/** Where a claim pass continues: the last step it looked at, in `(run_id, step)` order. */
interface Candidate {
  run_id: string;
  step: string;
}

/**
 * The queue of ready steps, shared by every runner on one database. A runner claims a step by
 * taking its lease and recording `step-started` in the same transaction, so two runners never
 * start the same attempt: on PostgreSQL candidates are read `FOR UPDATE SKIP LOCKED` and the
 * run row is locked without waiting; on SQLite (one process) a conditional update takes the lease.
 */
export class StepQueue {
  constructor(private readonly runs: RunStore) {}

  /**
   * Claims up to `limit` ready steps for `holder`, each with a lease until `now + leaseMs`. Each
   * step is claimed in its own short transaction (one candidate, its run row locked only while
   * `step-started` is stored), so reports and other writers of those runs never wait for a batch.
   */
  async claim(holder: string, now: number, limit: number, leaseMs: number): Promise<ClaimedStep[]> {
    const claims: ClaimedStep[] = [];
    // Slots taken by claims made or in progress, so parallel lanes never exceed `limit`.
    let reserved = 0;
    const lane = async () => {
      let after: Candidate | undefined;
      while (reserved < limit) {
        reserved++;
        const outcome = await this.#claimOne(holder, now, leaseMs, after);
        if (outcome?.claim) {
          this.runs.notify(outcome.claim.mutation);
          claims.push(outcome.claim);
        } else reserved--;
        if (outcome === undefined) return;
        after = outcome.candidate;
      }
    };
    // PostgreSQL: a few claim transactions at once on separate connections (SKIP LOCKED keeps
    // them apart); SQLite has one connection, so one lane.
    const lanes = this.runs.dialect === 'postgres' ? Math.min(limit, CLAIM_LANES) : Math.min(limit, 1);
    await Promise.all(Array.from({ length: lanes }, lane));
    return claims;
  }

  /**
   * One claim transaction: the first ready step after `after` (in run, step order) whose rows are
   * free. `undefined` when there is none; `claim` is absent when the state machine refused the start.
   */
  async #claimOne(
    holder: string,
    now: number,
    leaseMs: number,
    after: Candidate | undefined,
  ): Promise<{ candidate: Candidate; claim?: ClaimedStep } | undefined> {
    const postgres = this.runs.dialect === 'postgres';
    return this.runs.db.transaction().execute(async (tx) => {
      let q = tx
        .selectFrom('workflow_steps')
        .select(['workflow_steps.run_id', 'workflow_steps.step', 'workflow_steps.attempt'])
        .where('workflow_steps.state', '=', 'ready')
        .where((eb) =>
          eb.or([eb('workflow_steps.not_before', 'is', null), eb('workflow_steps.not_before', '<=', iso(now))]),
        )
        .orderBy('workflow_steps.run_id')
        .orderBy('workflow_steps.step')
        .limit(1);
      if (after !== undefined) {
        const { run_id: runId, step } = after;
        q = q.where((eb) =>
          eb.or([
            eb('workflow_steps.run_id', '>', runId),
            eb.and([eb('workflow_steps.run_id', '=', runId), eb('workflow_steps.step', '>', step)]),
          ]),
        );
      }
      // PostgreSQL: lock the step and its run together, skipping either if another claimer or a
      // writer of that run holds it; the locks last only as long as this one claim.
      if (postgres) q = q.innerJoin('workflow_runs', 'workflow_runs.id', 'workflow_steps.run_id').forUpdate().skipLocked();
      const candidate = await q.executeTakeFirst();
      if (!candidate) return undefined;
      const expiresAt = now + leaseMs;
      if (!postgres) {
        const taken = await tx
          .updateTable('workflow_steps')
          .set({ lease_owner: holder, lease_expires_at: iso(expiresAt) })
          .where('run_id', '=', candidate.run_id)
          .where('step', '=', candidate.step)
          .where('state', '=', 'ready')
          .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', '<', iso(now))]))
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) !== 1) return { candidate };
      }
      const attempt = Number(candidate.attempt) + 1;
      const lease: StepLease = { runId: candidate.run_id, step: candidate.step, attempt, holder, expiresAt };
      const mutation = await this.runs.write(
        candidate.run_id,
        now,
        async () => [{ type: 'step-started', step: candidate.step, attempt, at: now, lease: { holder, expiresAt } }],
        { tx },
      );
      if (holds(mutation.run.snapshot, lease)) return { candidate, claim: { lease, run: mutation.run, mutation } };
      if (!postgres) {
        // The state machine refused the start (cancelled, not yet due): give the row back.
        await tx
          .updateTable('workflow_steps')
          .set({ lease_owner: null, lease_expires_at: null })
          .where('run_id', '=', candidate.run_id)
          .where('step', '=', candidate.step)
          .where('state', '=', 'ready')
          .execute();
      }
      return { candidate };
    });
  }

  /**
   * Extends the lease to `now + leaseMs`. Returns the run, and whether the attempt is still this
   * worker's (false after a timeout, a cancel or a reclaim: stop executing it).
   */
  async renew(lease: StepLease, now: number, leaseMs: number): Promise<{ held: boolean; mutation: Mutation }> {
    const expiresAt = now + leaseMs;
    const mutation = await this.runs.mutate(
      lease.runId,
      (run) =>
        holds(run.snapshot, lease)
          ? [{ type: 'lease-renewed', step: lease.step, attempt: lease.attempt, at: now, expiresAt }]
          : [],
      now,
    );
    const held = holds(mutation.run.snapshot, lease);
    if (held) lease.expiresAt = Math.max(lease.expiresAt, expiresAt);
    return { held, mutation };
  }

  /** Records one more poll of the attempt and the executor's saved state; false when the lease is gone. */
  async saveProgress(lease: StepLease, poll: number, state: Record<string, unknown> | undefined): Promise<boolean> {
    const result = await this.runs.db
      .updateTable('workflow_steps')
      .set({ poll_count: poll, executor_state: state === undefined ? null : JSON.stringify(state) })
      .where('run_id', '=', lease.runId)
      .where('step', '=', lease.step)
      .where('attempt', '=', lease.attempt)
      .where('lease_owner', '=', lease.holder)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The executor progress saved for the attempt: its poll count and state. */
  async progress(lease: StepLease): Promise<{ poll: number; state: Record<string, unknown> | undefined }> {
    const row = await this.runs.db
      .selectFrom('workflow_steps')
      .select(['poll_count', 'executor_state', 'attempt'])
      .where('run_id', '=', lease.runId)
      .where('step', '=', lease.step)
      .executeTakeFirst();
    if (!row || Number(row.attempt) !== lease.attempt) return { poll: 0, state: undefined };
    return {
      poll: Number(row.poll_count),
      state: row.executor_state === null ? undefined : (JSON.parse(row.executor_state) as Record<string, unknown>),
    };
  }

  /**
   * Gives the attempt back (graceful shutdown): recorded as a lost lease, so the step is ready
   * again at once and any runner starts its next attempt.
   */
  async release(lease: StepLease, now: number): Promise<void> {
    await this.runs.mutate(
      lease.runId,
      (run) =>
        holds(run.snapshot, lease)
          ? [{ type: 'lease-expired', step: lease.step, attempt: lease.attempt, at: now }]
          : [],
      now,
    );
  }

  /** Leases of unfinished steps held by `holder` (for diagnostics and tests). */
  async heldBy(holder: string): Promise<number> {
    const row = await this.runs.db
      .selectFrom('workflow_steps')
      .select(sql<number>`count(*)`.as('n'))
      .where('lease_owner', '=', holder)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}

/** True when `lease` is the current attempt of its step in `run` and still held by its worker. */
export function holds(run: RunSnapshot, lease: StepLease): boolean {
  const step = findStep(run, lease.step);
  return (
    step !== undefined &&
    (step.state === 'running' || step.state === 'waiting') &&
    step.attempt === lease.attempt &&
    step.lease?.holder === lease.holder
  );
}
