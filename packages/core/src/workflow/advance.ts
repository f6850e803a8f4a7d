import { eventForAction, nextActions, type Action, type NextActionsOptions } from './actions.js';
import { applyEvent, type RunEvent } from './events.js';
import type { RunSnapshot } from './state.js';

/** The result of {@link advance}: the new snapshot, the events to store, and the work for executors. */
export interface Advance {
  run: RunSnapshot;
  /** Events applied, in order; store them with the snapshot. */
  events: RunEvent[];
  /** Steps to start now: record `step-started` (with the worker's lease), then execute. */
  starts: Array<Extract<Action, { kind: 'start' }>>;
  /** Attempts that timed out or were cancelled while an executor worked on them: stop it. */
  stops: Array<{ step: string; attempt: number }>;
  /** When to call again if nothing else happens; absent when the run waits only on events (or finished). */
  wakeAt?: number;
}

/**
 * Apply every decision of {@link nextActions} that needs no executor — ready, skip, time-out,
 * resume, reclaim, cancel, finish — until none is left, and return the steps to start. The
 * recorded attempt numbers fence late reports: a timed-out attempt that still answers changes
 * nothing.
 */
export function advance(run: RunSnapshot, now: number, options: NextActionsOptions = {}): Advance {
  const events: RunEvent[] = [];
  const stops: Advance['stops'] = [];
  let current = run;
  for (;;) {
    const actions = nextActions(current, now, options);
    let changed = false;
    for (const action of actions) {
      if (action.kind === 'start' || action.kind === 'wake') continue;
      const event = eventForAction(action, now);
      if (event === undefined) continue;
      const attempt =
        'step' in action ? current.steps.find((step) => step.name === action.step)?.attempt : undefined;
      const next = applyEvent(current, event);
      if (next === current) continue;
      current = next;
      changed = true;
      events.push(event);
      if ((action.kind === 'time-out' || (action.kind === 'cancel' && action.abort)) && attempt !== undefined)
        stops.push({ step: action.step, attempt });
    }
    if (!changed) {
      const wake = actions.find((action) => action.kind === 'wake');
      return {
        run: current,
        events,
        starts: actions.filter(
          (action): action is Extract<Action, { kind: 'start' }> => action.kind === 'start',
        ),
        stops,
        ...(wake?.kind === 'wake' ? { wakeAt: wake.at } : {}),
      };
    }
  }
}
