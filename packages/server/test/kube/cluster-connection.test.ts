import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClusterUnreachableError,
  KubeApiError,
  connectToCluster,
  type KubeObject,
} from '../../src/kube/index.js';
import { deployment, eventually, startTestCluster, type TestCluster } from './sandbox-fixture.js';

const NS = 'shop-dev';
const configMap = (name: string, data: Record<string, string>, component = 'web'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: NS, labels: { 'berth.dev/app': 'shop', 'berth.dev/component': component } },
  data,
});

describe('ClusterConnection against a sandbox cluster', () => {
  let t: TestCluster;
  beforeAll(async () => {
    t = await startTestCluster();
    await t.cluster.ensureNamespace(NS, { 'berth.dev/workspace': 'retail' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers version and lists namespaces, including the one it ensured (idempotently)', async () => {
    expect((await t.cluster.version()).major).toBe('1');
    const again = await t.cluster.ensureNamespace(NS, { 'berth.dev/workspace': 'retail' });
    expect(again.metadata.labels).toMatchObject({ 'berth.dev/workspace': 'retail' });
    const namespaces = await t.cluster.listNamespaces();
    expect(namespaces.find((n) => n.name === NS)?.labels).toMatchObject({ 'berth.dev/workspace': 'retail' });
  });

  it('server-side applies: creates, re-applies without change, updates on change', async () => {
    const web = deployment('web', NS, 'ghcr.io/acme/shop:1.4.0', 2);
    const [created] = await t.cluster.apply([web]);
    expect(created).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', generation: 1 },
    });
    expect(typeof created!.metadata.creationTimestamp).toBe('string'); // plain JSON, not Date objects
    expect(
      (created!.metadata.managedFields as Array<{ manager: string }>).some((m) => m.manager === 'berth'),
    ).toBe(true);

    // Re-applying the same spec is a no-op for the spec: generation stays (the controllers may
    // still write status in between, so resourceVersion is not a stable witness).
    const [same] = await t.cluster.apply([web]);
    expect(same!.metadata.generation).toBe(1);

    const changed = deployment('web', NS, 'ghcr.io/acme/shop:1.5.0', 2);
    const [updated] = await t.cluster.apply([changed]);
    expect(updated!.metadata.generation).toBe(2);
    const live = await t.cluster.get({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      namespace: NS,
    });
    expect(
      (live!.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec
        .containers[0]!.image,
    ).toBe('ghcr.io/acme/shop:1.5.0');
  });

  it('applies in dependency order and returns results in the order given', async () => {
    const objects = [
      deployment('worker', NS, 'ghcr.io/acme/worker:1'),
      configMap('worker-settings', { a: '1' }, 'worker'),
    ];
    const results = await t.cluster.apply(objects);
    expect(results.map((o) => o.kind)).toEqual(['Deployment', 'ConfigMap']);
  });

  it('dry-run applies validate without persisting', async () => {
    await t.cluster.apply([configMap('dry', { a: '1' })], { dryRun: true });
    expect(
      await t.cluster.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'dry', namespace: NS }),
    ).toBeUndefined();
  });

  it('reports an invalid object with the API server reason', async () => {
    const bad = {
      ...configMap('Not_A_Name', {}),
      metadata: { ...configMap('x', {}).metadata, name: 'Not_A_Name' },
    };
    const err = await t.cluster.apply([bad]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect((err as KubeApiError).code).toBe(422);
    expect((err as KubeApiError).reason).toBe('Invalid');
  });

  it('lists by label selector across pages, with apiVersion and kind on every item', async () => {
    await t.cluster.apply([
      configMap('a-1', { v: '1' }, 'alpha'),
      configMap('a-2', { v: '2' }, 'alpha'),
      configMap('b-1', { v: '3' }, 'beta'),
    ]);
    const small = connectToCluster(t.sandbox.kubeconfig, { pageSize: 1 });
    const { items, resourceVersion } = await small.list(
      { apiVersion: 'v1', kind: 'ConfigMap' },
      { namespace: NS, labelSelector: 'berth.dev/component=alpha' },
    );
    expect(items.map((i) => i.metadata.name).sort()).toEqual(['a-1', 'a-2']);
    expect(items.every((i) => i.apiVersion === 'v1' && i.kind === 'ConfigMap')).toBe(true);
    expect(resourceVersion).not.toBe('');
  });

  it('gets undefined for a missing object and false when deleting one', async () => {
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'nothing-here', namespace: NS };
    expect(await t.cluster.get(ref)).toBeUndefined();
    expect(await t.cluster.delete(ref)).toBe(false);
  });

  it('prunes the objects the new render no longer has, and only those Berth applied', async () => {
    const app = 'berth.dev/app=prune-demo';
    const labels = { 'berth.dev/app': 'prune-demo' };
    const cm = (name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: NS, labels },
      data: {},
    });
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'old-svc', namespace: NS, labels },
      spec: { ports: [{ port: 80 }], selector: labels },
    };
    await t.cluster.apply([cm('keep-me'), cm('drop-me'), svc]);
    // Same labels, created by someone else (like a PVC from a StatefulSet's claim template).
    await t.cluster.apply([cm('not-ours')], { fieldManager: 'kube-controller-manager' });

    const deleted = await t.cluster.prune(NS, app, [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'keep-me', namespace: NS },
    ]);
    expect(deleted.map((r) => `${r.kind}/${r.name}`).sort()).toEqual([
      'ConfigMap/drop-me',
      'Service/old-svc',
    ]);
    const left = await t.cluster.list(
      { apiVersion: 'v1', kind: 'ConfigMap' },
      { namespace: NS, labelSelector: app },
    );
    expect(left.items.map((i) => i.metadata.name).sort()).toEqual(['keep-me', 'not-ours']);
  });

  it('watch sees ADDED, MODIFIED and DELETED', async () => {
    const informer = t.cluster.watch(
      { apiVersion: 'v1', kind: 'ConfigMap' },
      { namespace: NS, labelSelector: 'berth.dev/component=watched' },
    );
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`add ${o.metadata.name}`));
    informer.on('update', (o) =>
      seen.push(`update ${o.metadata.name} ${(o.data as Record<string, string>).v}`),
    );
    informer.on('delete', (o) => seen.push(`delete ${o.metadata.name}`));
    await informer.start();
    await t.cluster.apply([configMap('w', { v: '1' }, 'watched')]);
    await eventually(async () => (seen.includes('add w') ? true : undefined), 10_000, 'ADDED');
    await t.cluster.apply([configMap('w', { v: '2' }, 'watched')]);
    await eventually(async () => (seen.includes('update w 2') ? true : undefined), 10_000, 'MODIFIED');
    await t.cluster.delete({ apiVersion: 'v1', kind: 'ConfigMap', name: 'w', namespace: NS });
    await eventually(async () => (seen.includes('delete w') ? true : undefined), 10_000, 'DELETED');
    expect(informer.get('w', NS)).toBeUndefined();
    expect(informer.list()).toEqual([]);
    informer.stop();
  });

  it('relists after the API server answers a watch with 410 Gone', async () => {
    await t.cluster.apply([configMap('before', { v: '1' }, 'expiring')]);
    t.sandbox.faults.set({
      api: [{ match: { verb: 'watch', resource: 'configmaps' }, expireNextWatches: 1 }],
    });
    const informer = t.cluster.watch(
      { apiVersion: 'v1', kind: 'ConfigMap' },
      { namespace: NS, labelSelector: 'berth.dev/component=expiring' },
    );
    let synced = 0;
    const errors: Error[] = [];
    informer.on('synced', () => synced++);
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    await eventually(async () => (synced >= 2 ? true : undefined), 10_000, 'a relist');
    t.sandbox.faults.set({});
    await t.cluster.apply([configMap('after', { v: '1' }, 'expiring')]);
    await eventually(async () => informer.get('after', NS), 10_000, 'events after the relist');
    expect(
      informer
        .list()
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['after', 'before']);
    expect(errors).toEqual([]);
    informer.stop();
  });

  it('reports a cluster it cannot reach as ClusterUnreachableError', async () => {
    const gone = connectToCluster(t.sandbox.kubeconfig.replace(/server: .*/, 'server: http://127.0.0.1:1'), {
      requestTimeoutMs: 2_000,
    });
    await expect(gone.version()).rejects.toBeInstanceOf(ClusterUnreachableError);
  });
});
