import { describe, expect, it } from 'vitest';
import { app, withCode } from '../../../test/model/support.js';

/** Components web (line 6), worker (7), redis (8) and a job `migrate` (9); environments and workflow follow. */
function shop(rest: string): string {
  return app(`
  components:
    - { name: web, type: webservice, image: nginx, ports: [{ port: 80, expose: true }] }
    - { name: worker, type: worker, image: busybox }
    - { name: redis, type: store, image: redis, ports: [{ port: 6379 }] }
    - { name: migrate, type: job, image: migrate }
${rest.replace(/^\n/, '')}`);
}

interface Case {
  rule: string;
  rest: string;
  code: string;
  path: string;
  line: number;
  message: RegExp;
  severity?: 'error' | 'warning';
  /** Edits the shop fixture itself (to change one of its components). */
  shopText?: (text: string) => string;
}

const cases: Case[] = [
  {
    rule: 'environment names are unique',
    rest: `
  environments:
    - { name: dev, cluster: a, namespace: shop-a }
    - { name: dev, cluster: b, namespace: shop-b }`,
    code: 'duplicate-name',
    path: 'spec.environments[1].name',
    line: 12,
    message: /environment name `dev` is already used at spec\.environments\[0\]/,
  },
  {
    rule: 'gitops settings only with delivery gitops',
    rest: `
  environments:
    - name: dev
      cluster: a
      namespace: shop
      gitops: { branch: main }`,
    code: 'gitops-settings',
    path: 'spec.environments[0].gitops',
    line: 14,
    message: /gitops settings apply only with `delivery: gitops`, and this environment delivers direct/,
  },
  {
    rule: 'overrides name existing components',
    rest: `
  environments:
    - name: prod
      cluster: a
      namespace: shop
      overrides:
        components:
          api: { replicas: 2 }`,
    code: 'unknown-component',
    path: 'spec.environments[0].overrides.components.api',
    line: 16,
    message: /^no component named `api`; components are web, worker, redis, migrate$/,
  },
  {
    rule: 'step names are unique',
    rest: `
  workflow:
    steps:
      - { name: go, type: deploy, components: [web] }
      - { name: go, type: deploy, components: [worker] }`,
    code: 'duplicate-name',
    path: 'spec.workflow.steps[1].name',
    line: 13,
    message: /step name `go` is already used at spec\.workflow\.steps\[0\]/,
  },
  {
    rule: 'step types are known',
    rest: `
  workflow:
    steps:
      - { name: go, type: deplyo, components: [web] }`,
    code: 'unknown-step-type',
    path: 'spec.workflow.steps[0].type',
    line: 12,
    message: /unknown step type `deplyo`; did you mean `deploy`\?/,
  },
  {
    rule: 'step components exist',
    rest: `
  workflow:
    steps:
      - name: go
        type: deploy
        components: [web, wroker]`,
    code: 'unknown-component',
    path: 'spec.workflow.steps[0].components[1]',
    line: 14,
    message: /no component named `wroker`; did you mean `worker`\?/,
  },
  {
    rule: 'step environments exist',
    rest: `
  environments:
    - { name: prod, cluster: a, namespace: shop }
  workflow:
    steps:
      - { name: ok, type: approval, environments: [production] }`,
    code: 'unknown-environment',
    path: 'spec.workflow.steps[0].environments[0]',
    line: 14,
    message: /no environment named `production`; environments are prod/,
  },
  {
    rule: 'step dependsOn exists and is acyclic',
    rest: `
  workflow:
    mode: dag
    steps:
      - { name: a, type: deploy, components: [web], dependsOn: [b] }
      - { name: b, type: deploy, components: [worker], dependsOn: [a] }`,
    code: 'dependency-cycle',
    path: 'spec.workflow.steps[0].dependsOn',
    line: 13,
    message: /steps depend on each other in a cycle: a → b → a/,
  },
  {
    rule: 'job steps name a job component',
    rest: `
  workflow:
    steps:
      - { name: migrate, type: job, component: worker }`,
    code: 'step-component-type',
    path: 'spec.workflow.steps[0].component',
    line: 12,
    message: /a job step runs a job component, and worker is a worker; job components are migrate/,
  },
  {
    rule: 'gpu-precheck names a component with a gpu trait',
    rest: `
  workflow:
    steps:
      - { name: check, type: gpu-precheck, component: web }`,
    code: 'step-component-type',
    path: 'spec.workflow.steps[0].component',
    line: 12,
    message: /web requests no GPU \(it has no `gpu` trait\)/,
  },
  {
    rule: 'a webservice name starts with a letter (it names a Service)',
    rest: `
  policies: {}`,
    code: 'invalid-name',
    path: 'spec.components[0].name',
    line: 6,
    message: /component name `3d-web` must start with a letter, because it names a Service/,
    shopText: (text) => text.replace('name: web, type: webservice', 'name: 3d-web, type: webservice'),
  },
  {
    rule: 'a cronjob name has at most 52 characters',
    rest: `
    - name: nightly-cleanup-of-the-reporting-database-and-the-caches
      type: cronjob
      image: busybox
      cron: { schedule: "0 3 * * *" }`,
    code: 'invalid-name',
    path: 'spec.components[4].name',
    line: 10,
    message: /a cronjob name must be at most 52 characters \(it has 56\)/,
  },
  {
    rule: 'labels are label values',
    rest: `
  environments:
    - name: prod
      cluster: a
      namespace: shop
      overrides: { components: { web: { labels: { owner: "web team" } } } }`,
    code: 'invalid-label',
    path: 'spec.environments[0].overrides.components.web.labels.owner',
    line: 14,
    message: /label value `web team` of `owner` must consist of letters, digits/,
  },
  {
    rule: 'annotation keys are qualified names',
    rest: `
  policies: {}`,
    code: 'invalid-label',
    path: 'spec.components[1].annotations["owner email"]',
    line: 7,
    message: /annotation key `owner email` must consist of letters, digits/,
    shopText: (text) =>
      text.replace(
        'type: worker, image: busybox',
        'type: worker, image: busybox, annotations: { "owner email": a@b.c }',
      ),
  },
  {
    rule: 'maxSurge and maxUnavailable are counts or percentages',
    rest: `
  policies: { maxSurge: "25 percent" }`,
    code: 'invalid-rollout',
    path: 'spec.policies.maxSurge',
    line: 10,
    message: /maxSurge `25 percent` must be a count such as 1 or a percentage such as 25%/,
  },
  {
    rule: 'maxSurge and maxUnavailable are not both 0',
    rest: `
  policies: { maxSurge: 0, maxUnavailable: "0%" }`,
    code: 'invalid-rollout',
    path: 'spec.policies.maxUnavailable',
    line: 10,
    message: /maxSurge and maxUnavailable are both 0, so a rollout could never replace a pod/,
  },
  {
    rule: 'a daemon takes maxSurge or maxUnavailable, not both',
    rest: `
    - { name: agent, type: daemon, image: busybox }
  environments:
    - name: prod
      cluster: a
      namespace: shop
      overrides: { policies: { maxSurge: 1, maxUnavailable: 1 } }`,
    code: 'invalid-rollout',
    path: 'spec.environments[0].overrides.policies.maxSurge',
    line: 15,
    message: /a DaemonSet takes either maxSurge or maxUnavailable, not both non-zero in environment prod/,
  },
];

describe('application rules', () => {
  it.each(cases)('$rule', ({ rest, code, path, line, message, severity, shopText }) => {
    const found = withCode(shopText ? shopText(shop(rest)) : shop(rest), code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path, line, severity: severity ?? 'error' });
    expect(found[0]!.message).toMatch(message);
  });
});
