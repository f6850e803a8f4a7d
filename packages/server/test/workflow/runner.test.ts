import { planWorkflow } from '@berth/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StepReport as Report } from '../../src/workflow/executor.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { ExecutorRegistry } from '../../src/workflow/executor-registry.js';
import { ApprovalExecutor } from '../../src/workflow/executors/approval.js';
import { DelayExecutor } from '../../src/workflow/executors/delay.js';
import { workflowMigration } from '../../src/workflow/migration.js';
import { RunStore } from '../../src/workflow/run-store.js';
import { WorkflowRunner } from '../../src/workflow/runner.js';
import { StepQueue } from '../../src/workflow/step-queue.js';
import { eachDatabase } from '../support/databases.js';
import { appWith, ManualClock, ScriptedExecutor, silent } from './support.js';

describe.each(eachDatabase())('workflow runner on $dialect', (database) => {
  let store: Store;
  let runs: RunStore;
  let clock: ManualClock;
  let executors: ExecutorRegistry;
  let deploy: ScriptedExecutor;
  let deployScript: (step: string, attempt: number, poll: number) => Report;
  let runner: WorkflowRunner;

  beforeAll(async () => {
    store = await openStore(await database.create(), { migrations: [workflowMigration] });
    runs = new RunStore({ db: store.db, dialect: store.dialect });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });
  beforeEach(() => {
    clock = new ManualClock();
    deployScript = () => ({ status: 'succeeded' });
    deploy = new ScriptedExecutor('deploy', (c) => deployScript(c.step, c.attempt, c.poll));
    executors = new ExecutorRegistry([deploy, new ApprovalExecutor(), new DelayExecutor()]);
    runner = new WorkflowRunner({ runs, queue: new StepQueue(runs), executors, logger: silent, clock, leaseMs: 30_000 });
  });

  const start = (steps: Array<Record<string, unknown>>, mode?: 'dag') => {
    const spec = appWith(steps, mode ? { mode } : {});
    return runs.create(
      { workspace: 'retail', revision: 1, cluster: 'sandbox', namespace: 'shop', spec, plan: planWorkflow(spec, 'dev') },
      clock.now(),
    );
  };
  /** Ticks until nothing is claimed and nothing executes. */
  const settle = async () => {
    for (let i = 0; i < 50; i++) {
      const claimed = await runner.tick();
      await runner.idle();
      if (claimed === 0) return;
    }
  };
  const stateOf = async (id: string) => (await runs.get(id))!.snapshot;

  it('GIVEN serial steps WHEN the runner works THEN each runs once, in order, and the run succeeds', async () => {
    const run = await start([
      { name: 'a', type: 'deploy', components: ['web'] },
      { name: 'b', type: 'deploy', components: ['web'] },
      { name: 'c', type: 'deploy', components: ['web'] },
    ]);
    await settle();
    expect(deploy.calls.map((c) => c.step)).toEqual(['a', 'b', 'c']);
    const snapshot = await stateOf(run.id);
    expect(snapshot.state).toBe('succeeded');
    expect(snapshot.steps.map((s) => [s.state, s.attempt])).toEqual([['succeeded', 1], ['succeeded', 1], ['succeeded', 1]]);
    const events = await runs.eventsAfter(run.id, 0);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)!.event.type).toBe('run-finished');
  });

  it('GIVEN a step that fails twice WHEN retried THEN the attempts start after 5 s then 10 s of backoff', async () => {
    deployScript = (_step, attempt) => (attempt < 3 ? { status: 'failed', retryable: true, message: 'flaky' } : { status: 'succeeded' });
    const run = await start([{ name: 'a', type: 'deploy', components: ['web'], retries: 3 }]);
    const t0 = clock.now();
    await settle();
    clock.advance(4_999);
    await settle();
    expect(deploy.calls).toHaveLength(1);
    clock.advance(1);
    await settle();
    clock.advance(9_999);
    await settle();
    expect(deploy.calls).toHaveLength(2);
    clock.advance(1);
    await settle();
    expect(deploy.calls.map((c) => [c.attempt, c.at - t0])).toEqual([[1, 0], [2, 5_000], [3, 15_000]]);
    expect((await stateOf(run.id)).state).toBe('succeeded');
  });

  it('GIVEN a step that never finishes WHEN its timeout passes THEN the executor is aborted and the run fails', async () => {
    deployScript = () => ({ status: 'running', pollAfterMs: 1_000 });
    const run = await start([{ name: 'slow', type: 'deploy', components: ['web'], timeout: '10s', retries: 0 }]);
    await runner.tick();
    for (let i = 0; i < 10; i++) {
      clock.advance(1_000);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await runner.tick();
    }
    await runner.idle();
    const snapshot = await stateOf(run.id);
    expect(snapshot.state).toBe('failed');
    expect(snapshot.steps[0]!.state).toBe('timed-out');
    expect(deploy.aborted).toContain('slow#1');
  });

  it('GIVEN an approval step WHEN nobody decided THEN the run waits; WHEN approved THEN it goes on', async () => {
    const run = await start([
      { name: 'gate', type: 'approval', properties: { approvers: ['alice'] } },
      { name: 'web', type: 'deploy', components: ['web'] },
    ]);
    await settle();
    clock.advance(60_000);
    await settle();
    expect((await stateOf(run.id)).state).toBe('waiting');
    expect(deploy.calls).toHaveLength(0);
    const refused = await runs.mutate(run.id, () => [{ type: 'approval-granted', step: 'gate', at: clock.now(), by: 'mallory' }], clock.now());
    expect(refused.changed).toBe(false);
    await runs.mutate(run.id, () => [{ type: 'approval-granted', step: 'gate', at: clock.now(), by: 'alice' }], clock.now());
    await settle();
    const snapshot = await stateOf(run.id);
    expect(snapshot.state).toBe('succeeded');
    expect(snapshot.steps[0]!.decision).toMatchObject({ approved: true, by: 'alice' });
  });

  it('GIVEN an approval step WHEN rejected THEN the run fails and later steps are skipped', async () => {
    const run = await start([
      { name: 'gate', type: 'approval' },
      { name: 'web', type: 'deploy', components: ['web'] },
    ]);
    await settle();
    await runs.mutate(run.id, () => [{ type: 'approval-rejected', step: 'gate', at: clock.now(), by: 'bob', reason: 'not today' }], clock.now());
    const snapshot = await stateOf(run.id);
    expect(snapshot.state).toBe('failed');
    expect(snapshot.steps.map((s) => s.state)).toEqual(['failed', 'skipped']);
    expect(snapshot.message).toContain('not today');
  });

  it('GIVEN a running step WHEN the run is cancelled THEN its executor is aborted and the run ends cancelled', async () => {
    deployScript = () => ({ status: 'running', pollAfterMs: 1_000 });
    const run = await start([{ name: 'a', type: 'deploy', components: ['web'] }]);
    await runner.tick();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await runs.mutate(run.id, () => [{ type: 'cancel-requested', at: clock.now(), by: 'bob' }], clock.now());
    await runner.idle();
    expect(deploy.aborted).toEqual(['a#1']);
    expect((await stateOf(run.id)).state).toBe('cancelled');
  });

  it('GIVEN a delay step THEN it holds no lease and succeeds when its time comes', async () => {
    const run = await start([{ name: 'soak', type: 'delay', properties: { duration: '30s' } }]);
    await settle();
    expect((await stateOf(run.id)).steps[0]!).toMatchObject({ state: 'waiting', wait: { for: 'time' } });
    expect((await stateOf(run.id)).steps[0]!.lease).toBeUndefined();
    clock.advance(30_000);
    await settle();
    expect((await stateOf(run.id)).state).toBe('succeeded');
  });

  it('GIVEN a worker that died holding a lease WHEN the lease expires THEN another runner reclaims the step with a new attempt', async () => {
    deployScript = () => ({ status: 'running', pollAfterMs: 60_000 });
    const run = await start([{ name: 'a', type: 'deploy', components: ['web'] }]);
    const queue = new StepQueue(runs);
    const [claim] = await queue.claim('dead-worker', clock.now(), 1, 30_000);
    expect(claim!.lease.attempt).toBe(1);
    expect(await queue.claim('other', clock.now(), 10, 30_000)).toEqual([]);
    deployScript = () => ({ status: 'succeeded' });
    clock.advance(29_999);
    await settle();
    expect(deploy.calls).toHaveLength(0);
    clock.advance(1);
    await settle();
    expect(deploy.calls.map((c) => c.attempt)).toEqual([2]);
    const snapshot = await stateOf(run.id);
    expect(snapshot.state).toBe('succeeded');
    expect(snapshot.steps[0]!.interruptions).toBe(1);
    // A late report of the lost attempt changes nothing: the attempt number fences it.
    const late = await runs.mutate(run.id, () => [{ type: 'step-failed', step: 'a', attempt: 1, at: clock.now(), retryable: false, message: 'late' }], clock.now());
    expect(late.changed).toBe(false);
  });

  it('GIVEN a running step WHEN the runner stops THEN the lease is released and another runner takes the step at once', async () => {
    deployScript = () => ({ status: 'running', pollAfterMs: 60_000 });
    const run = await start([{ name: 'a', type: 'deploy', components: ['web'] }]);
    await runner.tick();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await runner.stop();
    expect((await stateOf(run.id)).steps[0]).toMatchObject({ state: 'ready', attempt: 1 });
    deployScript = () => ({ status: 'succeeded' });
    const next = new WorkflowRunner({ runs, queue: new StepQueue(runs), executors, logger: silent, clock });
    expect(await next.tick()).toBe(1);
    await next.idle();
    expect((await stateOf(run.id)).state).toBe('succeeded');
    expect(deploy.calls.map((c) => c.attempt)).toEqual([1, 2]);
  });
});
