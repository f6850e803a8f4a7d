/**
 * The last known health in the application list, end to end: every capability wired as
 * `npm start` wires them (so the status capability's recorder runs), two sandbox clusters.
 * An application delivered to both shows Healthy in `GET /apps`; when one cluster goes away its
 * environment turns Unknown; when a broken image rolls out on the other, Degraded with the
 * reason — and the list's health filters find it each time.
 */
import { startSandbox, type Sandbox } from '@berth/sandbox';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appsOf } from '../../src/apps/capability.js';
import { clustersOf } from '../../src/clusters/capability.js';
import { DeploymentHistory } from '../../src/delivery/deployments.js';
import { DeploymentFeed } from '../../src/status/deployment-feed.js';
import { HealthRecorder, type HealthRecorderTiming } from '../../src/status/health-recorder.js';
import { StatusService } from '../../src/status/status-service.js';
import { eachDatabase } from '../support/databases.js';
import { startControlPlane, type ControlPlane } from '../e2e/control-plane-fixture.js';

const WS = '/api/v1/workspaces/retail';

function webYaml(image: string): string {
  return `apiVersion: berth.dev/v1alpha1
kind: Application
metadata: { name: web, workspace: retail }
spec:
  components:
    - { name: web, type: webservice, image: "${image}", ports: [{ port: 8080 }] }
  environments:
    - { name: dev, cluster: main, namespace: web-dev }
    - { name: edge, cluster: edge, namespace: web-edge }
`;
}

interface Listed {
  name: string;
  health?: string;
  reason?: string;
  environments: Array<{ name: string; health?: string; reason?: string; deployedRevision?: number }>;
}

describe.each(eachDatabase())('application health in the list, from live clusters, on $dialect', (database) => {
  let cp: ControlPlane;
  let main: Sandbox;
  let edge: Sandbox;
  const deploy = async (environment: string) => {
    const created = await cp.api('POST', `${WS}/apps/web/runs`, { environment });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return cp.waitRun('retail', 'web', created.body.id);
  };
  /** Polls `GET url` until `ok` holds for the application `web` in it (or, with `absent`, until it is not listed). */
  const waitList = async (url: string, ok: (app: Listed | undefined) => boolean, what: string, timeoutMs = 30_000): Promise<Listed | undefined> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await cp.api('GET', url);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const web = (r.body.items as Listed[]).find((a) => a.name === 'web');
      if (ok(web)) return web;
      if (Date.now() > deadline) expect.fail(`${what} did not happen in ${timeoutMs} ms; last: ${JSON.stringify(web)}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };

  /** What a freshly started server sees: deliveries recorded, no health known yet, a recorder of its own. */
  const freshRecorder = async (timing: HealthRecorderTiming) => {
    const deps = cp.t.deps;
    // (The running recorder writes only when its own verdict changes, so the rows stay gone for it.)
    await sql`delete from app_health`.execute(deps.store.db);
    await sql`update apps set health = null`.execute(deps.store.db);
    await waitList('/api/v1/apps', (a) => a?.health === undefined, 'health cleared');
    const logger = pino({ level: 'silent' });
    const deployments = new DeploymentHistory(deps);
    const status = new StatusService({ clusters: clustersOf(deps).connections, deployments, logger, now: deps.now });
    const recorder = new HealthRecorder({ status, deployments, feed: new DeploymentFeed(deps.store), ledger: appsOf(deps).health, logger, now: deps.now, timing });
    await recorder.start();
    return {
      async stop() {
        await recorder.stop();
        await status.close();
      },
    };
  };

  beforeAll(async () => {
    const tuning = { readyAfterMs: 200, onError: () => undefined };
    [main, edge] = await Promise.all([
      startSandbox({ nodes: 2, tuning, faults: { pods: [{ match: { image: '*:broken' }, fault: 'ErrImagePull' }] } }),
      startSandbox({ nodes: 1, tuning }),
    ]);
    cp = await startControlPlane(database);
    expect((await cp.api('POST', '/api/v1/workspaces', { name: 'retail' })).status).toBe(201);
    for (const [name, sandbox] of [['main', main], ['edge', edge]] as const)
      expect((await cp.api('POST', '/api/v1/clusters', { name, kubeconfig: sandbox.kubeconfig, simulated: true })).status).toBe(201);
    expect((await cp.api('POST', `${WS}/apps`, webYaml('ghcr.io/acme/web:1.0.0'))).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await cp?.close();
    await Promise.all([main?.stop(), edge?.stop()]);
  });

  it('GIVEN a created application THEN it is listed without health until it is deployed', async () => {
    const r = await cp.api('GET', '/api/v1/apps');
    const web = (r.body.items as Listed[]).find((a) => a.name === 'web')!;
    expect(web.health).toBeUndefined();
    expect(web.environments.every((e) => e.health === undefined)).toBe(true);
  });

  it('GIVEN the application delivered to both clusters THEN the list shows it Healthy, per environment too, and health=Healthy finds it', async () => {
    expect((await deploy('dev')).state).toBe('succeeded');
    expect((await deploy('edge')).state).toBe('succeeded');
    const web = await waitList('/api/v1/apps?health=Healthy', (a) => a?.environments.every((e) => e.health === 'Healthy') === true, 'Healthy in both environments');
    expect(web).toMatchObject({ health: 'Healthy' });
    expect(web!.reason).toBeUndefined();
    expect(web!.environments.map((e) => [e.name, e.health, e.deployedRevision])).toEqual([
      ['dev', 'Healthy', 1],
      ['edge', 'Healthy', 1],
    ]);
    expect((await cp.api('GET', '/api/v1/apps?health=Degraded,Unknown')).body.items).toEqual([]);
  }, 90_000);

  it('GIVEN a server starting with deliveries recorded THEN its recorder assesses them without a new delivery', async () => {
    const fresh = await freshRecorder({ debounceMs: 20 });
    try {
      const web = await waitList('/api/v1/apps?health=Healthy', (a) => a?.environments.every((e) => e.health === 'Healthy') === true, 'Healthy again after the start');
      expect(web).toMatchObject({ health: 'Healthy' });
    } finally {
      await fresh.stop();
    }
  }, 60_000);

  it('GIVEN a cluster that stops answering THEN its environment is Unknown with the reason, and the application with it', async () => {
    await edge.stop();
    const web = await waitList('/api/v1/apps?cluster=edge&health=Unknown', (a) => a !== undefined, 'Unknown on edge');
    expect(web).toMatchObject({ health: 'Unknown' });
    expect(web!.environments.find((e) => e.name === 'edge')).toMatchObject({ health: 'Unknown', reason: expect.stringContaining('edge') });
    expect(web!.environments.find((e) => e.name === 'dev')).toMatchObject({ health: 'Healthy' });
    expect(web!.reason).toMatch(/^edge: /);
    // The healthy environment is still found by its own health.
    expect((await cp.api('GET', '/api/v1/apps?environment=dev&health=Healthy')).body.items.map((a: Listed) => a.name)).toEqual(['web']);
  }, 60_000);

  it('GIVEN a server starting while a cluster does not answer THEN that environment is Unknown after the connect timeout, and shutdown does not wait for the cluster', async () => {
    const fresh = await freshRecorder({ debounceMs: 20, connectTimeoutMs: 500 });
    try {
      const web = await waitList('/api/v1/apps?cluster=edge&health=Unknown', (a) => a !== undefined, 'Unknown on edge after the timeout');
      expect(web!.environments.find((e) => e.name === 'edge')!.reason).toMatch(/cluster edge has not answered/);
      expect(web!.environments.find((e) => e.name === 'dev')).toMatchObject({ health: 'Healthy' });
    } finally {
      const stopping = Date.now();
      await fresh.stop();
      expect(Date.now() - stopping).toBeLessThan(5_000);
    }
  }, 60_000);

  it('GIVEN a broken image rolled out THEN the environment turns Degraded with the reason, the application too, and health=Degraded finds it', async () => {
    const current = await cp.api('GET', `${WS}/apps/web`);
    const updated = await cp.api('PUT', `${WS}/apps/web`, webYaml('ghcr.io/acme/web:broken'), { 'if-match': String(current.headers.etag) });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect((await deploy('dev')).state).toBe('failed');
    const web = await waitList('/api/v1/apps?health=Degraded', (a) => a !== undefined, 'Degraded');
    const dev = web!.environments.find((e) => e.name === 'dev')!;
    expect(dev).toMatchObject({ health: 'Degraded', deployedRevision: 1 }); // the failed run recorded nothing new
    expect(dev.reason).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect(web!.reason).toMatch(/^dev: component web: (ImagePullBackOff|ErrImagePull)/);
    // The list agrees with the live status.
    const status = await cp.waitStatus('retail', 'web', 'dev', 'Degraded');
    expect(status.reason).toBe(dev.reason);
    expect((await cp.api('GET', '/api/v1/apps?health=Healthy')).body.items).toEqual([]);
  }, 90_000);
});
