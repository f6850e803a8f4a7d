/**
 * @kubernetes/client-node against the sandbox: typed APIs, the generic KubernetesObjectApi,
 * Watch, and an informer that relists after a forced 410.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';

let cluster: Sandbox;
let config: k8s.KubeConfig;

beforeAll(async () => {
  cluster = await startSandbox();
  config = new k8s.KubeConfig();
  config.loadFromString(cluster.kubeconfig);
});
afterAll(async () => {
  await cluster?.stop();
});

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('typed APIs', () => {
  it('lists namespaces and manages ConfigMaps and Deployments', async () => {
    const core = config.makeApiClient(k8s.CoreV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system']));
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'typed' }, data: { a: '1' } } });
    const read = await core.readNamespacedConfigMap({ name: 'typed', namespace: 'default' });
    expect(read.data).toEqual({ a: '1' });
    await expect(core.readNamespacedConfigMap({ name: 'absent', namespace: 'default' })).rejects.toMatchObject({ code: 404 });

    const apps = config.makeApiClient(k8s.AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
        },
      },
    });
    expect((await apps.readNamespacedDeploymentScale({ name: 'web', namespace: 'default' })).spec?.replicas).toBe(1);
    // The deployment controller writes status concurrently, so a read-modify-write of the scale
    // may meet a 409 Conflict; re-read and retry, as client-go's RetryOnConflict does.
    for (let attempt = 1; ; attempt++) {
      const scale = await apps.readNamespacedDeploymentScale({ name: 'web', namespace: 'default' });
      try {
        await apps.replaceNamespacedDeploymentScale({ name: 'web', namespace: 'default', body: { ...scale, spec: { replicas: 3 } } });
        break;
      } catch (error) {
        if ((error as { code?: number }).code !== 409 || attempt === 5) throw error;
      }
    }
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).spec?.replicas).toBe(3);
  });
});

describe('KubernetesObjectApi', () => {
  it('creates, reads, patches and deletes through discovery', async () => {
    const objects = k8s.KubernetesObjectApi.makeApiClient(config);
    const spec = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'generic', namespace: 'default' }, stringData: { k: 'v' } };
    await objects.create(spec);
    const read = await objects.read({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'generic', namespace: 'default' } });
    expect(read.metadata?.name).toBe('generic');
    const patched = await objects.patch(
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'generic', namespace: 'default', labels: { patched: 'yes' } } },
      undefined,
      undefined,
      undefined,
      undefined,
      k8s.PatchStrategy.MergePatch,
    );
    expect(patched.metadata?.labels).toEqual({ patched: 'yes' });
    await objects.delete({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'generic', namespace: 'default' } });
    await expect(objects.read({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'generic', namespace: 'default' } })).rejects.toMatchObject({ code: 404 });
  });
});

describe('Watch and informers', () => {
  it('delivers watch events', async () => {
    const seen: string[] = [];
    const watch = new k8s.Watch(config);
    const request = await watch.watch('/api/v1/namespaces/default/configmaps', { labelSelector: 'w=yes' }, (type, obj) => seen.push(`${type} ${obj.metadata.name}`), () => {});
    const core = config.makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'watched', labels: { w: 'yes' } } } });
    await until(() => seen.includes('ADDED watched'));
    await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'default' });
    await until(() => seen.includes('DELETED watched'));
    request.abort();
  });

  it('keeps an informer in sync, relisting after a forced 410', async () => {
    const core = config.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(config, '/api/v1/namespaces/kube-public/configmaps', () => core.listNamespacedConfigMap({ namespace: 'kube-public' }));
    const added: string[] = [];
    informer.on('add', (o) => added.push(o.metadata!.name!));
    informer.on('error', () => setTimeout(() => void informer.start(), 50));
    await informer.start();
    await core.createNamespacedConfigMap({ namespace: 'kube-public', body: { metadata: { name: 'inf-1' } } });
    await until(() => added.includes('inf-1'));
    cluster.faults.set({ api: [{ match: { verb: 'watch', resource: 'configmaps' }, dropWatchAfterMs: 0, times: 1 }, { match: { verb: 'watch', resource: 'configmaps' }, expireNextWatches: 1 }] });
    await core.createNamespacedConfigMap({ namespace: 'kube-public', body: { metadata: { name: 'inf-2' } } });
    await until(() => added.includes('inf-2') && informer.list().length >= 2, 10_000);
    cluster.faults.set({});
    await informer.stop();
  });
});
