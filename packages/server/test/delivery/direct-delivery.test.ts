/**
 * Direct delivery against a sandbox cluster: the shop example (Redis, a migration Job, web with
 * its HPA, worker) deployed step by step through the executors the workflow engine polls, each
 * run ending with its `finalize` step (prune and record). Through the whole control plane:
 * test/e2e/control-plane.test.ts.
 */
import { planWorkflow, type Application } from '@berth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeploymentHistory, deploymentsMigration } from '../../src/delivery/deployments.js';
import { deliveryExecutors } from '../../src/delivery/direct-executors.js';
import type { KubeObject } from '../../src/kube/index.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import type { StepExecutor } from '../../src/workflow/executor.js';
import { runPlan, runStep, shopSpec, startDeliveryCluster, target, type DeliveryCluster } from './cluster-fixture.js';

const NS = 'shop-dev';

function withImages(spec: Application, images: Record<string, string>): Application {
  const next = structuredClone(spec);
  for (const c of next.spec.components) if (images[c.name]) (c as { image?: string }).image = images[c.name];
  return next;
}

async function deployment(t: DeliveryCluster, name: string): Promise<KubeObject | undefined> {
  return t.cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: NS });
}

function imageOf(obj: KubeObject | undefined): string | undefined {
  return (obj?.spec as { template: { spec: { containers: Array<{ image: string }> } } } | undefined)?.template.spec.containers[0]?.image;
}

describe('direct delivery of the shop to a sandbox', () => {
  let t: DeliveryCluster;
  let store: Store;
  let deployments: DeploymentHistory;
  let executors: StepExecutor[];
  const base = shopSpec();
  const deploy = async (spec: Application, revision: number, runId: string) =>
    runPlan(executors, planWorkflow(spec, 'dev').steps, target(spec, revision), runId);
  /** The derived plan with `worker` before `web`: both end it, and the engine runs them in parallel. */
  const workerFirst = (spec: Application) => {
    const steps = planWorkflow(spec, 'dev').steps;
    return [...steps.filter((s) => s.name !== 'web'), steps.find((s) => s.name === 'web')!];
  };

  beforeAll(async () => {
    t = await startDeliveryCluster({ faults: { pods: [{ match: { image: '*:broken' }, fault: 'ErrImagePull' }] } });
    store = await openStore({ dataDir: '/tmp', sqliteFile: ':memory:' }, { migrations: [deploymentsMigration] });
    deployments = new DeploymentHistory({ store, now: () => new Date() });
    executors = deliveryExecutors({ clusters: t.clusters, deployments, degradedGraceMs: 1500, pollMs: 100 });
    // What the application expects to find in its namespace.
    await t.cluster.ensureNamespace(NS);
    await t.cluster.apply([
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-credentials', namespace: NS }, stringData: { password: 'p' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-settings', namespace: NS }, data: { MODE: 'dev' } },
    ]);
  }, 30_000);
  afterAll(async () => {
    await store?.close();
    await t?.stop();
  });

  it('deploys Redis, the migration Job, web (with its HPA) and worker in workflow order until Healthy, then finalize records the revision', async () => {
    const reports = await deploy(base, 1, 'run-1');
    expect(reports.map((r) => [r.step, r.status])).toEqual([
      ['redis', 'succeeded'],
      ['migrate', 'succeeded'],
      ['web', 'succeeded'],
      ['worker', 'succeeded'],
      ['finalize', 'succeeded'],
    ]);
    expect(reports.slice(0, -1).some((r) => r.status === 'succeeded' && r.output?.pruned !== undefined)).toBe(false);
    expect(await t.cluster.get({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'web', namespace: NS })).toBeDefined();
    const ns = await t.cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: NS });
    expect(ns?.metadata.labels?.['berth.dev/workspace']).toBe('retail');
    const web = await deployment(t, 'web');
    expect((web?.status as { availableReplicas?: number }).availableReplicas).toBe(2);
    expect(web?.metadata.managedFields).toEqual(expect.arrayContaining([expect.objectContaining({ manager: 'berth', operation: 'Apply' })]));
    const current = await deployments.current('retail', 'shop', 'dev');
    expect(current).toMatchObject({ revision: 1, runId: 'run-1', namespace: NS, components: ['redis', 'migrate', 'web', 'worker'] });
  }, 90_000);

  it('a new revision rolls web out with the new image and re-runs the migration Job whose template changed', async () => {
    const oldJob = await t.cluster.get({ apiVersion: 'batch/v1', kind: 'Job', name: 'migrate', namespace: NS });
    const spec = withImages(base, { web: 'ghcr.io/acme/shop:1.5.0', migrate: 'ghcr.io/acme/shop-migrate:1.5.0' });
    const reports = await deploy(spec, 2, 'run-2');
    expect(reports.every((r) => r.status === 'succeeded')).toBe(true);
    expect(imageOf(await deployment(t, 'web'))).toBe('ghcr.io/acme/shop:1.5.0');
    const newJob = await t.cluster.get({ apiVersion: 'batch/v1', kind: 'Job', name: 'migrate', namespace: NS });
    expect(newJob?.metadata.uid).not.toBe(oldJob?.metadata.uid);
    expect((await deployments.current('retail', 'shop', 'dev'))?.revision).toBe(2);
  }, 90_000);

  it('an image that cannot be pulled fails the deploy step with the component, the reason and the image; worker ending first records nothing', async () => {
    const spec = withImages(withImages(base, { web: 'ghcr.io/acme/shop:1.5.0', migrate: 'ghcr.io/acme/shop-migrate:1.5.0' }), {
      web: 'ghcr.io/acme/shop:broken',
    });
    const reports = await runPlan(executors, workerFirst(spec), target(spec, 3), 'run-3');
    expect(reports.map((r) => [r.step, r.status])).toEqual([
      ['redis', 'succeeded'],
      ['migrate', 'succeeded'],
      ['worker', 'succeeded'],
      ['web', 'failed'],
    ]);
    const failed = reports.at(-1)!;
    expect(failed).toMatchObject({ step: 'web', status: 'failed', retryable: false });
    expect(failed.status === 'failed' && failed.message).toMatch(/^web: (ImagePullBackOff|ErrImagePull): .*ghcr\.io\/acme\/shop:broken/);
    expect(await deployments.current('retail', 'shop', 'dev')).toMatchObject({ revision: 2, runId: 'run-2' });
    expect((await deployments.history('retail', 'shop')).map((d) => d.runId)).not.toContain('run-3');
  }, 90_000);

  it('rollback re-applies revision 2, the application is Healthy again, and finalize records it', async () => {
    const spec = withImages(base, { web: 'ghcr.io/acme/shop:1.5.0', migrate: 'ghcr.io/acme/shop-migrate:1.5.0' });
    const rollback = [{ name: 'rollback', type: 'rollback', properties: { toRevision: 2 } }];
    const reports = await runPlan(executors, rollback, target(spec, 2), 'run-4');
    expect(reports.map((r) => [r.step, r.status])).toEqual([
      ['rollback', 'succeeded'],
      ['finalize', 'succeeded'],
    ]);
    expect(imageOf(await deployment(t, 'web'))).toBe('ghcr.io/acme/shop:1.5.0');
    expect(await deployments.current('retail', 'shop', 'dev')).toMatchObject({ revision: 2, runId: 'run-4' });
  }, 90_000);

  it('prunes a component dropped from the spec, and keeps the rest', async () => {
    const spec = withImages(base, { web: 'ghcr.io/acme/shop:1.5.0', migrate: 'ghcr.io/acme/shop-migrate:1.5.0' });
    spec.spec.components = spec.spec.components.filter((c) => c.name !== 'worker');
    const reports = await deploy(spec, 5, 'run-5');
    expect(reports.every((r) => r.status === 'succeeded')).toBe(true);
    expect(reports.at(-1)).toMatchObject({ step: 'finalize', output: { revision: 5, pruned: ['Deployment/worker'] } });
    expect(await deployment(t, 'worker')).toBeUndefined();
    expect(await deployment(t, 'web')).toBeDefined();
    // Finalize again, as after a crash before the engine stored its success: nothing changes.
    const finalize = executors.find((e) => e.type === 'finalize')!;
    const again = await runStep(finalize, { target: target(spec, 5), step: 'finalize', properties: {}, runId: 'run-5' });
    expect(again).toMatchObject({ status: 'succeeded', output: { revision: 5, pruned: [] } });
    expect((await deployments.history('retail', 'shop')).filter((d) => d.runId === 'run-5')).toHaveLength(1);
  }, 90_000);

  it('undeploy deletes every object of the application and waits until they are gone', async () => {
    const undeploy = executors.find((e) => e.type === 'undeploy')!;
    const report = await runStep(undeploy, { target: target(base, 5), step: 'undeploy', properties: {}, runId: 'run-6' });
    expect(report.status).toBe('succeeded');
    for (const kind of [
      { apiVersion: 'apps/v1', kind: 'Deployment' },
      { apiVersion: 'apps/v1', kind: 'StatefulSet' },
      { apiVersion: 'batch/v1', kind: 'Job' },
      { apiVersion: 'v1', kind: 'Service' },
      { apiVersion: 'v1', kind: 'Pod' },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
    ]) {
      const { items } = await t.cluster.list(kind, { namespace: NS, labelSelector: 'berth.dev/app=shop' });
      expect(items.map((i) => i.metadata.name), kind.kind).toEqual([]);
    }
    expect(await deployments.current('retail', 'shop')).toBeUndefined();
  }, 90_000);
});
