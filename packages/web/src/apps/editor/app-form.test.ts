import { loadApplications } from '@berth/core';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formFromValue, formFromYaml, STARTER_YAML, yamlFromForm, type AppForm } from './app-form.js';

const SHOP = `# the shop
apiVersion: berth.dev/v1alpha1
kind: Application
metadata:
  name: shop
  workspace: retail
  labels: { team: web }
spec:
  components:
    - name: redis
      type: store
      image: redis:7
      ports: [{ port: 6379, name: redis }]
      traits:
        storage: [{ type: persistent, name: data, mountPath: /data, size: 1Gi }]
    - name: web
      type: webservice
      image: ghcr.io/acme/shop:1.4.0
      replicas: 2
      ports: [{ port: 8080, expose: true }]
      dependsOn: [redis]
  policies: { imagePullPolicy: IfNotPresent }
  environments:
    - { name: dev, cluster: sandbox, namespace: shop-dev, delivery: direct }
    - { name: prod, cluster: prod-1, namespace: shop, delivery: gitops, overrides: { components: { web: { replicas: 4 } } } }
`;

describe('YAML ⇄ form round trip', () => {
  it('GIVEN an application WHEN read into the form and written back THEN the document is the same', () => {
    const result = formFromYaml(SHOP);
    if (!('form' in result)) throw new Error(result.error);
    const text = yamlFromForm(result.form, SHOP);
    expect(parse(text)).toEqual(parse(SHOP));
    expect(text).toContain('# the shop');
  });

  it('GIVEN a form edit WHEN written THEN only that field changes and the rest is kept', () => {
    const { form } = formFromYaml(SHOP) as { form: AppForm };
    form.components[1]!.replicas = 3;
    form.components[1]!.image = 'ghcr.io/acme/shop:1.5.0';
    const after = parse(yamlFromForm(form, SHOP));
    const before = parse(SHOP);
    before.spec.components[1].replicas = 3;
    before.spec.components[1].image = 'ghcr.io/acme/shop:1.5.0';
    expect(after).toEqual(before);
  });

  it('form → YAML → form is the identity', () => {
    const form: AppForm = {
      name: 'billing',
      workspace: 'finance',
      components: [
        {
          name: 'api',
          type: 'webservice',
          image: 'acme/api:1',
          replicas: 2,
          ports: '8080, 9090',
          expose: true,
          dependsOn: ['db'],
          traits: {
            resources: { cpu: '500m' },
            ingress: { host: 'billing.example.com', port: 8080 },
            envs: [{ name: 'MODE', value: 'live' }],
          },
          extra: {},
        },
        {
          name: 'db',
          type: 'store',
          image: 'postgres:16',
          replicas: undefined,
          ports: '5432',
          expose: false,
          dependsOn: [],
          traits: {
            storage: [{ type: 'persistent', name: 'data', mountPath: '/var/lib/postgresql', size: '5Gi' }],
          },
          extra: {},
        },
      ],
      policies: { imagePullPolicy: 'Always', maxSurge: '25%', revisionHistoryLimit: 3 },
      environments: [
        {
          name: 'dev',
          cluster: 'sandbox',
          namespace: 'billing',
          delivery: 'direct',
          gitops: {},
          overrides: {},
          extra: {},
        },
        {
          name: 'prod',
          cluster: 'prod-1',
          namespace: 'billing',
          delivery: 'gitops',
          gitops: { repo: 'billing-deploy', agent: 'flux' },
          overrides: { components: { api: { replicas: 4 } }, policies: { imagePullPolicy: 'IfNotPresent' } },
          extra: {},
        },
      ],
    };
    const text = yamlFromForm(form);
    expect(formFromValue(parse(text))).toEqual(form);
    expect(loadApplications(text)[0]?.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('GIVEN traits, policies and environment settings WHEN edited in the form THEN exactly those change in the YAML', () => {
    const { form } = formFromYaml(SHOP) as { form: AppForm };
    expect(form.components[0]!.traits).toEqual({
      storage: [{ type: 'persistent', name: 'data', mountPath: '/data', size: '1Gi' }],
    });
    expect(form.policies).toEqual({ imagePullPolicy: 'IfNotPresent' });
    expect(form.environments[1]!.overrides).toEqual({ components: { web: { replicas: 4 } } });
    form.components[0]!.traits.storage = [
      { type: 'persistent', name: 'data', mountPath: '/data', size: '2Gi' },
      { type: 'ephemeral', mountPath: '/tmp' },
    ];
    form.components[1]!.traits = { autoscale: { min: 2, max: 5 } };
    form.policies = { imagePullPolicy: 'Always', terminationGracePeriodSeconds: 10 };
    form.environments[1]!.gitops = { branch: 'release' };
    const after = parse(yamlFromForm(form, SHOP));
    const before = parse(SHOP);
    before.spec.components[0].traits.storage = [
      { type: 'persistent', name: 'data', mountPath: '/data', size: '2Gi' },
      { type: 'ephemeral', mountPath: '/tmp' },
    ];
    before.spec.components[1].traits = { autoscale: { min: 2, max: 5 } };
    before.spec.policies = { imagePullPolicy: 'Always', terminationGracePeriodSeconds: 10 };
    before.spec.environments[1].gitops = { branch: 'release' };
    expect(after).toEqual(before);
  });

  it('GIVEN an edit of one section THEN the other sections keep their text and comments', () => {
    const text = `${SHOP.replace('  policies: { imagePullPolicy: IfNotPresent }\n', '')}  workflow:\n    steps: [{ name: all, type: deploy }] # one step\n`;
    const { form } = formFromYaml(text) as { form: AppForm };
    form.policies = { imagePullPolicy: 'Never' };
    const out = yamlFromForm(form, text);
    // A new policies section goes where it belongs: after components, before environments.
    expect(Object.keys(parse(out).spec)).toEqual(['components', 'policies', 'environments', 'workflow']);
    expect(out).toContain('    - { name: dev, cluster: sandbox, namespace: shop-dev, delivery: direct }');
    expect(out).toMatch(/storage: \[ ?\{ type: persistent, name: data, mountPath: \/data, size: 1Gi \} ?\]/);
    expect(out).toContain('# one step');
    form.policies = {};
    expect(parse(yamlFromForm(form, out)).spec).not.toHaveProperty('policies');
  });

  it('GIVEN traits or gitops of the wrong shape THEN they are kept as written for the validator to report', () => {
    const text =
      'apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata: { name: a }\nspec:\n  components:\n    - { name: w, type: worker, image: x, traits: [storage] }\n  environments:\n    - { name: dev, cluster: c, namespace: a, gitops: main }\n';
    const { form } = formFromYaml(text) as { form: AppForm };
    expect(form.components[0]!.traits).toEqual({});
    form.components[0]!.image = 'y';
    const spec = parse(yamlFromForm(form, text)).spec;
    expect(spec.components[0].traits).toEqual(['storage']);
    expect(spec.environments[0].gitops).toBe('main');
  });

  it('changing the expose switch rewrites every port; leaving it keeps per-port settings', () => {
    const text =
      'apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata: { name: a }\nspec:\n  components:\n    - { name: w, type: webservice, image: x, ports: [{ port: 80, expose: true }, { port: 81 }] }\n';
    const { form } = formFromYaml(text) as { form: AppForm };
    expect(form.components[0]!.expose).toBe(true);
    expect(parse(yamlFromForm(form, text)).spec.components[0].ports).toEqual([
      { port: 80, expose: true },
      { port: 81 },
    ]);
    form.components[0]!.expose = false;
    expect(parse(yamlFromForm(form, text)).spec.components[0].ports).toEqual([{ port: 80 }, { port: 81 }]);
  });

  it('the starter (Web + Worker + Redis) is a valid application for @berth/core', () => {
    const [doc] = loadApplications(STARTER_YAML);
    expect(doc?.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('unreadable YAML gives an error, not a form', () => {
    expect(formFromYaml('spec: [unclosed')).toHaveProperty('error');
  });
});
