import { formatDuration } from './duration.js';
import {
  backoffDelay,
  FINAL_STEP_STATES,
  isRunFinished,
  liveRunState,
  MAX_INTERRUPTIONS,
  runOutcome,
  type RunOutcome,
  type RunSnapshot,
  type StepRun,
  type StepWait,
} from './state.js';

/**
 * Something that happened to a run, as the engine records it. Times (`at`) are milliseconds
 * since the epoch. Step events about an attempt carry its number, so a late report from an
 * attempt that already timed out or lost its lease changes nothing.
 */
export type RunEvent =
  | { type: 'step-ready'; step: string; at: number }
  | {
      type: 'step-started';
      step: string;
      attempt: number;
      at: number;
      lease?: { holder: string; expiresAt: number };
    }
  | ({ type: 'step-waiting'; step: string; attempt: number; at: number } & StepWait)
  | { type: 'step-succeeded'; step: string; attempt: number; at: number; output?: Record<string, unknown> }
  | { type: 'step-failed'; step: string; attempt: number; at: number; retryable: boolean; message: string }
  | { type: 'step-refused'; step: string; attempt: number; at: number; reason: string }
  | { type: 'step-timed-out'; step: string; attempt: number; at: number }
  | { type: 'step-skipped'; step: string; at: number; because: string }
  | { type: 'step-cancelled'; step: string; at: number }
  | { type: 'approval-granted'; step: string; at: number; by: string }
  | { type: 'approval-rejected'; step: string; at: number; by: string; reason?: string }
  | { type: 'lease-renewed'; step: string; attempt: number; at: number; expiresAt: number }
  | { type: 'lease-expired'; step: string; attempt: number; at: number }
  | { type: 'cancel-requested'; at: number; by?: string; reason?: string }
  | { type: 'run-finished'; at: number; outcome: RunOutcome; message: string };

/** Step states that no longer allow a dependent to run. */
const BLOCKING = new Set(['failed', 'refused', 'skipped', 'cancelled', 'timed-out']);

/**
 * The run after `event`. Pure and deterministic. An event that does not apply — to a finished
 * run or step, to another attempt, a start before the dependencies succeeded or the backoff
 * ended, an approval by someone not among the approvers — is ignored: the same snapshot object
 * is returned, so `applyEvent(run, e) === run` tells the caller it was refused.
 */
export function applyEvent(run: RunSnapshot, event: RunEvent): RunSnapshot {
  if (isRunFinished(run)) return run;
  switch (event.type) {
    case 'cancel-requested':
      if (run.cancel !== undefined) return run;
      return {
        ...run,
        cancel: {
          at: event.at,
          ...(event.by === undefined ? {} : { by: event.by }),
          ...(event.reason === undefined ? {} : { reason: event.reason }),
        },
      };
    case 'run-finished': {
      if (!run.steps.every((step) => FINAL_STEP_STATES.has(step.state))) return run;
      if (runOutcome(run.steps).outcome !== event.outcome) return run;
      return {
        ...run,
        state: event.outcome,
        finishedAt: event.at,
        message: event.message,
        startedAt: run.startedAt ?? event.at,
      };
    }
    default: {
      const step = run.steps.find((candidate) => candidate.name === event.step);
      if (step === undefined) return run;
      const next = stepAfter(run, step, event);
      if (next === undefined) return run;
      const steps = run.steps.map((candidate) => (candidate === step ? next : candidate));
      const started =
        event.type === 'step-started' && run.startedAt === undefined ? { startedAt: event.at } : {};
      return { ...run, ...started, steps, state: liveRunState(steps) };
    }
  }
}

type StepEvent = Exclude<RunEvent, { type: 'cancel-requested' | 'run-finished' }>;

function stepAfter(run: RunSnapshot, step: StepRun, event: StepEvent): StepRun | undefined {
  const active = step.state === 'running' || step.state === 'waiting';
  const current = 'attempt' in event ? active && event.attempt === step.attempt : active;
  const depsSucceeded = step.dependsOn.every(
    (dep) => run.steps.find((other) => other.name === dep)?.state === 'succeeded',
  );
  switch (event.type) {
    case 'step-ready':
      if (step.state !== 'pending' || !depsSucceeded || run.cancel) return undefined;
      return { ...step, state: 'ready', readyAt: event.at };
    case 'step-started':
      if (step.state !== 'ready' || !depsSucceeded || run.cancel || event.attempt !== step.attempt + 1)
        return undefined;
      if (step.notBefore !== undefined && event.at < step.notBefore) return undefined;
      return {
        ...without(step, 'notBefore', 'wait', 'message', 'lease'),
        state: 'running',
        attempt: event.attempt,
        startedAt: event.at,
        ...(event.lease ? { lease: { ...event.lease } } : {}),
      };
    case 'step-waiting': {
      if (!current || step.state !== 'running') return undefined;
      const wait: StepWait = {
        for: event.for,
        ...(event.until === undefined ? {} : { until: event.until }),
        ...(event.message === undefined ? {} : { message: event.message }),
      };
      // Nobody holds an approval or a timer: the step needs no worker while it waits.
      const base = event.for === 'external' ? step : without(step, 'lease');
      return { ...base, state: 'waiting', wait };
    }
    case 'step-succeeded':
      if (!current || step.wait?.for === 'approval') return undefined;
      return finished(step, 'succeeded', event.at, event.output ? { output: { ...event.output } } : {});
    case 'step-failed':
      if (!current) return undefined;
      return event.retryable
        ? retryOrEnd(run, step, event.at, 'failed', event.message)
        : finished(step, 'failed', event.at, { message: event.message });
    case 'step-refused':
      if (!current) return undefined;
      return finished(step, 'refused', event.at, { message: event.reason });
    case 'step-timed-out':
      if (!current) return undefined;
      return retryOrEnd(
        run,
        step,
        event.at,
        'timed-out',
        `no result within ${formatDuration(step.timeoutMs)}`,
      );
    case 'step-skipped': {
      const cause = run.steps.find((other) => other.name === event.because);
      if (
        step.state !== 'pending' ||
        !step.dependsOn.includes(event.because) ||
        !cause ||
        !BLOCKING.has(cause.state)
      )
        return undefined;
      return finished(step, 'skipped', event.at, {
        message: `dependency ${cause.name} ${describeEnd(cause)}`,
      });
    }
    case 'step-cancelled':
      if (!run.cancel || FINAL_STEP_STATES.has(step.state)) return undefined;
      return finished(step, 'cancelled', event.at, { message: cancelMessage(run) });
    case 'approval-granted':
    case 'approval-rejected': {
      if (step.state !== 'waiting' || step.wait?.for !== 'approval' || !mayDecide(step, event.by))
        return undefined;
      const reason =
        event.type === 'approval-rejected' && event.reason !== undefined ? { reason: event.reason } : {};
      const decision = { approved: event.type === 'approval-granted', by: event.by, at: event.at, ...reason };
      if (event.type === 'approval-granted') return finished(step, 'succeeded', event.at, { decision });
      const message = `rejected by ${event.by}${event.reason ? `: ${event.reason}` : ''}`;
      return finished(step, 'failed', event.at, { decision, message });
    }
    case 'lease-renewed':
      if (!current || step.lease === undefined || event.expiresAt < step.lease.expiresAt) return undefined;
      return { ...step, lease: { ...step.lease, expiresAt: event.expiresAt } };
    case 'lease-expired': {
      if (!current || step.lease === undefined) return undefined;
      const interruptions = step.interruptions + 1;
      if (interruptions > MAX_INTERRUPTIONS || run.cancel) {
        const message = run.cancel ? cancelMessage(run) : `lost its worker ${interruptions} times; giving up`;
        return {
          ...finished(step, run.cancel ? 'cancelled' : 'failed', event.at, { message }),
          interruptions,
        };
      }
      return { ...without(step, 'lease', 'wait'), state: 'ready', readyAt: event.at, interruptions };
    }
  }
}

/** Who may approve: anyone when the step lists no approvers, otherwise one of them. */
export function mayDecide(step: StepRun, by: string): boolean {
  const approvers = step.properties.approvers;
  return !Array.isArray(approvers) || approvers.includes(by);
}

function retryOrEnd(
  run: RunSnapshot,
  step: StepRun,
  at: number,
  end: 'failed' | 'timed-out',
  message: string,
): StepRun {
  const used = step.attempt - step.interruptions;
  if (used > step.retries || run.cancel) return finished(step, end, at, { message });
  const notBefore = at + backoffDelay(step.backoff, used + 1);
  return { ...without(step, 'lease', 'wait'), state: 'ready', message, readyAt: notBefore, notBefore };
}

function finished(step: StepRun, state: StepRun['state'], at: number, extra: Partial<StepRun>): StepRun {
  return { ...without(step, 'lease', 'wait', 'notBefore'), state, finishedAt: at, ...extra };
}

function without(step: StepRun, ...keys: Array<keyof StepRun>): StepRun {
  const copy = { ...step };
  for (const key of keys) delete copy[key];
  return copy;
}

function describeEnd(step: StepRun): string {
  return step.state === 'timed-out'
    ? 'timed out'
    : step.state === 'skipped'
      ? 'was skipped'
      : step.state === 'cancelled'
        ? 'was cancelled'
        : step.state === 'refused'
          ? 'was refused'
          : 'failed';
}

function cancelMessage(run: RunSnapshot): string {
  const by = run.cancel?.by === undefined ? '' : ` by ${run.cancel.by}`;
  const reason = run.cancel?.reason === undefined ? '' : `: ${run.cancel.reason}`;
  return `cancelled${by}${reason}`;
}
