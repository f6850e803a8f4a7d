import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { findStep, type RunEvent, type StepRun } from '@berth/core';
import type { Logger } from 'pino';
import { type Clock, systemClock } from './clock.js';
import type { StepExecution, StepReport } from './executor.js';
import type { ExecutorRegistry } from './executor-registry.js';
import type { RunChange, RunStore, StoredRun } from './run-store.js';
import { type ClaimedStep, holds, type StepLease, type StepQueue } from './step-queue.js';

/** What a {@link WorkflowRunner} needs, and how it behaves. */
export interface WorkflowRunnerOptions {
  runs: RunStore;
  queue: StepQueue;
  executors: ExecutorRegistry;
  logger: Logger;
  clock?: Clock;
  /** This worker's name in leases; unique per process (default host:pid:random). */
  holder?: string;
  /** Step attempts this runner executes at once (default 16). */
  concurrency?: number;
  /** How long a lease lasts without renewal (default 30 s); renewed every third of it. */
  leaseMs?: number;
  /** How often the runner looks for work when nobody wakes it (default 1 s). */
  pollIntervalMs?: number;
  /** How long shutdown waits for executors to notice the abort before releasing (default 5 s). */
  shutdownGraceMs?: number;
  /** Default `pollAfterMs` of an executor waiting on an external system (default 5 s). */
  externalPollMs?: number;
}

interface InFlight {
  lease: StepLease;
  controller: AbortController;
  /** Why the executor was aborted: the step was stopped (timeout, cancel), lost, or the runner stops. */
  reason?: 'stopped' | 'lost' | 'shutdown';
  done: Promise<void>;
}

/**
 * Executes the steps of durable runs. Each pass ({@link tick}) advances due runs (timeouts,
 * delays, expired leases, retries after backoff) and claims ready steps from the shared
 * {@link StepQueue} up to its concurrency; each claimed attempt runs its executor under a renewed
 * lease, and its report is stored before the next steps start. Several runners (processes) may
 * share one PostgreSQL database.
 */
export class WorkflowRunner {
  readonly holder: string;
  readonly #o: Required<Omit<WorkflowRunnerOptions, 'holder'>>;
  readonly #inFlight = new Map<string, InFlight>();
  #loop: Promise<void> | undefined;
  #running = false;
  #wakeController = new AbortController();
  #again = false;
  readonly #unsubscribe: () => void;

  constructor(options: WorkflowRunnerOptions) {
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.#o = {
      clock: systemClock,
      concurrency: 16,
      leaseMs: 30_000,
      pollIntervalMs: 1_000,
      shutdownGraceMs: 5_000,
      externalPollMs: 5_000,
      ...options,
    };
    this.#unsubscribe = this.#o.runs.onChange((change) => this.#onChange(change));
  }

  /** Attempts this runner is executing now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Starts the polling loop. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#runLoop();
  }

  /** Looks for work now instead of at the next poll (a run was created, approved, a step ended). */
  wake(): void {
    this.#again = true;
    this.#wakeController.abort();
  }

  /**
   * One pass: advance the runs that are due, then claim and start ready steps. Resolves once the
   * claimed attempts started (not finished; see {@link idle}).
   */
  async tick(): Promise<number> {
    const { runs, queue, clock, concurrency, leaseMs, logger } = this.#o;
    const now = clock.now();
    for (const id of await runs.dueRuns(now, 100)) {
      try {
        await runs.mutate(id, () => [], now);
      } catch (error) {
        logger.error({ err: error, runId: id }, 'could not advance the run');
      }
    }
    const claims = await queue.claim(this.holder, clock.now(), concurrency - this.#inFlight.size, leaseMs);
    for (const claim of claims) this.#begin(claim);
    return claims.length;
  }

  /** Resolves when no attempt of this runner is executing (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight.values()].map((f) => f.done));
  }

  /**
   * Stops the loop, aborts the executors of in-flight attempts and releases their leases, so
   * another runner (or this one restarted) takes them over at once.
   */
  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
    const inFlight = [...this.#inFlight.values()];
    for (const flight of inFlight) {
      flight.reason = 'shutdown';
      flight.controller.abort();
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(inFlight.map((flight) => flight.done)),
      new Promise((resolve) => (timer = setTimeout(resolve, this.#o.shutdownGraceMs))),
    ]);
    clearTimeout(timer);
    // Executors that ignored the abort: give their leases back anyway; the attempt number fences them.
    for (const flight of this.#inFlight.values()) await this.#release(flight.lease);
    this.#unsubscribe();
  }

  async #runLoop(): Promise<void> {
    const { clock, pollIntervalMs, logger } = this.#o;
    while (this.#running) {
      this.#again = false;
      try {
        await this.tick();
      } catch (error) {
        logger.error({ err: error }, 'workflow runner pass failed');
      }
      if (!this.#running) break;
      if (this.#again) continue;
      this.#wakeController = new AbortController();
      await clock.sleep(pollIntervalMs, this.#wakeController.signal);
    }
  }

  #onChange(change: RunChange): void {
    for (const flight of this.#inFlight.values()) {
      if (flight.lease.runId !== change.run.id || flight.reason !== undefined) continue;
      if (!holds(change.run.snapshot, flight.lease)) {
        flight.reason = 'stopped';
        flight.controller.abort();
      }
    }
    if (change.events.some((event) => event.type === 'step-ready' || event.type === 'lease-expired')) this.wake();
  }

  #begin(claim: ClaimedStep): void {
    const key = `${claim.lease.runId}/${claim.lease.step}`;
    const flight: InFlight = { lease: claim.lease, controller: new AbortController(), done: Promise.resolve() };
    this.#inFlight.set(key, flight);
    flight.done = this.#execute(claim, flight)
      .catch((error: unknown) =>
        this.#o.logger.error({ err: error, runId: claim.lease.runId, step: claim.lease.step }, 'step execution failed'),
      )
      .finally(() => {
        this.#inFlight.delete(key);
        this.wake();
      });
  }

  async #execute(claim: ClaimedStep, flight: InFlight): Promise<void> {
    const { runs, clock } = this.#o;
    const { lease, run } = claim;
    const step = findStep(run.snapshot, lease.step)!;
    const logger = this.#o.logger.child({ runId: lease.runId, step: lease.step, attempt: lease.attempt, type: step.type });
    const signal = flight.controller.signal;
    const renewing = this.#renewWhileRunning(flight, logger);
    try {
      const report = await this.#poll(claim, step, flight, logger);
      if (report === undefined || signal.aborted) return;
      const event = eventOfReport(report, lease, step, clock.now());
      await runs.mutate(lease.runId, () => [event], clock.now());
      logger.debug({ status: report.status }, 'step attempt reported');
    } finally {
      flight.controller.abort();
      await renewing;
      if (flight.reason === 'shutdown') await this.#release(lease);
    }
  }

  /** Calls the executor until it reports something other than `running` (or is aborted). */
  async #poll(claim: ClaimedStep, step: StepRun, flight: InFlight, logger: Logger): Promise<StepReport | undefined> {
    const { queue, clock, executors, runs } = this.#o;
    const { lease, run } = claim;
    const executor = executors.get(step.type);
    if (!executor) {
      return { status: 'failed', retryable: false, message: `no executor is registered for job type ${step.type}` };
    }
    const signal = flight.controller.signal;
    let { poll, state } = await queue.progress(lease);
    let recordedWait = false;
    for (;;) {
      const context: StepExecution = {
        runId: lease.runId,
        step: lease.step,
        properties: step.properties,
        attempt: lease.attempt,
        poll,
        startedAt: findStep(run.snapshot, lease.step)?.startedAt ?? clock.now(),
        state,
        target: targetOf(run),
        logger,
        signal,
        now: () => clock.now(),
      };
      let report: StepReport;
      try {
        report = await executor.execute(context);
      } catch (error) {
        if (signal.aborted) return undefined;
        logger.warn({ err: error }, 'executor threw; the attempt failed');
        report = { status: 'failed', retryable: true, message: `executor error: ${messageOf(error)}` };
      }
      if (signal.aborted) return undefined;
      poll++;
      const external = report.status === 'waiting' && (report.for ?? (step.type === 'approval' ? 'approval' : 'external')) === 'external';
      if (report.status !== 'running' && !external) return report;
      if (report.status === 'running' && report.state !== undefined) state = report.state;
      if (!(await queue.saveProgress(lease, poll, state))) return undefined;
      if (external && report.status === 'waiting' && !recordedWait) {
        recordedWait = true;
        const at = clock.now();
        await runs.mutate(lease.runId, () => [{ type: 'step-waiting', step: lease.step, attempt: lease.attempt, at, for: 'external', message: report.message }], at);
      }
      const after =
        report.status === 'running'
          ? report.pollAfterMs
          : report.status === 'waiting'
            ? (report.pollAfterMs ?? this.#o.externalPollMs)
            : this.#o.externalPollMs;
      await clock.sleep(Math.max(0, after), signal);
      if (signal.aborted) return undefined;
    }
  }

  async #renewWhileRunning(flight: InFlight, logger: Logger): Promise<void> {
    const { queue, clock, leaseMs } = this.#o;
    const signal = flight.controller.signal;
    while (!signal.aborted) {
      await clock.sleep(leaseMs / 3, signal);
      if (signal.aborted) return;
      try {
        const { held } = await queue.renew(flight.lease, clock.now(), leaseMs);
        if (!held && !signal.aborted) {
          logger.info('the attempt is no longer ours (timed out, cancelled or reclaimed); stopping it');
          flight.reason ??= 'lost';
          flight.controller.abort();
        }
      } catch (error) {
        logger.warn({ err: error }, 'could not renew the lease; will retry');
      }
    }
  }

  async #release(lease: StepLease): Promise<void> {
    try {
      await this.#o.queue.release(lease, this.#o.clock.now());
    } catch (error) {
      this.#o.logger.error({ err: error, runId: lease.runId, step: lease.step }, 'could not release the lease');
    }
  }
}

/** The event that records an executor's final report for `lease`'s attempt. */
export function eventOfReport(report: StepReport, lease: StepLease, step: StepRun, at: number): RunEvent {
  const base = { step: lease.step, attempt: lease.attempt, at };
  switch (report.status) {
    case 'succeeded':
      return { type: 'step-succeeded', ...base, ...(report.output ? { output: report.output } : {}) };
    case 'failed':
      return { type: 'step-failed', ...base, retryable: report.retryable, message: report.message };
    case 'refused':
      return { type: 'step-refused', ...base, reason: report.reason };
    case 'waiting': {
      const kind = report.for ?? (step.type === 'approval' ? 'approval' : 'external');
      return {
        type: 'step-waiting',
        ...base,
        for: kind,
        message: report.message,
        ...(kind === 'time' && report.until !== undefined ? { until: report.until } : {}),
      };
    }
    case 'running':
      throw new Error('a running report is not final');
  }
}

/** What the run delivers, for executors. */
export function targetOf(run: StoredRun) {
  return {
    workspace: run.workspace,
    application: run.application,
    revision: run.revision,
    spec: run.spec,
    environment: run.environment,
    cluster: run.cluster,
    namespace: run.namespace,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
