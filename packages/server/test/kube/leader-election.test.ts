/**
 * The Lease leader elector against a sandbox cluster: acquiring (creating namespace and Lease),
 * renewing, a second candidate waiting, taking over only after the lease expired, handing over at
 * once on stop, surviving a stale resourceVersion, and running as leader when Leases are refused.
 * Timings are short (2 s lease); assertions poll with generous deadlines and only check bounds
 * that a slow machine cannot break.
 */
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KubeApiError, LeaderElector, type KubeObject, type LeaderElectionTiming } from '../../src/kube/index.js';
import { eventually, startTestCluster, type TestCluster } from './sandbox-fixture.js';

const FAST: LeaderElectionTiming = { leaseDurationMs: 2_000, renewDeadlineMs: 1_500, retryPeriodMs: 250 };
const logger = pino({ level: 'silent' });

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

describe('LeaderElector against a sandbox cluster', () => {
  let t: TestCluster;
  const electors: LeaderElector[] = [];
  let lease = 0;
  /** A fresh Lease name per test, so tests do not see each other's candidates. */
  let name = '';
  const candidate = (identity: string, timing: LeaderElectionTiming = FAST, namespace = 'berth-system') => {
    const elector = new LeaderElector({ cluster: t.cluster, namespace, name, identity, timing, logger });
    electors.push(elector);
    return elector;
  };
  const read = async () => {
    const found = await t.cluster.get({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', name, namespace: 'berth-system' });
    return found as (KubeObject & { spec: LeaseSpec }) | undefined;
  };
  const until = <T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000) =>
    eventually(async () => {
      const value = await check();
      return value === false ? undefined : value;
    }, timeoutMs, what);

  beforeAll(async () => {
    t = await startTestCluster({ nodes: 1 });
  });
  afterEach(async () => {
    await Promise.all(electors.splice(0).map((e) => e.stop()));
    name = `watcher-${++lease}`;
  });
  afterAll(async () => {
    await t?.stop();
  });
  name = `watcher-${++lease}`;

  it('GIVEN no Lease THEN the candidate creates the namespace and the Lease, holds it and keeps renewing it', async () => {
    const a = candidate('replica-a');
    a.start();
    await until(() => a.leading, 'a leading');
    const first = (await read())!;
    expect(first.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'berth' });
    expect(first.spec).toMatchObject({ holderIdentity: 'replica-a', leaseDurationSeconds: 2, leaseTransitions: 0 });
    expect(first.spec.acquireTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect((await t.cluster.listNamespaces()).map((n) => n.name)).toContain('berth-system');
    const renewed = await until(async () => {
      const now = (await read())!;
      return now.spec.renewTime !== first.spec.renewTime ? now : undefined;
    }, 'a renewal');
    expect(renewed.spec).toMatchObject({ holderIdentity: 'replica-a', acquireTime: first.spec.acquireTime, leaseTransitions: 0 });
    expect(Date.parse(renewed.spec.renewTime!)).toBeGreaterThan(Date.parse(first.spec.renewTime!));
  });

  it('GIVEN a renewing leader THEN a second candidate follows for longer than a lease duration and never leads', async () => {
    const a = candidate('replica-a');
    a.start();
    await until(() => a.leading, 'a leading');
    const b = candidate('replica-b');
    let bLed = false;
    b.onChange(() => (bLed ||= b.leading));
    b.start();
    await until(() => b.holder === 'replica-a', 'b seeing a as holder');
    // Wait until the leader has renewed for more than a whole lease duration past what b saw.
    const seen = Date.parse((await read())!.spec.renewTime!);
    await until(async () => Date.parse((await read())!.spec.renewTime!) - seen > 2 * FAST.leaseDurationMs || undefined, 'renewals past two lease durations');
    expect(a.leading).toBe(true);
    expect(bLed).toBe(false);
    expect((await read())!.spec.holderIdentity).toBe('replica-a');
  });

  it('GIVEN a holder that stopped renewing (crashed) THEN a candidate takes over only once the lease expired, counting the transition', async () => {
    // A holder that crashed: it wrote the Lease once and is gone.
    const at = Date.now();
    const stamp = new Date(at).toISOString().replace('Z', '000Z');
    await t.cluster.ensureNamespace('berth-system');
    await t.cluster.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace: 'berth-system' },
      spec: { holderIdentity: 'crashed', leaseDurationSeconds: 2, acquireTime: stamp, renewTime: stamp, leaseTransitions: 3 },
    });
    const b = candidate('replica-b');
    b.start();
    await until(() => b.leading, 'b taking over', 30_000);
    expect(Date.now() - at).toBeGreaterThanOrEqual(FAST.leaseDurationMs);
    expect((await read())!.spec).toMatchObject({ holderIdentity: 'replica-b', leaseDurationSeconds: 2, leaseTransitions: 4 });
  });

  it('GIVEN the leader stops THEN it releases the Lease and the follower takes over without waiting out the lease', async () => {
    // A long lease: without the release the follower would wait 30 s.
    const long: LeaderElectionTiming = { leaseDurationMs: 30_000, renewDeadlineMs: 2_000, retryPeriodMs: 250 };
    const a = candidate('replica-a', long);
    a.start();
    await until(() => a.leading, 'a leading');
    const b = candidate('replica-b', long);
    b.start();
    await until(() => b.holder === 'replica-a', 'b following a');
    const stopping = Date.now();
    await a.stop();
    expect(a.leading).toBe(false);
    await until(() => b.leading, 'b leading after the release', 25_000);
    expect(Date.now() - stopping).toBeLessThan(long.leaseDurationMs);
    expect((await read())!.spec).toMatchObject({ holderIdentity: 'replica-b', leaseDurationSeconds: 30, leaseTransitions: 1 });
  });

  it('GIVEN the Lease changed behind the leader (its resourceVersion is stale) THEN the write is refused with 409 and the leader re-reads and renews, never stepping down', async () => {
    const a = candidate('replica-a');
    let steppedDown = false;
    a.onChange(() => (steppedDown ||= !a.leading));
    a.start();
    await until(() => a.leading, 'a leading');
    const held = (await read())!;
    const edited = await t.cluster.replace({ ...held, metadata: { ...held.metadata, annotations: { note: 'edited' } } });
    // The port refuses a write from the stale version.
    const stale = await t.cluster.replace({ ...held, spec: { ...held.spec, holderIdentity: 'intruder' } }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(KubeApiError);
    expect((stale as KubeApiError).code).toBe(409);
    // The leader's next renewal is built on the edited object.
    await until(async () => {
      const now = (await read())!;
      return now.metadata.resourceVersion !== edited.metadata.resourceVersion && now.metadata.annotations?.note === 'edited' ? now : undefined;
    }, 'a renewal after the edit');
    expect((await read())!.spec.holderIdentity).toBe('replica-a');
    expect(a.leading).toBe(true);
    expect(steppedDown).toBe(false);
  });

  it('GIVEN a cluster that forbids Leases THEN the candidate leads without an election (fallback)', async () => {
    t.sandbox.faults.set({ api: [{ match: { resource: 'leases', namespace: 'fenced' }, error: { code: 403, message: 'leases are forbidden' } }] });
    try {
      const a = candidate('replica-a', FAST, 'fenced');
      a.start();
      await until(() => a.leading, 'a leading in fallback');
      expect(a.fallback).toBe(true);
      expect(a.cutOff).toBe(false);
    } finally {
      t.sandbox.faults.set({});
    }
  });
});
