import type { Application } from '@berth/core';
import type { Logger } from 'pino';

/**
 * The contract between the durable workflow engine (`workflow/`) and the code that performs a
 * step (`delivery/` and others). The engine owns persistence, leasing, timeouts, retries and
 * cancellation; an executor only acts on the world and reports.
 *
 * Executors are invoked repeatedly ("polled") while a step is running: every invocation must be
 * idempotent (server-side apply is), so that a step resumed after a crash or a lost lease does
 * the right thing. Long waits return `{ status: 'running', pollAfterMs }` instead of blocking.
 */
export interface StepExecutor {
  /** The job type this executor performs, e.g. `deploy`. */
  readonly type: string;
  execute(context: StepExecution): Promise<StepReport>;
}

/** Everything an executor may use for one invocation of one step. */
export interface StepExecution {
  runId: string;
  /** The step's name in the plan. */
  step: string;
  /** Validated properties of the step (its job type's schema). */
  properties: Record<string, unknown>;
  /** 1 for the first attempt; retries and reclaimed leases increase it. */
  attempt: number;
  /** How many times this attempt was already polled (0 on the first call of an attempt). */
  poll: number;
  /** When this attempt started (epoch ms). */
  startedAt: number;
  /** Output this step saved on an earlier poll of the same attempt (see `StepReport.state`). */
  state: Record<string, unknown> | undefined;
  target: DeliveryTarget;
  logger: Logger;
  /** Aborted when the run is cancelled or the step's lease is lost. */
  signal: AbortSignal;
  now(): number;
}

/** What a run delivers: one revision of one application to one environment. */
export interface DeliveryTarget {
  workspace: string;
  application: string;
  /** The application revision this run delivers (for rollback: the revision being restored). */
  revision: number;
  spec: Application;
  environment: string;
  cluster: string;
  namespace: string;
}

/** The result of one invocation. */
export type StepReport =
  | { status: 'succeeded'; message?: string; output?: Record<string, unknown> }
  | { status: 'running'; pollAfterMs: number; message?: string; state?: Record<string, unknown> }
  /**
   * Waits for something outside: the engine parks the step until an event arrives.
   * `for` (default `external`, or `approval` for an approval step): `approval` waits for a
   * person's decision through the API, `time` until `until` (epoch ms) — then the step succeeds
   * without calling the executor again — and `external` keeps the lease and polls again after
   * `pollAfterMs` (default 5 s).
   */
  | {
      status: 'waiting';
      message: string;
      for?: 'approval' | 'external' | 'time';
      until?: number;
      pollAfterMs?: number;
    }
  | { status: 'failed'; message: string; retryable: boolean }
  /** The platform refuses the step (e.g. no node group can fit the GPU request): not a failure. */
  | { status: 'refused'; reason: string };
