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

describe('defaults of other kinds, as the v1 SetDefaults_* functions give them', () => {
  const setup = () => {
    const reg = createResourceRegistry();
    const store = createObjectStore(reg);
    store.create(reg.byKind('v1', 'Namespace')!, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'd' } });
    const create = (apiVersion: string, kind: string, name: string, body: Record<string, unknown>) =>
      store.create(reg.byKind(apiVersion, kind)!, { apiVersion, kind, metadata: { name, namespace: 'd' }, ...body }) as Record<string, any>;
    return create;
  };
  const tpl = { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'busybox:1', env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }], volumes: [{ name: 'scratch' }, { name: 's', secret: { secretName: 's' } }, { name: 'h', hostPath: { path: '/x' } }] } };

  it('fills an HPA (v2) metric and minReplicas, and a given behavior completely', () => {
    const create = setup();
    const target = { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 4 };
    const bare = create('autoscaling/v2', 'HorizontalPodAutoscaler', 'bare', { spec: target });
    expect(bare.spec.minReplicas).toBe(1);
    expect(bare.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    expect(bare.spec.behavior).toBeUndefined();
    const tuned = create('autoscaling/v2', 'HorizontalPodAutoscaler', 'tuned', { spec: { ...target, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } });
    expect(tuned.spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
  });

  it('gives a NetworkPolicy its policy types and port protocols', () => {
    const create = setup();
    const np = create('networking.k8s.io/v1', 'NetworkPolicy', 'np', { spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }], egress: [{}] } });
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress[0].ports[0]).toEqual({ port: 80, protocol: 'TCP' });
  });

  it('defaults StatefulSet claim templates and pod template volumes, env field refs', () => {
    const create = setup();
    const sts = create('apps/v1', 'StatefulSet', 'db', {
      spec: { serviceName: 'db', selector: { matchLabels: { app: 'a' } }, template: tpl, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] },
    });
    expect(sts.spec.volumeClaimTemplates[0].spec.volumeMode).toBe('Filesystem');
    expect(sts.spec.volumeClaimTemplates[0].status).toEqual({ phase: 'Pending' });
    expect(sts.spec.template.spec.volumes).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 's', secret: { secretName: 's', defaultMode: 420 } },
      { name: 'h', hostPath: { path: '/x', type: '' } },
    ]);
    expect(sts.spec.template.spec.containers[0].env[0].valueFrom.fieldRef).toEqual({ apiVersion: 'v1', fieldPath: 'metadata.name' });
  });

  it('leaves a Job with completions alone in parallelism 1 and a headless Service without selector RequireDualStack', () => {
    const create = setup();
    const job = create('batch/v1', 'Job', 'j', { spec: { parallelism: 3, template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never' } } } });
    expect(job.spec.parallelism).toBe(3);
    expect(job.spec.completions).toBeUndefined();
    const headless = create('v1', 'Service', 'h', { spec: { clusterIP: 'None', ports: [{ port: 5432 }] } });
    expect(headless.spec).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'], ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4'] });
  });

  it('fills a Container LimitRange item from max and default, and host ports of a hostNetwork pod', () => {
    const create = setup();
    const lr = create('v1', 'LimitRange', 'lr', { spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }, { type: 'Pod', max: { cpu: '4' } }] } });
    expect(lr.spec.limits[0]).toEqual({ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '64Mi' } });
    expect(lr.spec.limits[1]).toEqual({ type: 'Pod', max: { cpu: '4' } });
    const pod = create('v1', 'Pod', 'host', { spec: { hostNetwork: true, containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: 8080 }] }] } });
    expect(pod.spec.containers[0].ports).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }]);
  });
});
