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

/** The start of a one-component application; the component follows. */
const HEAD =
  'apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata: { name: a }\nspec:\n  components:\n';

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
          ports: [
            { port: 8080, name: 'http', expose: true, extra: {} },
            { port: 9090, protocol: 'UDP', extra: { servicePort: 90 } },
          ],
          dependsOn: ['db'],
          env: [
            { name: 'MODE', value: 'live' },
            { name: 'TOKEN', valueFrom: { secret: { name: 'api-token', key: 'token' } } },
          ],
          resources: { cpu: '500m', limits: { memory: '1Gi' } },
          traits: { ingress: { host: 'billing.example.com', port: 8080 } },
          extra: {},
        },
        {
          name: 'db',
          type: 'store',
          image: 'postgres:16',
          replicas: undefined,
          ports: [{ port: 5432, extra: {} }],
          dependsOn: [],
          env: [],
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

  it('GIVEN ports with names, protocols and settings the form does not show THEN they round-trip exactly', () => {
    const text = `${HEAD}    - name: w
      type: webservice
      image: x
      ports:
        - { port: 80, name: http, protocol: TCP, expose: true, servicePort: 8080 }
        - { port: 53, name: dns, protocol: UDP, expose: false }
        - { port: "9090" }
`;
    const { form } = formFromYaml(text) as { form: AppForm };
    expect(form.components[0]!.ports).toEqual([
      { port: 80, name: 'http', protocol: 'TCP', expose: true, extra: { servicePort: 8080 } },
      { port: 53, name: 'dns', protocol: 'UDP', expose: false, extra: {} },
      // A port the number field cannot show is kept as written, for the model to report.
      { port: undefined, name: undefined, protocol: undefined, expose: undefined, extra: { port: '9090' } },
    ]);
    form.components[0]!.image = 'y';
    expect(parse(yamlFromForm(form, text)).spec.components[0].ports).toEqual(
      parse(text).spec.components[0].ports,
    );
  });

  it('GIVEN a port row edited, added and cleared in the form THEN the YAML has exactly those ports', () => {
    const text = `${HEAD}    - { name: w, type: webservice, image: x, ports: [{ port: 80, servicePort: 8080, expose: true }] }\n`;
    const { form } = formFromYaml(text) as { form: AppForm };
    const [first] = form.components[0]!.ports;
    first!.port = 81;
    first!.expose = undefined; // the checkbox unchecked
    form.components[0]!.ports.push({ port: 9090, name: 'metrics', protocol: 'TCP', extra: {} });
    expect(parse(yamlFromForm(form, text)).spec.components[0].ports).toEqual([
      { port: 81, servicePort: 8080 },
      { port: 9090, name: 'metrics', protocol: 'TCP' },
    ]);
    // A cleared number field (null) leaves the row without `port`: the model then reports it there.
    form.components[0]!.ports[1]!.port = null;
    expect(parse(yamlFromForm(form, text)).spec.components[0].ports[1]).toEqual({
      name: 'metrics',
      protocol: 'TCP',
    });
    form.components[0]!.ports = [];
    expect(parse(yamlFromForm(form, text)).spec.components[0]).not.toHaveProperty('ports');
  });

  it('GIVEN environment variables THEN value rows are edited and valueFrom rows are kept unchanged', () => {
    const text = `${HEAD}    - name: w
      type: worker
      image: x
      traits:
        envs:
          - { name: MODE, value: live }
          - { name: DB_PASSWORD, valueFrom: { secret: { name: db, key: password, optional: true } } }
          - { name: POD, valueFrom: { field: metadata.name } }
        storage: [{ type: ephemeral, mountPath: /tmp }]
`;
    const { form } = formFromYaml(text) as { form: AppForm };
    const component = form.components[0]!;
    expect(component.env.map((e) => e.name)).toEqual(['MODE', 'DB_PASSWORD', 'POD']);
    // envs has its own rows; the other traits stay with the traits step.
    expect(component.traits).toEqual({ storage: [{ type: 'ephemeral', mountPath: '/tmp' }] });
    expect(parse(yamlFromForm(form, text))).toEqual(parse(text));
    component.env[0]!.value = 'test';
    component.env.push({ name: 'EXTRA', value: '' });
    const traits = parse(yamlFromForm(form, text)).spec.components[0].traits;
    expect(traits.envs).toEqual([
      { name: 'MODE', value: 'test' },
      { name: 'DB_PASSWORD', valueFrom: { secret: { name: 'db', key: 'password', optional: true } } },
      { name: 'POD', valueFrom: { field: 'metadata.name' } },
      { name: 'EXTRA', value: '' },
    ]);
    expect(traits.storage).toEqual([{ type: 'ephemeral', mountPath: '/tmp' }]);
    component.env = [];
    expect(parse(yamlFromForm(form, text)).spec.components[0].traits).not.toHaveProperty('envs');
  });

  it('GIVEN resources THEN requests and limits are edited, cleared fields leave the YAML, and quantities are kept as written', () => {
    const text = `${HEAD}    - { name: w, type: worker, image: x, traits: { resources: { cpu: 0.5, memory: 512Mi, limits: { memory: 1Gi } } } }\n`;
    const { form } = formFromYaml(text) as { form: AppForm };
    const component = form.components[0]!;
    expect(component.resources).toEqual({ cpu: 0.5, memory: '512Mi', limits: { memory: '1Gi' } });
    expect(component.traits).toEqual({});
    expect(parse(yamlFromForm(form, text))).toEqual(parse(text));
    component.resources!.limits!.cpu = '2';
    component.resources!.memory = undefined; // the field cleared
    expect(parse(yamlFromForm(form, text)).spec.components[0].traits.resources).toEqual({
      cpu: 0.5,
      limits: { memory: '1Gi', cpu: '2' },
    });
    component.resources!.limits = { cpu: undefined, memory: undefined };
    expect(parse(yamlFromForm(form, text)).spec.components[0].traits.resources).toEqual({ cpu: 0.5 });
    component.resources!.cpu = undefined;
    expect(parse(yamlFromForm(form, text)).spec.components[0]).not.toHaveProperty('traits');
  });

  it('GIVEN envs or resources of a shape the rows cannot show THEN they stay in the traits, as written', () => {
    const text = `${HEAD}    - { name: w, type: worker, image: x, ports: [8080], traits: { envs: { MODE: live }, resources: { cpu: [1] } } }\n`;
    const { form } = formFromYaml(text) as { form: AppForm };
    const component = form.components[0]!;
    expect(component.ports).toEqual([]);
    expect(component.env).toEqual([]);
    expect(component.resources).toBeUndefined();
    expect(component.traits).toEqual({ envs: { MODE: 'live' }, resources: { cpu: [1] } });
    component.image = 'y';
    expect(parse(yamlFromForm(form, text)).spec.components[0]).toEqual({
      ...parse(text).spec.components[0],
      image: 'y',
    });
  });

  it('the starter (Web + Worker + Redis) is a valid application for @berth/core', () => {
    const [doc] = loadApplications(STARTER_YAML);
    expect(doc?.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('unreadable YAML gives an error, not a form', () => {
    expect(formFromYaml('spec: [unclosed')).toHaveProperty('error');
  });
});
