/**
 * Live status through the HTTP API, against a sandbox: the shop deployed by the delivery
 * executors, then `GET …/status`, the SSE stream reporting ImagePullBackOff when a broken image
 * rolls out, and pod logs restricted to the application's pods.
 */
import { planWorkflow, type Application } from '@berth/core';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { deliveryCapability } from '../../src/delivery/capability.js';
import { DeploymentHistory } from '../../src/delivery/deployments.js';
import { deliveryExecutors } from '../../src/delivery/direct-executors.js';
import { createStatusCapability } from '../../src/status/capability.js';
import type { AppStatus } from '../../src/status/app-status.js';
import type { StepExecutor } from '../../src/workflow/executor.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { runPlan, shopSpec, startDeliveryCluster, target, type DeliveryCluster } from '../delivery/cluster-fixture.js';
import { openSse, type ReceivedEvent } from './sse-client.js';

const NS = 'shop-dev';
const STATUS = '/api/v1/workspaces/retail/apps/shop/status';

function withImage(spec: Application, component: string, image: string): Application {
  const next = structuredClone(spec);
  for (const c of next.spec.components) if (c.name === component) (c as { image?: string }).image = image;
  return next;
}

describe('live status over HTTP', () => {
  let t: DeliveryCluster;
  let api: TestApp;
  let base: string;
  let executors: StepExecutor[];
  const spec = shopSpec();

  beforeAll(async () => {
    t = await startDeliveryCluster({ faults: { pods: [{ match: { image: '*:broken' }, fault: 'ErrImagePull' }] } });
    api = await startTestApp(eachDatabase()[0]!, {
      capabilities: [deliveryCapability, createStatusCapability({ clusters: t.clusters, debounceMs: 20 })],
    });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    const deployments = new DeploymentHistory(api.deps);
    executors = deliveryExecutors({ clusters: t.clusters, deployments, degradedGraceMs: 500, pollMs: 100 });
    await t.cluster.ensureNamespace(NS);
    await t.cluster.apply([
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-credentials', namespace: NS }, stringData: { password: 'p' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-settings', namespace: NS }, data: { MODE: 'dev' } },
    ]);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await t?.stop();
  });

  it('404s with a sentence before the application is deployed', async () => {
    const res = await api.request(api.adminToken, { method: 'GET', url: `${STATUS}?env=dev` });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toContain('not deployed to environment dev');
  });

  it('reports a deployed application Healthy, per component, object and pod, with its revision', async () => {
    const reports = await runPlan(executors, planWorkflow(spec, 'dev').steps, target(spec, 1), 'run-1');
    expect(reports.every((r) => r.status === 'succeeded')).toBe(true);
    const res = await api.request(api.adminToken, { method: 'GET', url: `${STATUS}?env=dev` });
    expect(res.statusCode).toBe(200);
    const status = res.json() as AppStatus;
    expect(status).toMatchObject({ health: 'Healthy', deployedRevision: 1, namespace: NS });
    expect(status.components.map((c) => [c.name, c.health])).toEqual([
      ['migrate', 'Healthy'],
      ['redis', 'Healthy'],
      ['web', 'Healthy'],
      ['worker', 'Healthy'],
    ]);
    const web = status.components.find((c) => c.name === 'web')!;
    expect(web.objects.map((o) => o.kind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'Service']);
    expect(web.pods).toHaveLength(2);
    expect(web.pods[0]).toMatchObject({ phase: 'Running', ready: true, restarts: 0 });
    expect(web.pods[0]!.node).toMatch(/^node-/);
  }, 90_000);

  it('streams a Degraded status with the reason when a broken image rolls out, and Healthy again after rollback', async () => {
    const events: ReceivedEvent[] = [];
    const controller = new AbortController();
    onTestFinished(() => controller.abort());
    const response = await openSse(`${base}${STATUS}/stream?env=dev`, { authorization: `Bearer ${api.adminToken}` }, (e) => events.push(e), controller.signal);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const statuses = () => events.filter((e) => e.event === 'status').map((e) => JSON.parse(e.data) as AppStatus);
    const until = async (what: string, ok: (s: AppStatus, index: number) => boolean) => {
      for (let i = 0; i < 300 && !statuses().some(ok); i++) await new Promise((r) => setTimeout(r, 100));
      expect(statuses().some(ok), what).toBe(true);
    };
    await until('the current status first', (s) => s.health === 'Healthy');

    const broken = withImage(spec, 'web', 'ghcr.io/acme/shop:broken');
    const reports = await runPlan(executors, planWorkflow(broken, 'dev').steps, target(broken, 2), 'run-2');
    expect(reports.at(-1)).toMatchObject({ step: 'web', status: 'failed' });
    await until('Degraded with ImagePullBackOff', (s) => s.health === 'Degraded' && /ImagePullBackOff|ErrImagePull/.test(s.reason ?? ''));
    const degradedAt = statuses().findIndex((s) => s.health === 'Degraded');
    const degraded = statuses()[degradedAt]!;
    expect(degraded.reason).toMatch(/^component web: (ImagePullBackOff|ErrImagePull): .*ghcr\.io\/acme\/shop:broken/);
    const web = degraded.components.find((c) => c.name === 'web')!;
    expect(web.pods.some((p) => p.health === 'Degraded' && /ImagePullBackOff|ErrImagePull/.test(p.reason ?? ''))).toBe(true);

    const rollback = executors.find((e) => e.type === 'rollback')!;
    const back = await runPlan([rollback], [{ name: 'rollback', type: 'rollback', properties: {} }], target(spec, 1), 'run-3');
    expect(back[0]!.status).toBe('succeeded');
    await until('Healthy after the rollback', (s, i) => s.health === 'Healthy' && i > degradedAt);
    // Only changes of the assessment are sent: no two consecutive events are the same verdict.
    const fingerprints = statuses().map((s) => JSON.stringify([s.health, s.reason, s.components.map((c) => [c.health, c.reason, c.objects.map((o) => [o.kind, o.name, o.health, o.reason]), c.pods.map((p) => [p.name, p.health, p.reason])])]));
    for (let i = 1; i < fingerprints.length; i++) expect(fingerprints[i]).not.toBe(fingerprints[i - 1]);
    controller.abort();
  }, 120_000);

  it("serves the logs of the application's pods, and 404s for a pod that is not the application's", async () => {
    const status = (await api.request(api.adminToken, { method: 'GET', url: `${STATUS}?env=dev` })).json() as AppStatus;
    const pod = status.components.find((c) => c.name === 'web')!.pods.find((p) => p.phase === 'Running')!;
    const logs = await api.request(api.adminToken, { method: 'GET', url: `/api/v1/workspaces/retail/apps/shop/pods/${pod.name}/logs?env=dev&container=web&tailLines=3` });
    expect(logs.statusCode).toBe(200);
    const lines = logs.body.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(3);

    await t.cluster.apply([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'intruder', namespace: NS }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }]);
    const other = await api.request(api.adminToken, { method: 'GET', url: `/api/v1/workspaces/retail/apps/shop/pods/intruder/logs?env=dev` });
    expect(other.statusCode).toBe(404);

    const events: ReceivedEvent[] = [];
    const controller = new AbortController();
    await openSse(`${base}/api/v1/workspaces/retail/apps/shop/pods/${pod.name}/logs?env=dev&container=web&tailLines=1&follow=true`, { authorization: `Bearer ${api.adminToken}` }, (e) => events.push(e), controller.signal);
    for (let i = 0; i < 100 && events.filter((e) => e.event === 'line').length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    expect(events.filter((e) => e.event === 'line').length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('hides the status of an application from a user outside its workspace', async () => {
    const token = await api.userToken('outsider');
    const res = await api.request(token, { method: 'GET', url: `${STATUS}?env=dev` });
    expect(res.statusCode).toBe(404);
  });
});
