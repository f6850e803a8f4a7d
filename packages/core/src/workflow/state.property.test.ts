import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advance } from './advance.js';
import { applyEvent, type RunEvent } from './events.js';
import type { WorkflowPlan } from './plan.js';
import { createRun, FINAL_STEP_STATES, isRunFinished, runOutcome, type RunSnapshot } from './state.js';

/** A random DAG: step i may depend on any earlier step. */
const planArbitrary = fc
  .array(
    fc.record({
      deps: fc.array(fc.boolean(), { maxLength: 7 }),
      retries: fc.nat({ max: 2 }),
      timeoutMs: fc.integer({ min: 1_000, max: 60_000 }),
    }),
    { minLength: 1, maxLength: 7 },
  )
  .map((specs): WorkflowPlan => ({
    application: 'app',
    environment: 'dev',
    source: 'workflow',
    warnings: [],
    steps: specs.map((spec, index) => ({
      name: `s${index}`,
      type: 'deploy',
      properties: {},
      dependsOn: spec.deps.slice(0, index).flatMap((on, dep) => (on ? [`s${dep}`] : [])),
      timeoutMs: spec.timeoutMs,
      retries: spec.retries,
      backoff: { initialMs: 500, factor: 2, maxMs: 2_000 },
    })),
  }));

const OPS = [
  'tick',
  'succeed',
  'fail',
  'fail-retryable',
  'refuse',
  'wait-approval',
  'wait-external',
  'wait-time',
  'approve',
  'reject',
  'lease-expired',
  'renew',
  'cancel',
  'stray-start',
  'stray-ready',
  'stray-skip',
  'stray-finish',
] as const;
const opArbitrary = fc.record({ op: fc.constantFrom(...OPS), step: fc.nat(), k: fc.nat({ max: 20_000 }) });

/** Invariants of every snapshot: nothing past `pending` unless its dependencies succeeded. */
function checkSnapshot(run: RunSnapshot): void {
  const byName = new Map(run.steps.map((step) => [step.name, step]));
  for (const step of run.steps) {
    if (['ready', 'running', 'waiting', 'succeeded'].includes(step.state)) {
      for (const dep of step.dependsOn)
        expect(byName.get(dep)!.state, `${step.name} is ${step.state} before ${dep} succeeded`).toBe(
          'succeeded',
        );
    }
  }
  if (isRunFinished(run)) {
    expect(run.steps.every((step) => FINAL_STEP_STATES.has(step.state))).toBe(true);
    expect(run.state).toBe(runOutcome(run.steps).outcome);
  }
}

/** Invariants of a transition: final things stay final; a start is the next attempt of a ready step. */
function checkTransition(before: RunSnapshot, after: RunSnapshot): void {
  checkSnapshot(after);
  if (isRunFinished(before)) expect(after).toBe(before);
  before.steps.forEach((old, index) => {
    const now = after.steps[index]!;
    if (FINAL_STEP_STATES.has(old.state)) expect(now).toEqual(old);
    if (now.state === 'running' && (old.state !== 'running' || now.attempt !== old.attempt)) {
      expect(old.state).toBe('ready');
      expect(now.attempt).toBe(old.attempt + 1);
    }
  });
}

class Simulation {
  now = 0;
  run: RunSnapshot;

  constructor(plan: WorkflowPlan) {
    this.run = createRun(plan, { id: 'run', now: 0 });
  }

  record(event: RunEvent): void {
    const next = applyEvent(this.run, event);
    checkTransition(this.run, next);
    this.run = next;
  }

  /** One engine tick: advance, replaying its events one by one through the checks, then start what is due. */
  tick(): void {
    const result = advance(this.run, this.now);
    for (const event of result.events) {
      const before = this.run;
      this.record(event);
      expect(this.run).not.toBe(before);
    }
    expect(this.run).toEqual(result.run);
    for (const start of result.starts) {
      this.record({
        type: 'step-started',
        step: start.step,
        attempt: start.attempt,
        at: this.now,
        lease: { holder: 'w1', expiresAt: this.now + 10_000 },
      });
    }
  }

  apply(op: { op: (typeof OPS)[number]; step: number; k: number }): void {
    const step = this.run.steps[op.step % this.run.steps.length]!;
    const attempt = op.k % 4 === 0 ? step.attempt - 1 : step.attempt;
    const at = this.now;
    const base = { step: step.name, at };
    switch (op.op) {
      case 'tick':
        this.now += op.k;
        return this.tick();
      case 'succeed':
        return this.record({ ...base, type: 'step-succeeded', attempt });
      case 'fail':
      case 'fail-retryable':
        return this.record({
          ...base,
          type: 'step-failed',
          attempt,
          retryable: op.op === 'fail-retryable',
          message: 'boom',
        });
      case 'refuse':
        return this.record({ ...base, type: 'step-refused', attempt, reason: 'no GPUs' });
      case 'wait-approval':
      case 'wait-external':
      case 'wait-time': {
        const kind = op.op === 'wait-approval' ? 'approval' : op.op === 'wait-external' ? 'external' : 'time';
        return this.record({
          ...base,
          type: 'step-waiting',
          attempt,
          for: kind,
          ...(kind === 'time' ? { until: at + op.k } : {}),
        });
      }
      case 'approve':
        return this.record({ ...base, type: 'approval-granted', by: 'alice' });
      case 'reject':
        return this.record({ ...base, type: 'approval-rejected', by: 'bob' });
      case 'lease-expired':
        return this.record({ ...base, type: 'lease-expired', attempt });
      case 'renew':
        return this.record({ ...base, type: 'lease-renewed', attempt, expiresAt: at + op.k });
      case 'cancel':
        return this.record({ type: 'cancel-requested', at, by: 'alice' });
      case 'stray-start':
        return this.record({ ...base, type: 'step-started', attempt: op.k % 3 });
      case 'stray-ready':
        return this.record({ ...base, type: 'step-ready' });
      case 'stray-skip':
        return this.record({
          ...base,
          type: 'step-skipped',
          because: this.run.steps[op.k % this.run.steps.length]!.name,
        });
      case 'stray-finish':
        return this.record({
          type: 'run-finished',
          at,
          outcome: (['succeeded', 'failed', 'refused', 'cancelled'] as const)[op.k % 4]!,
          message: 'stray',
        });
    }
  }

  /** Let every executing step finish well, ticking the clock, until the run ends (or give up). */
  finish(maxTicks: number): void {
    for (let i = 0; i < maxTicks && !isRunFinished(this.run); i++) {
      this.tick();
      for (const step of this.run.steps) {
        if (step.state === 'running' || (step.state === 'waiting' && step.wait?.for === 'external')) {
          this.record({ type: 'step-succeeded', step: step.name, attempt: step.attempt, at: this.now });
        } else if (step.state === 'waiting' && step.wait?.for === 'approval') {
          this.record({ type: 'approval-granted', step: step.name, by: 'alice', at: this.now });
        }
      }
      this.now += 1_000;
    }
  }
}

describe('the run state machine under random DAGs and random event orders', () => {
  it('never starts a step before its dependencies succeeded, never changes a final step, and always ends', () => {
    fc.assert(
      fc.property(planArbitrary, fc.array(opArbitrary, { maxLength: 80 }), (plan, ops) => {
        const simulation = new Simulation(plan);
        for (const op of ops) simulation.apply(op);
        simulation.finish(200);
        expect(isRunFinished(simulation.run)).toBe(true);
        const { outcome } = runOutcome(simulation.run.steps);
        expect(simulation.run.state).toBe(outcome);
      }),
      { numRuns: 400 },
    );
  });

  it('runs every step exactly once and succeeds when every step succeeds', () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        const simulation = new Simulation(plan);
        simulation.finish(100);
        expect(simulation.run.state).toBe('succeeded');
        expect(simulation.run.steps.every((step) => step.state === 'succeeded' && step.attempt === 1)).toBe(
          true,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic: the same events give the same snapshot', () => {
    fc.assert(
      fc.property(planArbitrary, fc.array(opArbitrary, { maxLength: 40 }), (plan, ops) => {
        const a = new Simulation(plan);
        const b = new Simulation(plan);
        for (const op of ops) {
          a.apply(op);
          b.apply(op);
        }
        expect(a.run).toEqual(b.run);
      }),
      { numRuns: 100 },
    );
  });
});
