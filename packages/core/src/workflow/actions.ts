import type { RunEvent } from './events.js';
import {
  FINAL_STEP_STATES,
  isRunFinished,
  runOutcome,
  type RunOutcome,
  type RunSnapshot,
  type StepRun,
} from './state.js';

/**
 * What the engine should do next for a run. Most actions are recorded as one event
 * ({@link eventForAction}); `start`, `time-out` and `cancel` with `abort` also involve the
 * executor (start it, or stop it first).
 */
export type Action =
  /** Every dependency succeeded: the step joins the queue. */
  | { kind: 'mark-ready'; step: string }
  /** Run attempt `attempt` of a ready step; `retry` when an earlier attempt failed or timed out. */
  | { kind: 'start'; step: string; attempt: number; retry: boolean }
  /** The attempt ran past the step's timeout: stop it and record the timeout (retried if retries remain). */
  | { kind: 'time-out'; step: string; attempt: number }
  /** A step waiting for a time (a delay) reached it: it succeeded. */
  | { kind: 'resume'; step: string; attempt: number }
  /** The worker running the attempt let its lease expire: hand the step out again. */
  | { kind: 'reclaim'; step: string; attempt: number }
  /** A dependency failed, was refused, cancelled, skipped or timed out: this step will not run. */
  | { kind: 'skip'; step: string; because: string }
  /** The run is being cancelled; `abort` when an executor is working on the step and must be stopped first. */
  | { kind: 'cancel'; step: string; abort: boolean }
  /** Every step is final: the run ends with this outcome. */
  | { kind: 'finish'; outcome: RunOutcome; message: string }
  /** Nothing else is due before `at` (a backoff, a timeout, a delay, a lease): look again then. */
  | { kind: 'wake'; at: number };

/** Options of {@link nextActions}. */
export interface NextActionsOptions {
  /** At most this many steps of the run executing at once (running, or waiting on an external system). */
  maxParallel?: number;
}

const BLOCKING = new Set(['failed', 'refused', 'skipped', 'cancelled', 'timed-out']);

/**
 * Decide what is due in `run` at `now`. Pure and deterministic: actions come in plan order, and
 * recording them in that order (through {@link eventForAction} and `applyEvent`) is always
 * valid. Call again after recording: a step marked ready starts on the next call.
 *
 * - A pending step whose dependencies all succeeded becomes ready; one with a dependency that
 *   failed, was refused, cancelled, skipped or timed out is skipped (transitively, in one call).
 * - A ready step starts once its backoff (`notBefore`) has passed.
 * - A running or waiting step past `startedAt + timeoutMs` times out; a delay whose time came
 *   resumes; a step whose lease expired is reclaimed.
 * - After a cancel request every unfinished step is cancelled (running ones aborted).
 * - When every step is final, the run finishes: `failed` over `refused` over `cancelled` over `succeeded`.
 */
export function nextActions(run: RunSnapshot, now: number, options: NextActionsOptions = {}): Action[] {
  if (isRunFinished(run)) return [];
  const actions: Action[] = [];
  const wakes: number[] = [];
  const byName = new Map(run.steps.map((step) => [step.name, step]));
  if (run.cancel !== undefined) {
    for (const step of run.steps) {
      if (FINAL_STEP_STATES.has(step.state)) continue;
      const abort = step.state === 'running' || (step.state === 'waiting' && step.wait?.for === 'external');
      actions.push({ kind: 'cancel', step: step.name, abort });
    }
  } else {
    const doomed = new Set<string>();
    let capacity = (options.maxParallel ?? Infinity) - run.steps.filter(executing).length;
    for (const step of run.steps) {
      if (step.state === 'pending') {
        const blocker = step.dependsOn.find(
          (dep) => doomed.has(dep) || BLOCKING.has(byName.get(dep)?.state ?? ''),
        );
        if (blocker !== undefined) {
          doomed.add(step.name);
          actions.push({ kind: 'skip', step: step.name, because: blocker });
        } else if (step.dependsOn.every((dep) => byName.get(dep)?.state === 'succeeded')) {
          actions.push({ kind: 'mark-ready', step: step.name });
        }
      } else if (step.state === 'ready') {
        if (step.notBefore !== undefined && step.notBefore > now) wakes.push(step.notBefore);
        else if (capacity > 0) {
          capacity--;
          actions.push({
            kind: 'start',
            step: step.name,
            attempt: step.attempt + 1,
            retry: step.attempt > step.interruptions,
          });
        }
      } else if (step.state === 'running' || step.state === 'waiting') {
        actions.push(...activeStepActions(step, now, wakes));
      }
    }
  }
  if (actions.length === 0 && run.steps.every((step) => FINAL_STEP_STATES.has(step.state))) {
    actions.push({ kind: 'finish', ...runOutcome(run.steps) });
  }
  const due = wakes.filter((at) => at > now);
  if (due.length > 0) actions.push({ kind: 'wake', at: Math.min(...due) });
  return actions;
}

function executing(step: StepRun): boolean {
  return step.state === 'running' || (step.state === 'waiting' && step.wait?.for === 'external');
}

function activeStepActions(step: StepRun, now: number, wakes: number[]): Action[] {
  const deadline = (step.startedAt ?? now) + step.timeoutMs;
  if (deadline <= now) return [{ kind: 'time-out', step: step.name, attempt: step.attempt }];
  wakes.push(deadline);
  const until = step.wait?.for === 'time' ? step.wait.until : undefined;
  if (until !== undefined) {
    if (until <= now) return [{ kind: 'resume', step: step.name, attempt: step.attempt }];
    wakes.push(until);
  }
  if (step.lease !== undefined) {
    if (step.lease.expiresAt <= now) return [{ kind: 'reclaim', step: step.name, attempt: step.attempt }];
    wakes.push(step.lease.expiresAt);
  }
  return [];
}

/**
 * The event that records `action` once the engine performed it at `now`; `undefined` for
 * `wake`. For `start`, pass the lease the worker took, if any.
 */
export function eventForAction(
  action: Action,
  now: number,
  lease?: { holder: string; expiresAt: number },
): RunEvent | undefined {
  switch (action.kind) {
    case 'mark-ready':
      return { type: 'step-ready', step: action.step, at: now };
    case 'start':
      return {
        type: 'step-started',
        step: action.step,
        attempt: action.attempt,
        at: now,
        ...(lease ? { lease } : {}),
      };
    case 'time-out':
      return { type: 'step-timed-out', step: action.step, attempt: action.attempt, at: now };
    case 'resume':
      return { type: 'step-succeeded', step: action.step, attempt: action.attempt, at: now };
    case 'reclaim':
      return { type: 'lease-expired', step: action.step, attempt: action.attempt, at: now };
    case 'skip':
      return { type: 'step-skipped', step: action.step, at: now, because: action.because };
    case 'cancel':
      return { type: 'step-cancelled', step: action.step, at: now };
    case 'finish':
      return { type: 'run-finished', at: now, outcome: action.outcome, message: action.message };
    case 'wake':
      return undefined;
  }
}
