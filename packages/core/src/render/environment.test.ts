import { describe, expect, it } from 'vitest';
import type { Application } from '../model/schema.js';
import { resolveEnvironment } from './environment.js';
import { RenderError } from './errors.js';
import { deepMerge } from './merge.js';

const app: Application = {
  apiVersion: 'berth.dev/v1alpha1',
  kind: 'Application',
  metadata: { name: 'shop' },
  spec: {
    components: [
      {
        name: 'web',
        type: 'webservice',
        image: 'web:1',
        replicas: 2,
        traits: { resources: { cpu: '1', memory: '1Gi' }, storage: [{ type: 'ephemeral', name: 'a' }] },
      },
    ],
    policies: { imagePullPolicy: 'Always', revisionHistoryLimit: 3 },
    environments: [
      { name: 'dev', cluster: 'sandbox', namespace: 'shop-dev' },
      {
        name: 'prod',
        cluster: 'prod-1',
        namespace: 'shop',
        delivery: 'gitops',
        overrides: {
          components: {
            web: {
              replicas: 5,
              traits: { resources: { memory: '4Gi' }, storage: [{ type: 'ephemeral', name: 'b' }] },
            },
          },
          policies: { imagePullPolicy: 'IfNotPresent' },
        },
      },
    ],
  },
};

describe('resolveEnvironment', () => {
  it('merges objects deeply and replaces arrays', () => {
    const view = resolveEnvironment(app, 'prod');
    expect(view.environment).toEqual({
      name: 'prod',
      cluster: 'prod-1',
      namespace: 'shop',
      delivery: 'gitops',
      implicit: false,
    });
    expect(view.components[0]?.replicas).toBe(5);
    expect(view.components[0]?.traits?.resources).toEqual({ cpu: '1', memory: '4Gi' });
    expect(view.components[0]?.traits?.storage).toEqual([{ type: 'ephemeral', name: 'b' }]);
    expect(view.policies).toEqual({ imagePullPolicy: 'IfNotPresent', revisionHistoryLimit: 3 });
  });

  it('leaves the application untouched', () => {
    resolveEnvironment(app, 'prod');
    expect(app.spec.components[0]?.replicas).toBe(2);
  });

  it('uses an implicit environment when none is declared', () => {
    const bare: Application = { ...app, spec: { components: app.spec.components } };
    expect(resolveEnvironment(bare, 'anything').environment).toEqual({
      name: 'anything',
      cluster: 'default',
      namespace: 'shop',
      delivery: 'direct',
      implicit: true,
    });
  });

  it('names the declared environments when the one asked for is missing', () => {
    expect(() => resolveEnvironment(app, 'staging')).toThrow(RenderError);
    expect(() => resolveEnvironment(app, 'staging')).toThrow(
      /no environment "staging"; declared environments: dev, prod/,
    );
  });

  it('rejects an override of an undeclared component', () => {
    const typo: Application = {
      ...app,
      spec: {
        ...app.spec,
        environments: [
          { name: 'x', cluster: 'c', namespace: 'n', overrides: { components: { wbe: { replicas: 1 } } } },
        ],
      },
    };
    expect(() => resolveEnvironment(typo, 'x')).toThrow(/overrides component "wbe"/);
  });
});

describe('deepMerge', () => {
  it('keeps base values the override leaves undefined', () => {
    expect(deepMerge({ a: 1, b: { c: 2 } }, { a: undefined, b: { d: 3 } })).toEqual({
      a: 1,
      b: { c: 2, d: 3 },
    });
  });
});
