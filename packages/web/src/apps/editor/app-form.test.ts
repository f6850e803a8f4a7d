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
        { name: 'api', type: 'webservice', image: 'acme/api:1', replicas: 2, ports: '8080, 9090', expose: true, dependsOn: ['db'], traits: 'resources:\n  cpu: 500m', extra: {} },
        { name: 'db', type: 'store', image: 'postgres:16', replicas: undefined, ports: '5432', expose: false, dependsOn: [], traits: '', extra: {} },
      ],
      environments: [{ name: 'dev', cluster: 'sandbox', namespace: 'billing', delivery: 'direct', extra: {} }],
    };
    expect(formFromValue(parse(yamlFromForm(form)))).toEqual(form);
  });

  it('changing the expose switch rewrites every port; leaving it keeps per-port settings', () => {
    const text = 'apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata: { name: a }\nspec:\n  components:\n    - { name: w, type: webservice, image: x, ports: [{ port: 80, expose: true }, { port: 81 }] }\n';
    const { form } = formFromYaml(text) as { form: AppForm };
    expect(form.components[0]!.expose).toBe(true);
    expect(parse(yamlFromForm(form, text)).spec.components[0].ports).toEqual([{ port: 80, expose: true }, { port: 81 }]);
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
