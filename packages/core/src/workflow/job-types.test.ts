import { describe, expect, it } from 'vitest';
import type { Component, WorkflowStep } from '../model/schema.js';
import { formatDuration, parseDuration } from './duration.js';
import { getJobType, JOB_TYPES, jobTypeCatalog, validateStepProperties } from './job-types.js';

const components: Component[] = [
  { name: 'redis', type: 'store', image: 'redis:7' },
  { name: 'migrate', type: 'job', image: 'ghcr.io/acme/shop-migrate:1.4.0' },
  { name: 'web', type: 'webservice', image: 'ghcr.io/acme/shop:1.4.0' },
  { name: 'trainer', type: 'job', image: 'ghcr.io/acme/train:1', traits: { gpu: { count: 1 } } },
];

/** Validate a step as the third step of spec.workflow, with the shop's components. */
function problemsOf(step: WorkflowStep) {
  return validateStepProperties(step, { path: ['spec', 'workflow', 'steps', 2], components });
}

describe('the job-type registry', () => {
  it('knows the nine built-in types and the internal undeploy and finalize, each with a description and defaults', () => {
    expect([...JOB_TYPES.keys()]).toEqual([
      'deploy',
      'job',
      'apply',
      'wait-healthy',
      'approval',
      'webhook',
      'delay',
      'gpu-precheck',
      'rollback',
      'undeploy',
      'finalize',
    ]);
    for (const definition of JOB_TYPES.values()) {
      expect(definition.description.length).toBeGreaterThan(10);
      expect(definition.defaults.timeoutMs).toBeGreaterThan(0);
    }
    expect(getJobType('deploy')?.type).toBe('deploy');
    expect(getJobType('ai-eval')).toBeUndefined();
  });

  it('accepts well-formed steps of every type', () => {
    const steps: WorkflowStep[] = [
      { name: 'data', type: 'deploy', components: ['redis'] },
      { name: 'migrate', type: 'job', component: 'migrate' },
      {
        name: 'crd',
        type: 'apply',
        properties: { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }] },
      },
      { name: 'healthy', type: 'wait-healthy', components: ['web'], properties: { timeout: '5m' } },
      { name: 'approve', type: 'approval', properties: { approvers: ['alice'], message: 'Ship it?' } },
      {
        name: 'notify',
        type: 'webhook',
        properties: {
          url: 'https://hooks.example.com/deploy',
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: { secret: { name: 'hook', key: 'token' } },
          },
          body: { text: 'deployed' },
          expectStatus: [200, 204],
        },
      },
      { name: 'soak', type: 'delay', properties: { duration: '30s' } },
      { name: 'gpus', type: 'gpu-precheck', component: 'trainer' },
      { name: 'back', type: 'rollback', properties: { toRevision: 3 } },
    ];
    for (const step of steps) expect(problemsOf(step), step.type).toEqual([]);
  });

  it('points at the property of a webhook that is not https', () => {
    const problems = problemsOf({
      name: 'notify',
      type: 'webhook',
      properties: { url: 'http://hooks.example.com' },
    });
    expect(problems).toEqual([
      expect.objectContaining({ path: 'spec.workflow.steps[2].properties.url', severity: 'error' }),
    ]);
    expect(problems[0]!.message).toContain('https://');
  });

  it('refuses credentials written inline in a webhook, and accepts them from a Secret', () => {
    const inline = problemsOf({
      name: 'notify',
      type: 'webhook',
      properties: {
        url: 'https://bot:hunter2@hooks.example.com',
        headers: { Authorization: 'Bearer abc', 'X-Api-Key': 'k' },
      },
    });
    expect(inline.map((problem) => problem.path)).toEqual([
      'spec.workflow.steps[2].properties.url',
      'spec.workflow.steps[2].properties.headers.Authorization',
      'spec.workflow.steps[2].properties.headers.X-Api-Key',
    ]);
    expect(inline[1]!.message).toContain('Secret');
  });

  it('reports a component that does not exist at the step-level field, with a suggestion', () => {
    const problems = problemsOf({ name: 'web', type: 'deploy', components: ['redis', 'wbe'] });
    expect(problems).toEqual([
      expect.objectContaining({ path: 'spec.workflow.steps[2].components[1]', code: 'unknown-component' }),
    ]);
    expect(problems[0]!.message).toContain('did you mean `web`');
  });

  it('refuses a job step on a component that is not a job', () => {
    const problems = problemsOf({ name: 'run', type: 'job', properties: { component: 'web' } });
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'spec.workflow.steps[2].properties.component',
        code: 'wrong-component-type',
      }),
    ]);
  });

  it('suggests the job type a person meant', () => {
    const problems = problemsOf({ name: 'x', type: 'deplyo' });
    expect(problems).toEqual([
      expect.objectContaining({ path: 'spec.workflow.steps[2].type', code: 'unknown-job-type' }),
    ]);
    expect(problems[0]!.message).toContain('did you mean `deploy`');
  });

  it('reports missing and unknown properties, a bad duration and a bad timeout', () => {
    expect(problemsOf({ name: 'x', type: 'deploy' })).toEqual([
      expect.objectContaining({
        path: 'spec.workflow.steps[2].properties.components',
        code: 'missing-field',
      }),
    ]);
    expect(problemsOf({ name: 'x', type: 'rollback', properties: { revision: 2 } })).toEqual([
      expect.objectContaining({ path: 'spec.workflow.steps[2].properties.revision', code: 'unknown-field' }),
    ]);
    expect(problemsOf({ name: 'x', type: 'delay', properties: { duration: '30 seconds' } })).toEqual([
      expect.objectContaining({
        path: 'spec.workflow.steps[2].properties.duration',
        message: 'must be a duration such as 30s, 10m or 1h30m',
      }),
    ]);
    expect(problemsOf({ name: 'x', type: 'delay', properties: { duration: '0s' } })).toHaveLength(1);
    expect(problemsOf({ name: 'x', type: 'approval', timeout: 'soon' })).toEqual([
      expect.objectContaining({ path: 'spec.workflow.steps[2].timeout', code: 'invalid-duration' }),
    ]);
  });

  it('wants exactly one of objects or manifest in an apply step', () => {
    expect(problemsOf({ name: 'x', type: 'apply', properties: {} })).toHaveLength(1);
    expect(
      problemsOf({
        name: 'x',
        type: 'apply',
        properties: {
          manifest: 'kind: ConfigMap',
          objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }],
        },
      }),
    ).toHaveLength(1);
    expect(
      problemsOf({
        name: 'x',
        type: 'apply',
        properties: { manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n' },
      }),
    ).toEqual([]);
  });

  it('warns when a GPU precheck targets a component without GPUs', () => {
    const problems = problemsOf({ name: 'x', type: 'gpu-precheck', component: 'web' });
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'no-gpu-request',
        path: 'spec.workflow.steps[2].component',
      }),
    ]);
  });

  it.each(['undeploy', 'finalize'])('refuses the internal %s in a workflow, as an unknown type', (type) => {
    const problems = validateStepProperties({ name: 'gone', type } as WorkflowStep);
    expect(problems).toEqual([expect.objectContaining({ path: 'type', code: 'unknown-job-type' })]);
    expect(problems[0]!.message).not.toContain(`${type};`);
    expect(problems[0]!.message).not.toContain(`${type},`);
  });

  it('describes every type as JSON Schema for the workflow editor', () => {
    const catalog = jobTypeCatalog();
    expect(catalog.map((entry) => entry.type)).toEqual(
      [...JOB_TYPES.keys()].filter((type) => type !== 'undeploy' && type !== 'finalize'),
    );
    const webhook = catalog.find((entry) => entry.type === 'webhook')!;
    expect(webhook.schema).toMatchObject({
      type: 'object',
      required: ['url'],
      properties: { url: { type: 'string', format: 'uri' } },
    });
    expect(catalog.find((entry) => entry.type === 'job')).toMatchObject({
      appliesTo: ['job'],
      defaults: { timeout: '30m', retries: 0 },
    });
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
  });
});

describe('durations', () => {
  it('reads the forms people write', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2d')).toBe(172_800_000);
    for (const bad of ['', '30', 's', '1.5h', '30 s', '10m1h', '-5s'])
      expect(parseDuration(bad), bad).toBeUndefined();
  });

  it('writes them back the short way', () => {
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(600_000)).toBe('10m');
  });
});
