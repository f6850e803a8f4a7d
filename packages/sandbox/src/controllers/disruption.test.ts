import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/types.js';
import { deployment, testCluster, type TestCluster } from './test-cluster.js';

let c: TestCluster;
afterEach(() => c?.stop());

const pdb = (name: string, app: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace: 'default' },
  spec: { selector: { matchLabels: { app } }, ...spec },
});
const status = (name: string) => c.get('policy/v1', 'PodDisruptionBudget', 'default', name)?.status as Record<string, any>;
const barePod = (name: string, app: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app } },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
});

describe('disruption controller', () => {
  it('GIVEN minAvailable 50% of a 3-replica Deployment THEN desiredHealthy rounds up to 2 and one disruption is allowed', () => {
    c = testCluster();
    c.create(deployment('web', { replicas: 3 }));
    c.run(5000);
    c.create(pdb('half', 'web', { minAvailable: '50%' }));
    c.run(500);
    expect(status('half')).toMatchObject({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1, observedGeneration: 1 });
  });

  it('GIVEN the only matching pod goes away THEN currentHealthy drops, InsufficientPods and a NoPods event', () => {
    c = testCluster();
    c.create(barePod('solo', 'solo'));
    c.run(5000);
    c.create(pdb('solo', 'solo', { minAvailable: 0 }));
    c.run(500);
    expect(status('solo')).toMatchObject({ expectedPods: 1, currentHealthy: 1, disruptionsAllowed: 1 });
    expect(status('solo').conditions[0]).toMatchObject({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' });
    c.store.delete(c.type('v1', 'Pod'), 'default', 'solo', { gracePeriodSeconds: 0 });
    c.run(5000);
    expect(status('solo')).toMatchObject({ expectedPods: 0, currentHealthy: 0, disruptionsAllowed: 0 });
    expect(status('solo').conditions[0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });
    expect(c.events('default', 'solo').map((e) => `${e.type} ${e.reason}: ${e.message}`)).toContain('Normal NoPods: No matching pods found');
  });

  it('GIVEN maxUnavailable over pods without a controller THEN UnmanagedPods is reported and nothing may be disrupted', () => {
    c = testCluster();
    c.create(barePod('a', 'bare'));
    c.create(barePod('b', 'bare'));
    c.run(5000);
    c.create(pdb('bare', 'bare', { maxUnavailable: 1 }));
    c.run(500);
    expect(status('bare')).toMatchObject({ expectedPods: 0, desiredHealthy: 0, currentHealthy: 2, disruptionsAllowed: 0 });
    expect(c.events('default', 'bare').map((e) => `${e.type} ${e.reason}`)).toContain('Warning UnmanagedPods');
  });
});
