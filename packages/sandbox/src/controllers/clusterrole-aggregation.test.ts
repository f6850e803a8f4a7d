import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/types.js';
import { testCluster, type TestCluster } from './test-cluster.js';

let c: TestCluster;
afterEach(() => c?.stop());

const role = (name: string, labels: Record<string, string>, rules: unknown[], aggregateLabel?: string): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name, labels },
  ...(aggregateLabel ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [aggregateLabel]: 'true' } }] } } : { rules }),
});
const rulesOf = (name: string) => c.get('rbac.authorization.k8s.io/v1', 'ClusterRole', undefined, name)?.rules;
const read = (resource: string) => ({ apiGroups: ['acme.dev'], resources: [resource], verbs: ['get', 'list', 'watch'] });

describe('clusterrole aggregation', () => {
  it('GIVEN an aggregated role WHEN matching roles come, change and go THEN its rules follow, in role name order without duplicates', () => {
    c = testCluster();
    c.create(role('acme-view', {}, [], 'acme.dev/aggregate-to-view'));
    c.create(role('z-widgets', { 'acme.dev/aggregate-to-view': 'true' }, [read('widgets')]));
    c.create(role('a-gadgets', { 'acme.dev/aggregate-to-view': 'true' }, [read('gadgets'), read('widgets')]));
    c.create(role('unrelated', { other: 'true' }, [read('secrets')]));
    c.run(100);
    expect(rulesOf('acme-view')).toEqual([read('gadgets'), read('widgets')]);

    const z = c.get('rbac.authorization.k8s.io/v1', 'ClusterRole', undefined, 'z-widgets')!;
    c.store.update(c.type('rbac.authorization.k8s.io/v1', 'ClusterRole'), { ...z, rules: [read('widgets'), read('sprockets')] });
    c.run(100);
    expect(rulesOf('acme-view')).toEqual([read('gadgets'), read('widgets'), read('sprockets')]);

    c.store.delete(c.type('rbac.authorization.k8s.io/v1', 'ClusterRole'), undefined, 'a-gadgets');
    c.run(100);
    expect(rulesOf('acme-view')).toEqual([read('widgets'), read('sprockets')]);
  });

  it('overwrites rules written by hand on an aggregated role', () => {
    c = testCluster();
    c.create(role('agg', {}, [], 'x'));
    c.create(role('src', { x: 'true' }, [read('widgets')]));
    c.run(100);
    const agg = c.get('rbac.authorization.k8s.io/v1', 'ClusterRole', undefined, 'agg')!;
    c.store.update(c.type('rbac.authorization.k8s.io/v1', 'ClusterRole'), { ...agg, rules: [read('secrets')] });
    c.run(100);
    expect(rulesOf('agg')).toEqual([read('widgets')]);
  });
});
