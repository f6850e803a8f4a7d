import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowCapability } from '../../src/workflow/capability.js';
import { ExecutorRegistry } from '../../src/workflow/executor-registry.js';
import type { RunSource } from '../../src/workflow/run-source.js';
import type { WorkflowRunner } from '../../src/workflow/runner.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appWith, ManualClock, ScriptedExecutor } from './support.js';

const STEPS = [
  { name: 'migrate', type: 'job', component: 'migrate' },
  { name: 'gate', type: 'approval', properties: { approvers: ['alice'], message: 'ship it?' } },
  { name: 'web', type: 'deploy', components: ['web'] },
];

describe.each(eachDatabase())('workflow API on $dialect', (database) => {
  let t: TestApp;
  let alice: string; // developer of team-a, the approver
  let dave: string; // developer of team-a, not an approver
  let vera: string; // viewer of team-a
  let bob: string; // owner of team-b
  let runner: WorkflowRunner;
  const clock = new ManualClock();
  const source: RunSource = {
    async loadRevision(_ws, app, revision) {
      if (app !== 'shop' || (revision !== undefined && revision > 3)) return undefined;
      return { revision: revision ?? 3, spec: appWith(STEPS) };
    },
  };
  const base = '/api/v1/workspaces/team-a/apps/shop/runs';
  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      const claimed = await runner.tick();
      await runner.idle();
      if (claimed === 0) return;
    }
  };

  beforeAll(async () => {
    const executors = new ExecutorRegistry([
      new ScriptedExecutor('job', () => ({ status: 'succeeded' })),
      new ScriptedExecutor('deploy', () => ({ status: 'succeeded', output: { revision: 3 } })),
    ]);
    t = await startTestApp(database, {
      capabilities: [workflowCapability({ executors, source, clock, onRunner: (r) => (runner = r), stream: { pollMs: 20 } })],
    });
    alice = await t.userToken('alice');
    dave = await t.userToken('dave');
    vera = await t.userToken('vera');
    bob = await t.userToken('bob');
    for (const name of ['team-a', 'team-b'])
      await t.request(t.adminToken, { method: 'POST', url: '/api/v1/workspaces', body: { name, description: name } });
    for (const [ws, user, role] of [['team-a', 'alice', 'developer'], ['team-a', 'dave', 'developer'], ['team-a', 'vera', 'viewer'], ['team-b', 'bob', 'owner']])
      await t.request(t.adminToken, { method: 'PUT', url: `/api/v1/workspaces/${ws}/members/${user}`, body: { role } });
  });
  afterAll(async () => t.close());

  it('GIVEN a developer WHEN they start a run THEN it plans the revision, stops at the approval, and goes on once the approver approves', async () => {
    const created = await t.request(dave, { method: 'POST', url: base, body: { environment: 'dev' } });
    expect(created.statusCode).toBe(201);
    const run = created.json();
    expect(run).toMatchObject({ application: 'shop', revision: 3, state: 'running', createdBy: 'dave', cluster: 'default', namespace: 'shop' });
    expect(run.steps.map((s: { name: string }) => s.name)).toEqual(['migrate', 'gate', 'web']);
    await settle();
    const waiting = (await t.request(vera, { method: 'GET', url: `${base}/${run.id}` })).json();
    expect(waiting.state).toBe('waiting');
    expect(waiting.steps[1]).toMatchObject({ state: 'waiting', waitingFor: 'approval', message: 'ship it? (approvers: alice)' });
    expect(waiting.steps[0]).toMatchObject({ state: 'succeeded', attempt: 1, queueMs: 0 });

    const byDave = await t.request(dave, { method: 'POST', url: `${base}/${run.id}/steps/gate/approve`, body: {} });
    expect(byDave.statusCode).toBe(403);
    expect(byDave.headers['content-type']).toContain('application/problem+json');
    const byVera = await t.request(vera, { method: 'POST', url: `${base}/${run.id}/steps/gate/approve`, body: {} });
    expect(byVera.statusCode).toBe(403);
    const approved = await t.request(alice, { method: 'POST', url: `${base}/${run.id}/steps/gate/approve`, body: {} });
    expect(approved.statusCode).toBe(200);
    await settle();
    const done = (await t.request(vera, { method: 'GET', url: `${base}/${run.id}` })).json();
    expect(done.state).toBe('succeeded');
    expect(done.steps[1].decision).toMatchObject({ approved: true, by: 'alice' });
    expect(done.steps[2].output).toEqual({ revision: 3 });
    const again = await t.request(alice, { method: 'POST', url: `${base}/${run.id}/steps/gate/approve`, body: {} });
    expect(again.statusCode).toBe(409);

    // The run's events replay as SSE and the stream ends with the run.
    const sse = await t.request(vera, { method: 'GET', url: `${base}/${run.id}/events`, headers: { 'last-event-id': '2' } });
    expect(sse.headers['content-type']).toContain('text/event-stream');
    const ids = [...sse.body.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids[0]).toBe(3);
    expect(sse.body).toContain('event: approval-granted');
    expect(sse.body.trim().split('\n').some((line) => line === 'event: run-finished')).toBe(true);
  });

  it('GIVEN a waiting run WHEN rejected THEN it fails; WHEN another is cancelled THEN it ends cancelled', async () => {
    const first = (await t.request(alice, { method: 'POST', url: base, body: { environment: 'dev', revision: 2 } })).json();
    const second = (await t.request(alice, { method: 'POST', url: base, body: { environment: 'staging' } })).json();
    await settle();
    const rejected = await t.request(alice, { method: 'POST', url: `${base}/${first.id}/steps/gate/reject`, body: { reason: 'freeze' } });
    expect(rejected.json()).toMatchObject({ state: 'failed', revision: 2 });
    expect(rejected.json().message).toContain('freeze');
    const cancelled = await t.request(dave, { method: 'POST', url: `${base}/${second.id}/cancel`, body: { reason: 'wrong env' } });
    expect(cancelled.json()).toMatchObject({ state: 'cancelled', cancel: { by: 'dave', reason: 'wrong env' } });
    expect((await t.request(dave, { method: 'POST', url: `${base}/${second.id}/cancel`, body: {} })).statusCode).toBe(409);

    const failedOnly = (await t.request(vera, { method: 'GET', url: `${base}?state=failed` })).json();
    expect(failedOnly.items.map((r: { id: string }) => r.id)).toEqual([first.id]);
    const page = (await t.request(vera, { method: 'GET', url: `${base}?limit=2` })).json();
    expect(page.items).toHaveLength(2);
    expect(page.continue).toBeDefined();
    const staging = (await t.request(vera, { method: 'GET', url: `${base}?environment=staging` })).json();
    expect(staging.items.map((r: { id: string }) => r.id)).toEqual([second.id]);
  });

  it('GIVEN bad input THEN 4xx problems with field paths', async () => {
    expect((await t.request(vera, { method: 'POST', url: base, body: { environment: 'dev' } })).statusCode).toBe(403);
    const unknownApp = await t.request(alice, { method: 'POST', url: '/api/v1/workspaces/team-a/apps/nope/runs', body: { environment: 'dev' } });
    expect(unknownApp.statusCode).toBe(404);
    const noRevision = await t.request(alice, { method: 'POST', url: base, body: { environment: 'dev', revision: 9 } });
    expect(noRevision.statusCode).toBe(404);
    const bad = await t.request(alice, { method: 'POST', url: base, body: { environment: 'dev', revision: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('revision');
  });

  it('GIVEN a user of another workspace THEN every run route answers 404', async () => {
    const run = (await t.request(alice, { method: 'POST', url: base, body: { environment: 'dev' } })).json();
    for (const route of [
      { method: 'GET', url: base },
      { method: 'POST', url: base, body: { environment: 'dev' } },
      { method: 'GET', url: `${base}/${run.id}` },
      { method: 'POST', url: `${base}/${run.id}/cancel`, body: {} },
      { method: 'POST', url: `${base}/${run.id}/steps/gate/approve`, body: {} },
      { method: 'GET', url: `${base}/${run.id}/events` },
      { method: 'GET', url: '/api/v1/workspaces/team-a/run-events' },
    ]) {
      expect((await t.request(bob, route)).statusCode, `${route.method} ${route.url}`).toBe(404);
    }
    // A run id read through another workspace's path is not found either.
    await t.request(t.adminToken, { method: 'PUT', url: '/api/v1/workspaces/team-b/members/alice', body: { role: 'developer' } });
    expect((await t.request(alice, { method: 'GET', url: `/api/v1/workspaces/team-b/apps/shop/runs/${run.id}` })).statusCode).toBe(404);
  });

  it('GIVEN any signed-in user THEN the job-type catalog lists every type with its JSON Schema', async () => {
    const r = await t.request(vera, { method: 'GET', url: '/api/v1/job-types' });
    expect(r.statusCode).toBe(200);
    const types = r.json().items as Array<{ type: string; schema: { type?: string }; executable: boolean }>;
    expect(types.map((e) => e.type)).toEqual(expect.arrayContaining(['deploy', 'approval', 'webhook', 'delay', 'gpu-precheck']));
    expect(types.find((e) => e.type === 'webhook')).toMatchObject({ executable: true, schema: { type: 'object' } });
    expect(types.find((e) => e.type === 'rollback')!.executable).toBe(false);
  });

  it('GIVEN a finished run THEN the workflow metrics count it', async () => {
    const metrics = await t.deps.metrics.metrics();
    expect(metrics).toMatch(/berth_workflow_runs_total\{outcome="succeeded"\} [1-9]/);
    expect(metrics).toMatch(/berth_workflow_step_queue_seconds_count\{type="job"\} [1-9]/);
    expect(metrics).toMatch(/berth_workflow_steps_total\{type="approval",outcome="failed"\} 1/);
  });
});
