/**
 * One watcher per cluster, end to end: a control plane with an application delivered to a sandbox
 * cluster, and two more replicas' health recorders, each with its own informers and its own
 * candidacy for the cluster's watcher Lease. Exactly one of them writes application health; when
 * it stops (releasing the Lease), the other takes over and records what changed meanwhile. The
 * leader gauge follows.
 */
import { startSandbox, type Sandbox } from '@berth/sandbox';
import { sql } from 'kysely';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appsOf } from '../../src/apps/capability.js';
import type { EnvironmentHealthReport } from '../../src/apps/health-store.js';
import { clustersOf } from '../../src/clusters/capability.js';
import { DeploymentHistory } from '../../src/delivery/deployments.js';
import { DeploymentFeed } from '../../src/status/deployment-feed.js';
import { HealthRecorder } from '../../src/status/health-recorder.js';
import { StatusService } from '../../src/status/status-service.js';
import { WatcherElections } from '../../src/status/watcher-elections.js';
import { eachDatabase } from '../support/databases.js';
import { startControlPlane, type ControlPlane } from '../e2e/control-plane-fixture.js';

const WS = '/api/v1/workspaces/retail';
const APP = `apiVersion: berth.dev/v1alpha1
kind: Application
metadata: { name: web, workspace: retail }
spec:
  components:
    - { name: web, type: webservice, image: "ghcr.io/acme/web:1.0.0", ports: [{ port: 8080 }] }
  environments:
    - { name: dev, cluster: main, namespace: web-dev }
`;
/** Not the control plane's own Lease, so its recorder does not take part in this election. */
const LEASE = 'berth-watcher-test';
const TIMING = { leaseDurationMs: 2_000, renewDeadlineMs: 1_500, retryPeriodMs: 250 };

/** A replica's recorder: its own informers, its own candidacy, and a count of its writes. */
interface Replica {
  name: string;
  elections: WatcherElections;
  /** This replica's metrics. */
  metrics: Registry;
  writes: EnvironmentHealthReport[];
  stop(): Promise<void>;
}

const [sqlite] = eachDatabase();

describe('one health writer per cluster, elected through a Lease', () => {
  let cp: ControlPlane;
  let main: Sandbox;
  const replicas: Replica[] = [];

  const startReplica = async (name: string): Promise<Replica> => {
    const deps = cp.t.deps;
    const logger = pino({ level: 'silent' });
    const clusters = clustersOf(deps).connections;
    const deployments = new DeploymentHistory(deps);
    const status = new StatusService({ clusters, deployments, logger, now: deps.now });
    const metrics = new Registry();
    const elections = new WatcherElections({ clusters, logger, metrics, timing: TIMING, identity: name, leaseName: LEASE });
    const health = appsOf(deps).health;
    const writes: EnvironmentHealthReport[] = [];
    const recorder = new HealthRecorder({
      status,
      deployments,
      feed: new DeploymentFeed(deps.store),
      ledger: {
        record: (report) => {
          writes.push(report);
          return health.record(report);
        },
        forget: (...args) => health.forget(...args),
      },
      logger,
      now: deps.now,
      timing: { debounceMs: 20 },
      leadership: elections,
    });
    await recorder.start();
    const replica = {
      name,
      elections,
      metrics,
      writes,
      async stop() {
        await recorder.stop();
        await elections.close();
        await status.close();
      },
    };
    replicas.push(replica);
    return replica;
  };
  const listedHealth = async () => {
    const r = await cp.api('GET', '/api/v1/apps');
    return (r.body.items as Array<{ name: string; health?: string }>).find((a) => a.name === 'web')?.health;
  };
  const until = async <T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 30_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) expect.fail(`${what} did not happen in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  /** Clears the recorded health (the control plane's own recorder writes only its own changes, so it stays cleared). */
  const clearHealth = async () => {
    await sql`delete from app_health`.execute(cp.t.deps.store.db);
    await sql`update apps set health = null`.execute(cp.t.deps.store.db);
  };
  /** `berth_cluster_watcher_leader{cluster="main"}` of a replica. */
  const gauge = async (replica: Replica) => {
    const metric = await replica.metrics.getSingleMetric('berth_cluster_watcher_leader')!.get();
    return metric.values.find((v) => v.labels.cluster === 'main')?.value;
  };

  beforeAll(async () => {
    main = await startSandbox({ nodes: 1, tuning: { readyAfterMs: 200, onError: () => undefined } });
    cp = await startControlPlane(sqlite!);
    expect((await cp.api('POST', '/api/v1/workspaces', { name: 'retail' })).status).toBe(201);
    expect((await cp.api('POST', '/api/v1/clusters', { name: 'main', kubeconfig: main.kubeconfig, simulated: true })).status).toBe(201);
    expect((await cp.api('POST', `${WS}/apps`, APP)).status).toBe(201);
    const run = await cp.api('POST', `${WS}/apps/web/runs`, { environment: 'dev' });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect((await cp.waitRun('retail', 'web', run.body.id)).state).toBe('succeeded');
    await until(async () => (await listedHealth()) === 'Healthy', 'Healthy from the control plane');
  }, 90_000);
  afterAll(async () => {
    for (const r of replicas) await r.stop();
    await cp?.close();
    await main?.stop();
  });

  it('GIVEN two replicas watching one cluster THEN exactly one writes health; after it stops, the other takes over and writes', async () => {
    await clearHealth();
    const a = await startReplica('replica-a');
    const b = await startReplica('replica-b');
    // One of them leads and records the cleared health again.
    const leader = await until(() => [a, b].find((r) => r.elections.of('main').leading), 'a leader');
    const follower = leader === a ? b : a;
    await until(async () => (await listedHealth()) === 'Healthy', 'Healthy recorded by the leader');
    await until(() => follower.elections.of('main').cutOff === false || undefined, 'the follower reaching the Lease');
    expect(leader.writes.length).toBeGreaterThan(0);
    expect(leader.writes.every((w) => w.cluster === 'main' && w.health === 'Healthy')).toBe(true);
    expect(follower.writes).toEqual([]);
    expect(follower.elections.of('main').leading).toBe(false);
    expect([await gauge(leader), await gauge(follower)]).toEqual([1, 0]);
    const held = await (await clustersOf(cp.t.deps).connections.get('main')).get({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      name: LEASE,
      namespace: 'berth-system',
    });
    expect((held?.spec as { holderIdentity?: string }).holderIdentity).toBe(leader.name);

    // The leader goes away (gracefully: it releases the Lease); health is cleared again meanwhile.
    await leader.stop();
    replicas.splice(replicas.indexOf(leader), 1);
    await clearHealth();
    await until(() => follower.elections.of('main').leading || undefined, 'the follower taking over');
    await until(async () => (await listedHealth()) === 'Healthy', 'Healthy recorded by the new leader');
    expect(follower.writes.length).toBeGreaterThan(0);
    expect([await gauge(leader), await gauge(follower)]).toEqual([0, 1]);
  }, 90_000);
});
