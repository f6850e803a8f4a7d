import { describe, expect, it } from 'vitest';
import type { Application, Component, Workflow } from '../model/schema.js';
import { PlanError, planWorkflow, type WorkflowPlan } from './plan.js';

function app(components: Component[], extra: Partial<Application['spec']> = {}): Application {
  return {
    apiVersion: 'berth.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'shop' },
    spec: { components, ...extra },
  };
}

/** The Web + Worker + Redis + migrate application of the architecture document. */
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
      { name: 'prod', cluster: 'prod-1', namespace: 'shop' },
    ],
  },
);

/** `name(type) <- deps` per step, in plan order: the whole shape of a plan at a glance. */
function shape(plan: WorkflowPlan): string[] {
  return plan.steps.map(
    (step) =>
      `${step.name}(${step.type})${step.dependsOn.length > 0 ? ` <- ${step.dependsOn.join(',')}` : ''}`,
  );
}

function planError(run: () => unknown): PlanError {
  try {
    run();
  } catch (error) {
    if (error instanceof PlanError) return error;
    throw error;
  }
  throw new Error('expected a PlanError');
}

describe('planning from the components’ dependsOn', () => {
  it('turns Web + Worker + Redis + migrate into deploy and job steps along their dependencies', () => {
    const plan = planWorkflow(shop, 'dev');
    expect(plan.source).toBe('components');
    expect(shape(plan)).toEqual([
      'redis(deploy)',
      'migrate(job) <- redis',
      'web(deploy) <- migrate',
      'worker(deploy) <- redis',
    ]);
    expect(plan.steps[0]!.properties).toEqual({ components: ['redis'] });
    expect(plan.steps[1]!.properties).toEqual({ component: 'migrate' });
    expect(plan.steps[1]).toMatchObject({ timeoutMs: 30 * 60_000, retries: 0 });
    expect(plan.steps[0]).toMatchObject({
      timeoutMs: 10 * 60_000,
      retries: 2,
      backoff: { initialMs: 5_000, factor: 2, maxMs: 300_000 },
    });
  });

  it('runs components without dependencies in parallel', () => {
    const plan = planWorkflow(
      app([
        { name: 'a', type: 'worker', image: 'a' },
        { name: 'b', type: 'worker', image: 'b' },
        { name: 'c', type: 'worker', image: 'c' },
      ]),
      'dev',
    );
    expect(shape(plan)).toEqual(['a(deploy)', 'b(deploy)', 'c(deploy)']);
  });

  it('orders a chain written backwards', () => {
    const plan = planWorkflow(
      app([
        { name: 'c', type: 'worker', image: 'c', dependsOn: ['b'] },
        { name: 'b', type: 'worker', image: 'b', dependsOn: ['a'] },
        { name: 'a', type: 'worker', image: 'a' },
      ]),
      'dev',
    );
    expect(shape(plan)).toEqual(['a(deploy)', 'b(deploy) <- a', 'c(deploy) <- b']);
  });

  it('checks GPUs before deploying a component with a gpu trait, also when only one environment adds it', () => {
    const trainer = app(
      [
        { name: 'redis', type: 'store', image: 'redis:7' },
        { name: 'trainer', type: 'worker', image: 'train', dependsOn: ['redis'] },
      ],
      {
        environments: [
          { name: 'dev', cluster: 'sandbox', namespace: 'ml' },
          {
            name: 'prod',
            cluster: 'gpu-1',
            namespace: 'ml',
            overrides: { components: { trainer: { traits: { gpu: { count: 2 } } } } },
          },
        ],
      },
    );
    expect(shape(planWorkflow(trainer, 'dev'))).toEqual(['redis(deploy)', 'trainer(deploy) <- redis']);
    expect(shape(planWorkflow(trainer, 'prod'))).toEqual([
      'redis(deploy)',
      'trainer-gpu-precheck(gpu-precheck)',
      'trainer(deploy) <- redis,trainer-gpu-precheck',
    ]);
  });

  it('names the cycle when components depend on each other', () => {
    const error = planError(() =>
      planWorkflow(
        app([
          { name: 'a', type: 'worker', image: 'a', dependsOn: ['c'] },
          { name: 'b', type: 'worker', image: 'b', dependsOn: ['a'] },
          { name: 'c', type: 'worker', image: 'c', dependsOn: ['b'] },
        ]),
        'dev',
      ),
    );
    expect(error.problems).toEqual([
      expect.objectContaining({ code: 'dependency-cycle', path: 'spec.components[0].dependsOn' }),
    ]);
    expect(error.problems[0]!.message).toContain('a → c → b → a');
  });

  it('reports an unknown dependency with a suggestion, and an unknown environment', () => {
    const error = planError(() =>
      planWorkflow(
        app([
          { name: 'web', type: 'webservice', image: 'w', dependsOn: ['redsi'] },
          { name: 'redis', type: 'store', image: 'r' },
        ]),
        'dev',
      ),
    );
    expect(error.problems).toEqual([
      expect.objectContaining({ code: 'unknown-dependency', path: 'spec.components[0].dependsOn[0]' }),
    ]);
    expect(error.problems[0]!.message).toContain('did you mean `redis`');
    expect(planError(() => planWorkflow(shop, 'staging')).problems).toEqual([
      expect.objectContaining({ code: 'unknown-environment', path: 'spec.environments' }),
    ]);
  });
});

describe('planning from spec.workflow', () => {
  const workflow: Workflow = {
    steps: [
      { name: 'data', type: 'deploy', components: ['redis'] },
      { name: 'migrate', type: 'job', component: 'migrate', timeout: '5m', retries: 1 },
      { name: 'approve', type: 'approval', environments: ['prod'] },
      { name: 'web', type: 'deploy', components: ['web', 'worker'] },
    ],
  };

  it('runs steps one after another in serial mode, leaving out steps of other environments', () => {
    const withWorkflow = { ...shop, spec: { ...shop.spec, workflow } };
    const prod = planWorkflow(withWorkflow, 'prod');
    expect(prod.source).toBe('workflow');
    expect(shape(prod)).toEqual([
      'data(deploy)',
      'migrate(job) <- data',
      'approve(approval) <- migrate',
      'web(deploy) <- approve',
    ]);
    // In dev the approval is left out: web waits for what the approval waited for.
    expect(shape(planWorkflow(withWorkflow, 'dev'))).toEqual([
      'data(deploy)',
      'migrate(job) <- data',
      'web(deploy) <- migrate',
    ]);
    expect(prod.steps[1]).toMatchObject({ timeoutMs: 300_000, retries: 1 });
    expect(prod.steps[2]).toMatchObject({ timeoutMs: 24 * 3_600_000, retries: 0 });
  });

  it('keeps an explicit dependsOn in serial mode', () => {
    const parallel: Workflow = {
      steps: [
        { name: 'data', type: 'deploy', components: ['redis'] },
        { name: 'worker', type: 'deploy', components: ['worker'], dependsOn: ['data'] },
        { name: 'migrate', type: 'job', component: 'migrate', dependsOn: ['data'] },
        { name: 'web', type: 'deploy', components: ['web'] },
      ],
    };
    expect(shape(planWorkflow({ ...shop, spec: { ...shop.spec, workflow: parallel } }, 'dev'))).toEqual([
      'data(deploy)',
      'worker(deploy) <- data',
      'migrate(job) <- data',
      'web(deploy) <- migrate',
    ]);
  });

  it('uses only explicit dependencies in dag mode, in dependency order', () => {
    const dag: Workflow = {
      mode: 'dag',
      steps: [
        { name: 'web', type: 'deploy', components: ['web'], dependsOn: ['migrate'] },
        { name: 'notify', type: 'webhook', properties: { url: 'https://hooks.example.com/x' } },
        { name: 'migrate', type: 'job', component: 'migrate', dependsOn: ['data'] },
        { name: 'data', type: 'deploy', components: ['redis'] },
        { name: 'soak', type: 'delay', properties: { duration: '2m' }, dependsOn: ['web'] },
      ],
    };
    const plan = planWorkflow({ ...shop, spec: { ...shop.spec, workflow: dag } }, 'dev');
    expect(shape(plan)).toEqual([
      'notify(webhook)',
      'data(deploy)',
      'migrate(job) <- data',
      'web(deploy) <- migrate',
      'soak(delay) <- web',
    ]);
    expect(plan.steps.find((step) => step.name === 'soak')!.timeoutMs).toBe(180_000);
    expect(plan.steps.find((step) => step.name === 'notify')!.timeoutMs).toBe(30_000);
  });

  it('names the cycle of steps and reports every other problem at once', () => {
    const broken: Workflow = {
      mode: 'dag',
      steps: [
        { name: 'a', type: 'deploy', components: ['web'], dependsOn: ['b'] },
        { name: 'b', type: 'deploy', components: ['redis'], dependsOn: ['a'] },
        { name: 'c', type: 'deploi', dependsOn: ['zz'], environments: ['prd'] },
      ],
    };
    const error = planError(() => planWorkflow({ ...shop, spec: { ...shop.spec, workflow: broken } }, 'dev'));
    expect(error.problems.map((problem) => [problem.path, problem.code])).toEqual([
      ['spec.workflow.steps[2].type', 'unknown-job-type'],
      ['spec.workflow.steps[2].environments[0]', 'unknown-environment'],
      ['spec.workflow.steps[2].dependsOn[0]', 'unknown-dependency'],
      ['spec.workflow.steps[0].dependsOn', 'dependency-cycle'],
    ]);
    expect(error.problems[3]!.message).toContain('a → b → a');
    expect(error.message).toContain(
      'spec.workflow.steps[0].dependsOn: steps depend on each other in a cycle',
    );
  });

  it('reports duplicate step names and invalid properties with their paths', () => {
    const broken: Workflow = {
      steps: [
        { name: 'web', type: 'deploy', components: ['web'] },
        { name: 'web', type: 'webhook', properties: { url: 'http://x.example.com' } },
      ],
    };
    const error = planError(() => planWorkflow({ ...shop, spec: { ...shop.spec, workflow: broken } }, 'dev'));
    expect(error.problems.map((problem) => problem.path)).toEqual([
      'spec.workflow.steps[1].name',
      'spec.workflow.steps[1].properties.url',
    ]);
  });
});
