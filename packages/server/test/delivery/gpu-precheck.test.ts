/**
 * `gpu-precheck` against sandboxes: refused, with the reason, on a cluster without GPUs and
 * when the GPU pool is too small; runs (and the component deploys) on a cluster with a GPU pool.
 */
import type { Application } from '@berth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeploymentHistory, deploymentsMigration } from '../../src/delivery/deployments.js';
import { deliveryExecutors } from '../../src/delivery/direct-executors.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { gpuFleet, runStep, startDeliveryCluster, target, type DeliveryCluster } from './cluster-fixture.js';

function trainer(gpus: number): Application {
  return {
    apiVersion: 'berth.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'trainer', workspace: 'ml' },
    spec: {
      components: [{ name: 'train', type: 'worker', image: 'ghcr.io/acme/train:1', traits: { gpu: { count: gpus } } }],
      environments: [{ name: 'dev', cluster: 'sandbox', namespace: 'ml-dev', delivery: 'direct' }],
    },
  } as Application;
}

describe('gpu-precheck', () => {
  let store: Store;
  let deployments: DeploymentHistory;
  beforeAll(async () => {
    store = await openStore({ dataDir: '/tmp', sqliteFile: ':memory:' }, { migrations: [deploymentsMigration] });
    deployments = new DeploymentHistory({ store, now: () => new Date() });
  });
  afterAll(async () => store?.close());

  describe('on a sandbox without GPUs', () => {
    let t: DeliveryCluster;
    beforeAll(async () => {
      t = await startDeliveryCluster();
    }, 30_000);
    afterAll(async () => t?.stop());

    it('refuses the step — not a failure — and says no node group has any', async () => {
      const precheck = deliveryExecutors({ clusters: t.clusters, deployments }).find((e) => e.type === 'gpu-precheck')!;
      const report = await runStep(precheck, { target: target(trainer(2), 1), step: 'gpus', properties: { component: 'train' }, runId: 'r1' });
      expect(report).toMatchObject({ status: 'refused', reason: 'no node group can fit 2 × nvidia.com/gpu per pod: default has none' });
    });
  });

  describe('on a sandbox with a GPU pool of one 4-GPU node', () => {
    let t: DeliveryCluster;
    beforeAll(async () => {
      t = await startDeliveryCluster({ nodes: gpuFleet(4) });
    }, 30_000);
    afterAll(async () => t?.stop());

    it('passes, and the GPU component deploys onto the GPU node', async () => {
      const executors = deliveryExecutors({ clusters: t.clusters, deployments, pollMs: 100 });
      const precheck = executors.find((e) => e.type === 'gpu-precheck')!;
      const spec = trainer(3);
      const report = await runStep(precheck, { target: target(spec, 1), step: 'gpus', properties: { component: 'train' }, runId: 'r2' });
      expect(report).toMatchObject({ status: 'succeeded', message: 'gpu-a100 can fit 3 × nvidia.com/gpu per pod (4 free of 4)' });
      const deploy = executors.find((e) => e.type === 'deploy')!;
      const deployed = await runStep(deploy, { target: target(spec, 1), step: 'train', properties: { components: ['train'] }, runId: 'r2' });
      expect(deployed.status).toBe('succeeded');
      const { items } = await t.cluster.list({ apiVersion: 'v1', kind: 'Pod' }, { namespace: 'ml-dev' });
      expect(items.map((p) => (p.spec as { nodeName?: string }).nodeName)).toEqual(['gpu-a100-1']);
    }, 60_000);

    it('then refuses a second component that needs more GPUs than are left, naming what each group has free', async () => {
      const precheck = deliveryExecutors({ clusters: t.clusters, deployments }).find((e) => e.type === 'gpu-precheck')!;
      const report = await runStep(precheck, { target: target(trainer(2), 2), step: 'gpus', properties: { component: 'train' }, runId: 'r3' });
      expect(report).toMatchObject({
        status: 'refused',
        reason: 'no node group can fit 2 × nvidia.com/gpu per pod: gpu-a100 has 1 free of 4; general has none',
      });
    });
  });
});
