/**
 * Health of real objects, from a sandbox running its simulated controllers and kubelet.
 */
import { assessComponent, type HealthStatus } from '@berth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterConnection, KubeObject } from '../../src/kube/index.js';
import { deployment, eventually, startTestCluster, type TestCluster } from './sandbox-fixture.js';

const NS = 'shop-live';

async function componentHealth(cluster: ClusterConnection, name: string) {
  const selector = { namespace: NS, labelSelector: `berth.dev/component=${name}` };
  const [deployments, pods] = await Promise.all([
    cluster.list({ apiVersion: 'apps/v1', kind: 'Deployment' }, selector),
    cluster.list({ apiVersion: 'v1', kind: 'Pod' }, selector),
  ]);
  return assessComponent(deployments.items, pods.items);
}

describe('live health against a sandbox with controllers', () => {
  let t: TestCluster;
  beforeAll(async () => {
    t = await startTestCluster({
      faults: { pods: [{ match: { image: '*:does-not-exist' }, fault: 'ErrImagePull' }] },
    });
    await t.cluster.ensureNamespace(NS);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a Deployment rollout moves from Progressing to Healthy', async () => {
    const seen: HealthStatus[] = [];
    const deployments = t.cluster.watch({ apiVersion: 'apps/v1', kind: 'Deployment' }, { namespace: NS });
    deployments.on('update', () => undefined);
    await deployments.start();
    await t.cluster.apply([deployment('web', NS, 'ghcr.io/acme/shop:1.4.0', 2)]);
    const final = await eventually(
      async () => {
        const health = await componentHealth(t.cluster, 'web');
        if (seen.at(-1) !== health.status) seen.push(health.status);
        return health.status === 'Healthy' ? health : undefined;
      },
      30_000,
      'web to become Healthy',
    );
    expect(final.status).toBe('Healthy');
    expect(seen[0]).toBe('Progressing');
    expect(deployments.get('web', NS)).toBeDefined();
    deployments.stop();
  });

  it('a pod in ImagePullBackOff makes its component Degraded with the reason and the image', async () => {
    await t.cluster.apply([deployment('broken', NS, 'ghcr.io/acme/shop:does-not-exist')]);
    const health = await eventually(
      async () => {
        const h = await componentHealth(t.cluster, 'broken');
        return h.status === 'Degraded' && h.reason === 'ImagePullBackOff' ? h : undefined;
      },
      30_000,
      'ImagePullBackOff',
    );
    expect(health.message).toContain('ghcr.io/acme/shop:does-not-exist');
    expect(health.source?.kind).toBe('Pod');
  });

  it('streams the logs of a running pod', async () => {
    const pod = await eventually(
      async () => {
        const { items } = await t.cluster.list(
          { apiVersion: 'v1', kind: 'Pod' },
          { namespace: NS, labelSelector: 'berth.dev/component=web' },
        );
        return items.find((p: KubeObject) => (p.status as { phase?: string }).phase === 'Running');
      },
      30_000,
      'a running pod',
    );
    const lines: string[] = [];
    for await (const line of t.cluster.podLogs(NS, pod.metadata.name, { container: 'web', tailLines: 5 }))
      lines.push(line);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(5);

    const controller = new AbortController();
    const followed: string[] = [];
    for await (const line of t.cluster.podLogs(NS, pod.metadata.name, {
      container: 'web',
      tailLines: 1,
      follow: true,
      signal: controller.signal,
    })) {
      followed.push(line);
      if (followed.length >= 2) controller.abort();
    }
    expect(followed.length).toBeGreaterThanOrEqual(2);
  });

  it('lists events about an object', async () => {
    const events = await eventually(
      async () => {
        const e = await t.cluster.events(NS, { kind: 'Deployment', name: 'web' });
        return e.length > 0 ? e : undefined;
      },
      10_000,
      'events',
    );
    expect(events[0]).toMatchObject({ kind: 'Event', involvedObject: { kind: 'Deployment', name: 'web' } });
  });
});
