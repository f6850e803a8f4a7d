import type { PlannedStep, WorkflowPlan } from './plan.js';

/**
 * The state of one step in a run.
 * - `pending`: some dependency has not succeeded yet.
 * - `ready`: every dependency succeeded; waiting for a worker (or for the backoff before a retry).
 * - `running`: an attempt is executing (under a lease when the engine uses leases).
 * - `waiting`: the attempt is suspended: for an approval, an external system, or a point in time.
 * - `succeeded`, `failed`, `refused` (the platform declined, e.g. no node group fits the GPUs),
 *   `skipped` (a dependency did not succeed), `cancelled`, `timed-out`: final.
 */
export type StepState =
  | 'pending'
  | 'ready'
  | 'running'
  | 'waiting'
  | 'succeeded'
  | 'failed'
  | 'refused'
  | 'skipped'
  | 'cancelled'
  | 'timed-out';

/** The state of a run; `succeeded`, `failed`, `refused` and `cancelled` are final. */
export type RunState = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'refused' | 'cancelled';

/** How a run ended. */
export type RunOutcome = Extract<RunState, 'succeeded' | 'failed' | 'refused' | 'cancelled'>;

/** Step states after which a step never changes again. */
export const FINAL_STEP_STATES: ReadonlySet<StepState> = new Set([
  'succeeded',
  'failed',
  'refused',
  'skipped',
  'cancelled',
  'timed-out',
]);

/** What a waiting step waits for: a person's decision, an external system, or a time (`until`). */
export interface StepWait {
  for: 'approval' | 'external' | 'time';
  /** For `time`: when the step succeeds on its own. */
  until?: number;
  message?: string;
}

/** The run-time state of one planned step. Times are milliseconds since the epoch. */
export interface StepRun extends PlannedStep {
  state: StepState;
  /** Attempts started so far; the running attempt's number while running. */
  attempt: number;
  /** When the step last became ready (queue time = startedAt − readyAt). */
  readyAt?: number;
  /** A retry waits until then (the backoff). */
  notBefore?: number;
  /** When the current or last attempt started. */
  startedAt?: number;
  finishedAt?: number;
  /** The worker holding the running attempt and until when. */
  lease?: { holder: string; expiresAt: number };
  /** Times the running attempt was lost with its worker (lease expired) and handed out again. */
  interruptions: number;
  wait?: StepWait;
  /** Why the step last failed, was refused, skipped, cancelled or timed out. */
  message?: string;
  /** Who approved or rejected an approval step. */
  decision?: { approved: boolean; by: string; at: number; reason?: string };
  /** What the executor reported on success, e.g. the revision it applied. */
  output?: Record<string, unknown>;
}

/** A run as stored: everything `nextActions` needs to decide, JSON-serialisable. */
export interface RunSnapshot {
  id: string;
  application: string;
  environment: string;
  state: RunState;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** Set once a cancel was requested; the run ends `cancelled` after its running steps stop. */
  cancel?: { at: number; by?: string; reason?: string };
  /** A sentence on how the run ended. */
  message?: string;
  /** In plan order: every step after its dependencies. */
  steps: StepRun[];
}

/** A lost attempt is handed out again at most this many times; then the step fails. */
export const MAX_INTERRUPTIONS = 3;

/** A new run of `plan`, every step pending. */
export function createRun(plan: WorkflowPlan, options: { id: string; now: number }): RunSnapshot {
  return {
    id: options.id,
    application: plan.application,
    environment: plan.environment,
    state: 'pending',
    createdAt: options.now,
    steps: plan.steps.map((step) => ({
      ...step,
      properties: { ...step.properties },
      dependsOn: [...step.dependsOn],
      backoff: { ...step.backoff },
      state: 'pending',
      attempt: 0,
      interruptions: 0,
    })),
  };
}

/** The step named `name`, or `undefined`. */
export function findStep(run: RunSnapshot, name: string): StepRun | undefined {
  return run.steps.find((step) => step.name === name);
}

/** True when the run has ended. */
export function isRunFinished(run: RunSnapshot): boolean {
  return (
    run.state === 'succeeded' ||
    run.state === 'failed' ||
    run.state === 'refused' ||
    run.state === 'cancelled'
  );
}

/**
 * The delay before attempt `attempt` (2 = the first retry): `initialMs × factor^(attempt-2)`,
 * capped at `maxMs`.
 */
export function backoffDelay(backoff: PlannedStep['backoff'], attempt: number): number {
  const exponent = Math.max(0, attempt - 2);
  return Math.min(backoff.maxMs, Math.round(backoff.initialMs * Math.pow(backoff.factor, exponent)));
}

/**
 * How a run ends given its final steps: `failed` when a step failed or timed out, else
 * `refused` when one was refused, else `cancelled` when one was cancelled, else `succeeded`.
 */
export function runOutcome(steps: ReadonlyArray<StepRun>): { outcome: RunOutcome; message: string } {
  const first = (...states: StepState[]): StepRun | undefined =>
    steps.find((step) => states.includes(step.state));
  const failed = first('failed', 'timed-out');
  if (failed)
    return {
      outcome: 'failed',
      message: `step ${failed.name} ${failed.state === 'timed-out' ? 'timed out' : 'failed'}${failed.message ? `: ${failed.message}` : ''}`,
    };
  const refused = first('refused');
  if (refused)
    return {
      outcome: 'refused',
      message: `step ${refused.name} was refused${refused.message ? `: ${refused.message}` : ''}`,
    };
  const cancelled = first('cancelled');
  if (cancelled) return { outcome: 'cancelled', message: cancelled.message ?? 'the run was cancelled' };
  return { outcome: 'succeeded', message: `all ${steps.length} steps succeeded` };
}

/** The live state of an unfinished run from its steps: `waiting` when it only waits on people or other systems. */
export function liveRunState(steps: ReadonlyArray<StepRun>): RunState {
  if (steps.every((step) => step.state === 'pending' && step.attempt === 0)) return 'pending';
  const active = steps.some((step) => step.state === 'running' || step.state === 'ready');
  const waiting = steps.some((step) => step.state === 'waiting');
  return !active && waiting ? 'waiting' : 'running';
}
