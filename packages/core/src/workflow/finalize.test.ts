import { describe, expect, it } from 'vitest';
import type { Application, Component, Workflow } from '../model/schema.js';
import { withFinalizeStep } from './finalize.js';
import { validateStepProperties } from './job-types.js';
import { planWorkflow, type WorkflowPlan } from './plan.js';

function app(components: Component[], extra: Partial<Application['spec']> = {}): Application {
  return {
    apiVersion: 'berth.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'shop' },
    spec: { components, ...extra },
  };
}

/** The shop: `web` and `worker` both end the derived plan, in parallel. */
const shop = app(
  [
    { name: 'redis', type: 'store', image: 'redis:7' },
    { name: 'migrate', type: 'job', image: 'ghcr.io/acme/shop-migrate:1.4.0', dependsOn: ['redis'] },
    { name: 'web', type: 'webservice', image: 'ghcr.io/acme/shop:1.4.0', dependsOn: ['migrate'] },
    { name: 'worker', type: 'worker', image: 'ghcr.io/acme/shop-worker:1.4.0', dependsOn: ['redis'] },
  ],
  {
    environments: [
      { name: 'dev', cluster: 'sandbox', namespace: 'shop-dev' },
      { name: 'prod', cluster: 'prod-1', namespace: 'shop', delivery: 'gitops' },
    ],
  },
);

function shape(plan: WorkflowPlan): string[] {
  return plan.steps.map(
    (s) => `${s.name}(${s.type})${s.dependsOn.length > 0 ? ` <- ${s.dependsOn.join(',')}` : ''}`,
  );
}

describe('the finalize step of a delivery run', () => {
  it('ends a direct-delivery plan, depending on every step, so it runs only when all of them succeeded', () => {
    const plan = withFinalizeStep(shop, planWorkflow(shop, 'dev'));
    expect(shape(plan)).toEqual([
      'redis(deploy)',
      'migrate(job) <- redis',
      'web(deploy) <- migrate',
      'worker(deploy) <- redis',
      'finalize(finalize) <- redis,migrate,web,worker',
    ]);
    expect(plan.steps.at(-1)).toMatchObject({ properties: {}, timeoutMs: 5 * 60_000, retries: 3 });
  });

  it('is added once: a plan that has one is returned as it is', () => {
    const once = withFinalizeStep(shop, planWorkflow(shop, 'dev'));
    expect(withFinalizeStep(shop, once)).toBe(once);
  });

  it('ends a gitops plan too: its revision is recorded only when the whole run succeeded', () => {
    expect(shape(withFinalizeStep(shop, planWorkflow(shop, 'prod'))).at(-1)).toBe(
      'finalize(finalize) <- redis,migrate,web,worker',
    );
  });

  it('leaves plans that deliver nothing unchanged', () => {
    const workflow: Workflow = {
      steps: [
        { name: 'gate', type: 'approval' },
        { name: 'ping', type: 'webhook', properties: { url: 'https://example.com/hook' } },
      ],
    };
    const withWorkflow = { ...shop, spec: { ...shop.spec, workflow } };
    const plan = planWorkflow(withWorkflow, 'dev');
    expect(withFinalizeStep(withWorkflow, plan)).toBe(plan);
  });

  it('finalizes a single rollback step, and takes another name when a step is already called finalize', () => {
    const rollback: WorkflowPlan = {
      application: 'shop',
      environment: 'dev',
      source: 'workflow',
      steps: [
        {
          name: 'rollback',
          type: 'rollback',
          properties: { toRevision: 2 },
          dependsOn: [],
          timeoutMs: 1,
          retries: 0,
          backoff: { initialMs: 1, factor: 1, maxMs: 1 },
        },
      ],
      warnings: [],
    };
    expect(shape(withFinalizeStep(shop, rollback))).toEqual([
      'rollback(rollback)',
      'finalize(finalize) <- rollback',
    ]);
    const named = app([{ name: 'finalize', type: 'worker', image: 'x:1' }], {
      environments: [{ name: 'dev', cluster: 'c', namespace: 'n' }],
    });
    expect(shape(withFinalizeStep(named, planWorkflow(named, 'dev')))).toEqual([
      'finalize(deploy)',
      'finalize-2(finalize) <- finalize',
    ]);
  });

  it('cannot be written in a workflow', () => {
    expect(validateStepProperties({ name: 'done', type: 'finalize' })).toEqual([
      expect.objectContaining({ code: 'unknown-job-type' }),
    ]);
  });
});
