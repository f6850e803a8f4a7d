import { describe, expect, it } from 'vitest';
import { nextActions } from './actions.js';
import { advance } from './advance.js';
import { applyEvent, type RunEvent } from './events.js';
import type { PlannedStep, WorkflowPlan } from './plan.js';
import { createRun, findStep, type RunSnapshot } from './state.js';

/** A plan from `name: deps` entries; every step a deploy with a 1s/×2/4s backoff unless changed. */
function planOf(steps: Array<[string, string[], Partial<PlannedStep>?]>): WorkflowPlan {
  return {
    application: 'shop',
    environment: 'dev',
    source: 'workflow',
    warnings: [],
    steps: steps.map(([name, dependsOn, extra]) => ({
      name,
      type: 'deploy',
      properties: { components: [name] },
      dependsOn,
      timeoutMs: 60_000,
      retries: 0,
      backoff: { initialMs: 1_000, factor: 2, maxMs: 4_000 },
      ...extra,
    })),
  };
}

/** Advance the run at `now` and record a start for every step due: what an engine tick does. */
function tick(
  run: RunSnapshot,
  now: number,
): { run: RunSnapshot; started: string[]; stops: string[]; wakeAt?: number } {
  const step = advance(run, now);
  let current = step.run;
  for (const start of step.starts)
    current = apply(current, { type: 'step-started', step: start.step, attempt: start.attempt, at: now });
  const again = advance(current, now);
  return {
    run: again.run,
    started: step.starts.map((start) => start.step),
    stops: step.stops.map((stop) => stop.step),
    ...(again.wakeAt === undefined ? {} : { wakeAt: again.wakeAt }),
  };
}

/** Apply an event that must be accepted. */
function apply(run: RunSnapshot, event: RunEvent): RunSnapshot {
  const next = applyEvent(run, event);
  expect(next, `${event.type} should apply`).not.toBe(run);
  return next;
}

function succeed(run: RunSnapshot, step: string, at: number): RunSnapshot {
  return apply(run, { type: 'step-succeeded', step, attempt: findStep(run, step)!.attempt, at });
}

function states(run: RunSnapshot): Record<string, string> {
  return Object.fromEntries(run.steps.map((step) => [step.name, step.state]));
}

describe('the run state machine', () => {
  it('runs a chain to success, one step at a time', () => {
    let run = createRun(
      planOf([
        ['data', []],
        ['web', ['data']],
      ]),
      { id: 'r1', now: 0 },
    );
    expect(run.state).toBe('pending');
    let t = tick(run, 10);
    expect(t.started).toEqual(['data']);
    run = t.run;
    expect(run.state).toBe('running');
    expect(findStep(run, 'data')).toMatchObject({ state: 'running', attempt: 1, readyAt: 10, startedAt: 10 });
    expect(states(run).web).toBe('pending');
    run = succeed(run, 'data', 20);
    t = tick(run, 20);
    expect(t.started).toEqual(['web']);
    run = succeed(t.run, 'web', 30);
    t = tick(run, 30);
    expect(t.run).toMatchObject({
      state: 'succeeded',
      startedAt: 10,
      finishedAt: 30,
      message: 'all 2 steps succeeded',
    });
    expect(nextActions(t.run, 40)).toEqual([]);
  });

  it('runs independent branches in parallel and joins them', () => {
    let run = createRun(
      planOf([
        ['redis', []],
        ['config', []],
        ['web', ['redis', 'config']],
      ]),
      { id: 'r', now: 0 },
    );
    let t = tick(run, 0);
    expect(t.started).toEqual(['redis', 'config']);
    run = succeed(t.run, 'redis', 5);
    t = tick(run, 5);
    expect(t.started).toEqual([]);
    run = succeed(t.run, 'config', 6);
    expect(tick(run, 6).started).toEqual(['web']);
  });

  it('skips what depends on a failed step, finishes the other branch, and fails the run', () => {
    let run = createRun(
      planOf([
        ['migrate', []],
        ['web', ['migrate']],
        ['ingress', ['web']],
        ['worker', []],
      ]),
      { id: 'r', now: 0 },
    );
    run = tick(run, 0).run;
    run = apply(run, {
      type: 'step-failed',
      step: 'migrate',
      attempt: 1,
      at: 5,
      retryable: false,
      message: 'relation "users" already exists',
    });
    let t = tick(run, 5);
    expect(states(t.run)).toEqual({
      migrate: 'failed',
      web: 'skipped',
      ingress: 'skipped',
      worker: 'running',
    });
    expect(findStep(t.run, 'ingress')!.message).toBe('dependency web was skipped');
    expect(t.run.state).toBe('running');
    run = succeed(t.run, 'worker', 9);
    t = tick(run, 9);
    expect(t.run).toMatchObject({
      state: 'failed',
      message: 'step migrate failed: relation "users" already exists',
    });
  });

  it('retries a retryable failure after an exponential backoff with a cap, then gives up', () => {
    let run = createRun(planOf([['hook', [], { retries: 3 }]]), { id: 'r', now: 0 });
    run = tick(run, 0).run;
    const failures: Array<{ at: number; wakeAt?: number; started: string[] }> = [];
    let at = 0;
    for (let attempt = 1; attempt <= 4; attempt++) {
      run = apply(run, {
        type: 'step-failed',
        step: 'hook',
        attempt,
        at,
        retryable: true,
        message: '503 from hooks.example.com',
      });
      const early = tick(run, at);
      failures.push({
        at,
        started: early.started,
        ...(early.wakeAt === undefined ? {} : { wakeAt: early.wakeAt }),
      });
      if (early.wakeAt === undefined) break;
      expect(tick(run, early.wakeAt - 1).started).toEqual([]);
      const due = tick(run, early.wakeAt);
      expect(due.started).toEqual(['hook']);
      run = due.run;
      at = early.wakeAt;
    }
    // Backoffs of 1s, 2s and then 4s (the cap); the fourth failure is final.
    expect(
      failures.map((failure) => (failure.wakeAt === undefined ? 'final' : failure.wakeAt - failure.at)),
    ).toEqual([1_000, 2_000, 4_000, 'final']);
    expect(findStep(run, 'hook')).toMatchObject({ state: 'failed', attempt: 4 });
  });

  it('announces a retry as such', () => {
    const fresh = createRun(planOf([['hook', [], { retries: 1 }]]), { id: 'r', now: 0 });
    expect(nextActions(fresh, 0)).toEqual([{ kind: 'mark-ready', step: 'hook' }]);
    expect(advance(fresh, 0).starts).toEqual([{ kind: 'start', step: 'hook', attempt: 1, retry: false }]);
    let run = tick(fresh, 0).run;
    run = apply(run, { type: 'step-failed', step: 'hook', attempt: 1, at: 0, retryable: true, message: 'x' });
    expect(nextActions(run, 1_000)).toEqual([{ kind: 'start', step: 'hook', attempt: 2, retry: true }]);
  });

  it('times out a step that runs too long and ignores its late answer', () => {
    let run = createRun(
      planOf([
        ['migrate', [], { timeoutMs: 5_000 }],
        ['web', ['migrate']],
      ]),
      { id: 'r', now: 0 },
    );
    run = tick(run, 0).run;
    const early = tick(run, 4_999);
    expect(early.stops).toEqual([]);
    expect(early.wakeAt).toBe(5_000);
    const late = tick(run, 5_000);
    expect(late.stops).toEqual(['migrate']);
    expect(states(late.run)).toEqual({ migrate: 'timed-out', web: 'skipped' });
    expect(late.run).toMatchObject({
      state: 'failed',
      message: 'step migrate timed out: no result within 5s',
    });
    expect(applyEvent(late.run, { type: 'step-succeeded', step: 'migrate', attempt: 1, at: 5_001 })).toBe(
      late.run,
    );
  });

  it('waits for an approval, then goes on when an approver approves', () => {
    const plan = planOf([
      ['approve', [], { type: 'approval', properties: { approvers: ['alice'] } }],
      ['web', ['approve']],
    ]);
    let run = tick(createRun(plan, { id: 'r', now: 0 }), 0).run;
    run = apply(run, {
      type: 'step-waiting',
      step: 'approve',
      attempt: 1,
      at: 1,
      for: 'approval',
      message: 'Ship 1.4.0?',
    });
    expect(run.state).toBe('waiting');
    expect(tick(run, 1_000).started).toEqual([]);
    expect(applyEvent(run, { type: 'approval-granted', step: 'approve', at: 2, by: 'mallory' })).toBe(run);
    expect(applyEvent(run, { type: 'step-succeeded', step: 'approve', attempt: 1, at: 2 })).toBe(run);
    run = apply(run, { type: 'approval-granted', step: 'approve', at: 3, by: 'alice' });
    expect(findStep(run, 'approve')).toMatchObject({
      state: 'succeeded',
      decision: { approved: true, by: 'alice', at: 3 },
    });
    expect(tick(run, 3).started).toEqual(['web']);
  });

  it('fails the run when the approval is rejected', () => {
    const plan = planOf([
      ['approve', [], { type: 'approval', properties: {} }],
      ['web', ['approve']],
    ]);
    let run = tick(createRun(plan, { id: 'r', now: 0 }), 0).run;
    run = apply(run, { type: 'step-waiting', step: 'approve', attempt: 1, at: 1, for: 'approval' });
    run = apply(run, { type: 'approval-rejected', step: 'approve', at: 2, by: 'bob', reason: 'freeze week' });
    const t = tick(run, 2);
    expect(states(t.run)).toEqual({ approve: 'failed', web: 'skipped' });
    expect(t.run).toMatchObject({
      state: 'failed',
      message: 'step approve failed: rejected by bob: freeze week',
    });
  });

  it('resumes a delay when its time comes, also after a restart', () => {
    const plan = planOf([
      ['soak', [], { type: 'delay', properties: { duration: '30s' }, timeoutMs: 90_000 }],
    ]);
    let run = tick(createRun(plan, { id: 'r', now: 0 }), 0).run;
    run = apply(run, { type: 'step-waiting', step: 'soak', attempt: 1, at: 0, for: 'time', until: 30_000 });
    const restarted: RunSnapshot = JSON.parse(JSON.stringify(run));
    expect(tick(restarted, 29_999)).toMatchObject({ wakeAt: 30_000, run: { state: 'waiting' } });
    expect(tick(restarted, 30_000).run.state).toBe('succeeded');
  });

  it('cancels: idle steps at once, running ones after stopping their executor', () => {
    let run = createRun(
      planOf([
        ['a', []],
        ['b', []],
        ['c', ['a']],
      ]),
      { id: 'r', now: 0 },
    );
    run = tick(run, 0).run;
    run = succeed(run, 'b', 1);
    run = apply(run, { type: 'cancel-requested', at: 2, by: 'alice', reason: 'wrong image' });
    expect(applyEvent(run, { type: 'step-ready', step: 'c', at: 2 })).toBe(run);
    const t = tick(run, 2);
    expect(t.stops).toEqual(['a']);
    expect(states(t.run)).toEqual({ a: 'cancelled', b: 'succeeded', c: 'cancelled' });
    expect(t.run).toMatchObject({ state: 'cancelled', message: 'cancelled by alice: wrong image' });
  });

  it('tells a refusal from a failure: the run is refused, with the reason', () => {
    const plan = planOf([
      ['trainer-gpu-precheck', [], { type: 'gpu-precheck', properties: { component: 'trainer' } }],
      ['redis', []],
      ['trainer', ['trainer-gpu-precheck', 'redis']],
    ]);
    let run = tick(createRun(plan, { id: 'r', now: 0 }), 0).run;
    const reason = '0/3 nodes can fit 2 nvidia.com/gpu: no node group has GPUs';
    run = apply(run, { type: 'step-refused', step: 'trainer-gpu-precheck', attempt: 1, at: 1, reason });
    run = succeed(run, 'redis', 2);
    const t = tick(run, 2);
    expect(states(t.run)).toEqual({
      'trainer-gpu-precheck': 'refused',
      redis: 'succeeded',
      trainer: 'skipped',
    });
    expect(t.run.state).toBe('refused');
    expect(t.run.message).toBe(`step trainer-gpu-precheck was refused: ${reason}`);
  });

  it('hands a step out again when its worker loses the lease, without using a retry', () => {
    let run = createRun(planOf([['web', []]]), { id: 'r', now: 0 });
    run = advance(run, 0).run;
    run = apply(run, {
      type: 'step-started',
      step: 'web',
      attempt: 1,
      at: 0,
      lease: { holder: 'server-1', expiresAt: 15_000 },
    });
    run = apply(run, { type: 'lease-renewed', step: 'web', attempt: 1, at: 10_000, expiresAt: 25_000 });
    expect(tick(run, 20_000).started).toEqual([]);
    const t = advance(run, 25_000);
    expect(t.events.map((event) => event.type)).toEqual(['lease-expired']);
    expect(t.starts).toEqual([{ kind: 'start', step: 'web', attempt: 2, retry: false }]);
    // The lost worker's report comes too late to count.
    expect(applyEvent(t.run, { type: 'step-succeeded', step: 'web', attempt: 1, at: 25_001 })).toBe(t.run);
  });

  it('refuses to start a step before its dependencies succeeded', () => {
    const run = advance(
      createRun(
        planOf([
          ['a', []],
          ['b', ['a']],
        ]),
        { id: 'r', now: 0 },
      ),
      0,
    ).run;
    expect(applyEvent(run, { type: 'step-ready', step: 'b', at: 0 })).toBe(run);
    expect(applyEvent(run, { type: 'step-started', step: 'b', attempt: 1, at: 0 })).toBe(run);
  });

  it('keeps at most maxParallel steps executing', () => {
    const run = advance(
      createRun(
        planOf([
          ['a', []],
          ['b', []],
          ['c', []],
        ]),
        { id: 'r', now: 0 },
      ),
      0,
    ).run;
    expect(
      nextActions(run, 0, { maxParallel: 2 }).map((action) => action.kind === 'start' && action.step),
    ).toEqual(['a', 'b']);
  });
});
