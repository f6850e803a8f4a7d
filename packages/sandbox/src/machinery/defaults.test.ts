import { describe, expect, it } from 'vitest';
import { createResourceRegistry } from '../resources/registry.js';
import { createObjectStore } from '../store/memory-store.js';

describe('defaults on create', () => {
  it('fills Deployment, pod template and container defaults like the apiserver', () => {
    const reg = createResourceRegistry();
    const store = createObjectStore(reg);
    store.create(reg.byResource('', 'v1', 'namespaces')!, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    const d = store.create(reg.byResource('apps', 'v1', 'deployments')!, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    });
    const spec = d.spec as Record<string, any>;
    expect(spec.replicas).toBe(1);
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(spec.template.spec.restartPolicy).toBe('Always');
    expect(spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
  });

  it('allocates a Service clusterIP and keeps it on an update that omits it', () => {
    const reg = createResourceRegistry();
    const store = createObjectStore(reg);
    store.create(reg.byResource('', 'v1', 'namespaces')!, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    const svcs = reg.byResource('', 'v1', 'services')!;
    const s = store.create(svcs, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    const ip = (s.spec as { clusterIP: string }).clusterIP;
    expect(ip).toMatch(/^10\.96\.\d+\.\d+$/);
    expect((s.spec as { ports: unknown[] }).ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    const u = store.update(svcs, { ...s, spec: { ports: [{ port: 81 }] } });
    expect((u.spec as { clusterIP: string }).clusterIP).toBe(ip);
  });
});

describe('Secret stringData', () => {
  it('is merged into data as base64, wins over the same key, and is not stored', () => {
    const registry = createResourceRegistry();
    const store = createObjectStore(registry);
    const ns = registry.byKind('v1', 'Namespace')!;
    store.create(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } });
    const secrets = registry.byKind('v1', 'Secret')!;
    const created = store.create(secrets, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'app' },
      data: { user: Buffer.from('old').toString('base64'), keep: 'a2VlcA==' },
      stringData: { user: 'admin', password: 's3cret' },
    });
    expect(created.stringData).toBeUndefined();
    expect(created.data).toEqual({ user: 'YWRtaW4=', keep: 'a2VlcA==', password: 'czNjcmV0' });
  });
});
