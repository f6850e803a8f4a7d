/**
 * The control plane end to end over HTTP, every capability wired as `npm start` wires them,
 * against sandbox clusters started here: register clusters by kubeconfig; deliver the shop
 * (Redis, a migration Job, web with an HPA, a worker) through runs, each ending with its
 * `finalize` step; a new image rolls out; an image that cannot be pulled fails the run, the
 * status says why and the revision is not recorded as deployed; rollback; approval gates;
 * GPU prechecks refused on a GPU-less cluster and passed on one with a GPU pool; deletion.
 */
import { readFileSync } from 'node:fs';
import { startSandbox, type Sandbox } from '@berth/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectToCluster, type ClusterConnection, type KubeObject } from '../../src/kube/index.js';
import { sampleNamespaceObjects } from '../../src/wiring/sample-deploy.js';
import { gpuFleet } from '../delivery/cluster-fixture.js';
import { eachDatabase } from '../support/databases.js';
import { startControlPlane, type ControlPlane } from './control-plane-fixture.js';

const SHOP = readFileSync(new URL('../../../../examples/shop/berth.yaml', import.meta.url), 'utf8');
const WS = '/api/v1/workspaces/retail';
const KINDS = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['batch/v1', 'Job'],
  ['v1', 'Service'],
  ['v1', 'Pod'],
  ['v1', 'PersistentVolumeClaim'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['networking.k8s.io/v1', 'Ingress'],
] as const;

const GATED = `
apiVersion: berth.dev/v1alpha1
kind: Application
metadata: { name: gated, workspace: retail }
spec:
  components:
    - { name: api, type: worker, image: "ghcr.io/acme/api:2.0.0" }
  environments:
    - { name: dev, cluster: sandbox, namespace: gated-dev }
  workflow:
    steps:
      - { name: approve, type: approval }
      - { name: api, type: deploy, components: [api] }
`;

const TRAINER = `
apiVersion: berth.dev/v1alpha1
kind: Application
metadata: { name: trainer, workspace: retail }
spec:
  components:
    - name: train
      type: worker
      image: "ghcr.io/acme/train:1.0.0"
      traits: { gpu: { count: 2 } }
  environments:
    - { name: cpu-only, cluster: plain, namespace: trainer }
    - { name: gpu, cluster: sandbox, namespace: trainer }
`;

function imageOf(deployment: KubeObject | undefined): string | undefined {
  return (deployment?.spec as { template: { spec: { containers: Array<{ image: string }> } } } | undefined)?.template.spec.containers[0]?.image;
}

describe.each(eachDatabase())('the control plane end to end on $dialect', (database) => {
  let cp: ControlPlane;
  let sandbox: Sandbox;
  let plain: Sandbox;
  let cluster: ClusterConnection;
  const run = async (app: string, environment: string, revision?: number) => {
    const created = await cp.api('POST', `${WS}/apps/${app}/runs`, { environment, ...(revision ? { revision } : {}) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return cp.waitRun('retail', app, created.body.id);
  };
  const webDeployment = () => cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop-dev' });
  const replaceImage = async (from: RegExp, to: string) => {
    const current = await cp.api('GET', `${WS}/apps/shop`);
    const text = String(current.body.specText).replace(from, to);
    return cp.api('PUT', `${WS}/apps/shop`, text, { 'if-match': String(current.headers.etag) });
  };

  beforeAll(async () => {
    const tuning = { readyAfterMs: 200, onError: () => undefined };
    [sandbox, plain] = await Promise.all([
      startSandbox({ nodes: gpuFleet(4), tuning, faults: { pods: [{ match: { image: '*:broken' }, fault: 'ErrImagePull' }] } }),
      startSandbox({ nodes: 2, tuning }),
    ]);
    cluster = connectToCluster(sandbox.kubeconfig, { requestTimeoutMs: 10_000 });
    cp = await startControlPlane(database);
    expect((await cp.api('POST', '/api/v1/workspaces', { name: 'retail', description: 'the shop team' })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await cp?.close();
    cluster?.close();
    await Promise.all([sandbox?.stop(), plain?.stop()]);
  });

  it('registers the sandboxes by kubeconfig: versions, nodes and the GPU pool', async () => {
    const registered = await cp.api('POST', '/api/v1/clusters', { name: 'sandbox', kubeconfig: sandbox.kubeconfig, simulated: true });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(JSON.stringify(registered.body)).not.toContain('token');
    expect((await cp.api('POST', '/api/v1/clusters', { name: 'plain', kubeconfig: plain.kubeconfig, simulated: true })).status).toBe(201);
    const nodes = await cp.api('GET', '/api/v1/clusters/sandbox/nodes');
    expect(nodes.status).toBe(200);
    expect(JSON.stringify(nodes.body)).toContain('gpu-a100');
  });

  it('creates the shop and delivers it to dev through a run: Redis, the migration Job, web (with its HPA) and the worker → Healthy', async () => {
    // What a platform team provides in the namespace: the database password and settings.
    await cluster.ensureNamespace('shop-dev');
    await cluster.apply(sampleNamespaceObjects('shop-dev', 'dev'), { fieldManager: 'platform-team' });
    const created = await cp.api('POST', `${WS}/apps`, SHOP);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const done = await run('shop', 'dev');
    expect(done.state, JSON.stringify(done.steps)).toBe('succeeded');
    expect(done.steps.map((s) => [s.name, s.state])).toEqual([
      ['redis', 'succeeded'],
      ['migrate', 'succeeded'],
      ['web', 'succeeded'],
      ['worker', 'succeeded'],
      ['finalize', 'succeeded'],
    ]);
    expect(done.steps.at(-1)).toMatchObject({ type: 'finalize', dependsOn: ['redis', 'migrate', 'web', 'worker'] });
    const status = await cp.waitStatus('retail', 'shop', 'dev', 'Healthy');
    expect(status).toMatchObject({ deployedRevision: 1, cluster: 'sandbox', namespace: 'shop-dev' });
    expect(status.components.map((c: { name: string; health: string }) => [c.name, c.health])).toEqual(
      expect.arrayContaining([['web', 'Healthy'], ['redis', 'Healthy'], ['worker', 'Healthy']]),
    );
    const ns = await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: 'shop-dev' });
    expect(ns?.metadata.labels?.['berth.dev/workspace']).toBe('retail');
  }, 90_000);

  it('a new image (PUT with If-Match) is a new revision; its run rolls web out → Healthy at revision 3', async () => {
    const stale = await cp.api('PUT', `${WS}/apps/shop`, SHOP, { 'if-match': '"1"' });
    expect(stale.status).toBe(200); // version 1 is current: this PUT is revision 2 with the same spec
    const updated = await replaceImage(/shop:1\.4\.0/, 'shop:1.5.0');
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.revision).toBe(3);
    const again = await cp.api('PUT', `${WS}/apps/shop`, SHOP, { 'if-match': '"1"' });
    expect(again.status).toBe(409);
    const done = await run('shop', 'dev');
    expect(done).toMatchObject({ state: 'succeeded', revision: 3 });
    expect(imageOf(await webDeployment())).toBe('ghcr.io/acme/shop:1.5.0');
    const replicaSets = await cluster.list({ apiVersion: 'apps/v1', kind: 'ReplicaSet' }, { namespace: 'shop-dev', labelSelector: 'berth.dev/component=web' });
    expect(replicaSets.items.length).toBeGreaterThanOrEqual(2); // the old one scaled down by the rolling update
    expect(await cp.waitStatus('retail', 'shop', 'dev', 'Healthy')).toMatchObject({ deployedRevision: 3 });
  }, 90_000);

  it('an image that cannot be pulled fails the run with the reason, the status is Degraded with it, and revision 3 stays deployed', async () => {
    const updated = await replaceImage(/shop:1\.5\.0/, 'shop:broken');
    expect(updated.status).toBe(200);
    const done = await run('shop', 'dev');
    expect(done.state).toBe('failed');
    const web = done.steps.find((s) => s.name === 'web')!;
    expect(web.state).toBe('failed');
    expect(web.message).toMatch(/web: (ImagePullBackOff|ErrImagePull): .*ghcr\.io\/acme\/shop:broken/);
    // worker, the other last step, succeeded (in parallel with web): that alone finalizes nothing.
    expect(done.steps.find((s) => s.name === 'worker')!.state).toBe('succeeded');
    expect(done.steps.find((s) => s.type === 'finalize')!.state).toBe('skipped');
    const status = await cp.waitStatus('retail', 'shop', 'dev', 'Degraded');
    expect(status.deployedRevision).toBe(3);
    expect(status.reason).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect(status.components.find((c: { name: string }) => c.name === 'web')).toMatchObject({ health: 'Degraded' });
  }, 90_000);

  it('rollback to revision 3 is a run that delivers it again → Healthy (the HPA on simulated metrics); audited', async () => {
    const bad = await cp.api('POST', `${WS}/apps/shop/rollback`, { environment: 'nowhere', revision: 3 });
    expect(bad.status).toBe(400);
    const started = await cp.api('POST', `${WS}/apps/shop/rollback`, { environment: 'dev', revision: 3 });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.steps.map((s: { type: string }) => s.type)).toEqual(['rollback', 'finalize']);
    const done = await cp.waitRun('retail', 'shop', started.body.id);
    expect(done).toMatchObject({ state: 'succeeded', revision: 3 });
    expect(imageOf(await webDeployment())).toBe('ghcr.io/acme/shop:1.5.0');
    expect(await cp.waitStatus('retail', 'shop', 'dev', 'Healthy')).toMatchObject({ deployedRevision: 3 });
    // The HPA's next sync (15 s after it raised web to minReplicas) computes from the simulated metrics.
    const deadline = Date.now() + 20_000;
    let scaling: { status: string; reason: string } | undefined;
    while (scaling?.reason !== 'ValidMetricFound' && Date.now() < deadline) {
      const hpa = await cluster.get({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'web', namespace: 'shop-dev' });
      scaling = (hpa?.status as { conditions?: Array<{ type: string; status: string; reason: string }> }).conditions?.find((c) => c.type === 'ScalingActive');
      if (scaling?.reason !== 'ValidMetricFound') await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(scaling).toMatchObject({ status: 'True', reason: 'ValidMetricFound' });
    expect((await cp.api('GET', `${WS}/apps/shop/status?env=dev`)).body.health).toBe('Healthy');
    const audit = await cp.api('GET', '/api/v1/audit?action=apps.rollback');
    expect(JSON.stringify(audit.body)).toContain('apps.rollback');
  }, 90_000);

  it('an approval step holds the run until approved through the API; a rejection fails it', async () => {
    expect((await cp.api('POST', `${WS}/apps`, GATED)).status).toBe(201);
    const created = await cp.api('POST', `${WS}/apps/gated/runs`, { environment: 'dev' });
    const waiting = await cp.waitRun('retail', 'gated', created.body.id, (r) => r.steps[0]?.state === 'waiting');
    expect(waiting.steps[1]?.state).toBe('pending');
    expect(await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'gated-dev' })).toBeUndefined();
    const approved = await cp.api('POST', `${WS}/apps/gated/runs/${created.body.id}/steps/approve/approve`, { reason: 'looks good' });
    expect(approved.status).toBe(200);
    expect((await cp.waitRun('retail', 'gated', created.body.id)).state).toBe('succeeded');
    expect(await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'gated-dev' })).toBeDefined();

    const second = await cp.api('POST', `${WS}/apps/gated/runs`, { environment: 'dev' });
    await cp.waitRun('retail', 'gated', second.body.id, (r) => r.steps[0]?.state === 'waiting');
    expect((await cp.api('POST', `${WS}/apps/gated/runs/${second.body.id}/steps/approve/reject`, { reason: 'not today' })).status).toBe(200);
    const rejected = await cp.waitRun('retail', 'gated', second.body.id);
    expect(rejected.state).toBe('failed');
    expect(rejected.steps[1]?.state).not.toBe('succeeded');
  }, 60_000);

  it('a GPU step is refused, with the reason, on a GPU-less cluster, and runs on the cluster with a GPU pool', async () => {
    expect((await cp.api('POST', `${WS}/apps`, TRAINER)).status).toBe(201);
    const refused = await run('trainer', 'cpu-only');
    expect(refused.state).toBe('refused');
    const precheck = refused.steps.find((s) => s.type === 'gpu-precheck')!;
    expect(precheck).toMatchObject({ state: 'refused' });
    expect(precheck.message).toMatch(/no node group can fit 2 × nvidia\.com\/gpu per pod/);
    const passed = await run('trainer', 'gpu');
    expect(passed.state, JSON.stringify(passed.steps)).toBe('succeeded');
    const pods = await cluster.list({ apiVersion: 'v1', kind: 'Pod' }, { namespace: 'trainer' });
    expect(pods.items.map((p) => (p.spec as { nodeName?: string }).nodeName)).toEqual(['gpu-a100-1']);
  }, 60_000);

  it('deleting the shop answers 202 with the undeploy runs; every object goes, then the application', async () => {
    const deleted = await cp.api('DELETE', `${WS}/apps/shop`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(202);
    expect(deleted.body.runs).toHaveLength(1);
    const done = await cp.waitRun('retail', 'shop', deleted.body.runs[0]);
    expect(done.state, JSON.stringify(done.steps)).toBe('succeeded');
    expect(done.steps.map((s) => s.type)).toEqual(['undeploy']);
    for (const [apiVersion, kind] of KINDS) {
      const left = await cluster.list({ apiVersion, kind }, { namespace: 'shop-dev', labelSelector: 'berth.dev/app=shop' });
      expect(left.items.map((o) => `${kind}/${o.metadata.name}`)).toEqual([]);
    }
    const deadline = Date.now() + 10_000;
    let app = await cp.api('GET', `${WS}/apps/shop`);
    while (app.status !== 404 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      app = await cp.api('GET', `${WS}/apps/shop`);
    }
    expect(app.status).toBe(404);
    // What the platform team put there stays.
    expect(await cluster.get({ apiVersion: 'v1', kind: 'Secret', name: 'db-credentials', namespace: 'shop-dev' })).toBeDefined();
  }, 60_000);
});
