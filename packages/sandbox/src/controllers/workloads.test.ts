import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/types.js';
import { pod, testCluster, type TestCluster } from './test-cluster.js';

let c: TestCluster;
afterEach(() => c?.stop());

const st = (o: KubeObject | undefined) => (o?.status ?? {}) as Record<string, unknown> & { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
const job = (name: string, spec: Record<string, unknown> = {}, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'default' },
  spec: { backoffLimit: 2, ...spec, template: { metadata: annotations ? { annotations } : {}, spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'acme/migrate:1' }] } } },
});

describe('job controller', () => {
  it('runs pods to completion: Complete with SuccessCriteriaMet, counts and times', () => {
    c = testCluster();
    c.create(job('migrate', { completions: 2, parallelism: 1 }));
    c.run(10_000);
    const j = c.get('batch/v1', 'Job', 'default', 'migrate');
    expect(st(j)).toMatchObject({ succeeded: 2 });
    expect(st(j).completionTime).toBeTruthy();
    expect(st(j).conditions?.map((x) => [x.type, x.status, x.reason])).toEqual([
      ['SuccessCriteriaMet', 'True', 'CompletionsReached'],
      ['Complete', 'True', 'CompletionsReached'],
    ]);
    const pods = c.list('v1', 'Pod', 'default', 'job-name=migrate');
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => st(p).phase === 'Succeeded')).toBe(true);
  });

  it('fails after backoffLimit failed pods', () => {
    c = testCluster({ faults: { pods: [{ match: { image: 'acme/migrate:*' }, fault: 'Fail' }] } });
    c.create(job('migrate'));
    c.run(20_000);
    const j = c.get('batch/v1', 'Job', 'default', 'migrate');
    expect(st(j).failed).toBe(3);
    expect(st(j).conditions?.find((x) => x.type === 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(st(j).conditions?.find((x) => x.type === 'FailureTarget')?.status).toBe('True');
  });

  it('fails with DeadlineExceeded after activeDeadlineSeconds', () => {
    c = testCluster();
    c.create(job('slow', { activeDeadlineSeconds: 5 }, { 'sandbox.berth.dev/run-for': '1m' }));
    c.run(8_000);
    const j = c.get('batch/v1', 'Job', 'default', 'slow');
    expect(st(j).conditions?.find((x) => x.type === 'Failed')).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
  });
});

describe('kubelet faults', () => {
  it('image pull failure: ErrImagePull then ImagePullBackOff with the kubelet message and events', () => {
    c = testCluster({ faults: { pods: [{ match: { image: 'acme/*:nope' }, fault: 'ErrImagePull' }] } });
    c.create(pod('p', { containers: [{ name: 'app', image: 'acme/web:nope' }] }));
    c.run(3000);
    const cs = (st(c.get('v1', 'Pod', 'default', 'p')).containerStatuses as { state: { waiting?: { reason: string; message?: string } } }[])[0]!;
    expect(cs.state.waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "acme/web:nope"' });
    expect(st(c.get('v1', 'Pod', 'default', 'p')).phase).toBe('Pending');
    const reasons = c.events('default', 'p').map((e) => `${e.reason}:${e.message}`);
    expect(reasons).toContain('BackOff:Back-off pulling image "acme/web:nope"');
    expect(reasons).toContain('Failed:Error: ErrImagePull');
  });

  it('crash loop: restartCount grows with back-off, lastState terminated Error exit 1, and the logs show the error', () => {
    c = testCluster({ faults: { pods: [{ match: { labelSelector: 'app=crashy' }, fault: 'CrashLoopBackOff' }] } });
    c.create(pod('p', {}, { labels: { app: 'crashy' } }));
    c.run(40_000, 500);
    const s = st(c.get('v1', 'Pod', 'default', 'p'));
    const cs = (s.containerStatuses as { restartCount: number; ready: boolean; state: Record<string, { reason?: string; message?: string }>; lastState: { terminated?: { exitCode: number; reason: string } } }[])[0]!;
    expect(cs.restartCount).toBeGreaterThanOrEqual(3);
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(s.phase).toBe('Running');
    const logs = c.cluster.podLogs('default', 'p', { previous: true });
    expect(logs.ok && logs.text).toContain('exiting with code 1');
    c.run(30_000, 500);
    const later = (st(c.get('v1', 'Pod', 'default', 'p')).containerStatuses as { state: Record<string, { reason?: string; message?: string }> }[])[0]!;
    const waiting = later.state.waiting ?? { reason: 'CrashLoopBackOff' };
    expect(waiting.reason).toBe('CrashLoopBackOff');
    expect(c.events('default', 'p').some((e) => e.reason === 'BackOff' && String(e.message).startsWith('Back-off restarting failed container app in pod p_default('))).toBe(true);
  });

  it('OOM kill: terminated reason OOMKilled exit 137', () => {
    c = testCluster({ faults: { pods: [{ match: { name: 'hog*' }, fault: 'OOMKilled' }] } });
    c.create(pod('hog-1'));
    c.run(5000);
    const cs = (st(c.get('v1', 'Pod', 'default', 'hog-1')).containerStatuses as { lastState: { terminated?: { exitCode: number; reason: string } } }[])[0]!;
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('a healthy pod: Running, Ready, pod IP from the node CIDR, kubelet events in order', () => {
    c = testCluster();
    c.create(pod('p'));
    c.run(3000);
    const p = c.get('v1', 'Pod', 'default', 'p')!;
    const s = st(p);
    expect(s.phase).toBe('Running');
    expect(s.podIP).toMatch(/^10\.128\.\d+\.\d+$/);
    expect(s.hostIP).toMatch(/^172\.18\./);
    expect(s.qosClass).toBe('BestEffort');
    expect(s.conditions?.map((x) => `${x.type}=${x.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    expect(c.events('default', 'p').map((e) => e.reason)).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
    const logs = c.cluster.podLogs('default', 'p', { tailLines: 1 });
    expect(logs).toEqual({ ok: true, text: 'listening on :8080\n' });
    // Graceful deletion: the kubelet removes the pod.
    c.store.delete(c.type('v1', 'Pod'), 'default', 'p');
    expect(c.get('v1', 'Pod', 'default', 'p')?.metadata.deletionTimestamp).toBeTruthy();
    c.run(2000);
    expect(c.get('v1', 'Pod', 'default', 'p')).toBeUndefined();
  });
});

describe('statefulset, daemonset, services, namespaces', () => {
  it('StatefulSet creates web-0, web-1, web-2 in order, each after the previous is Ready, with PVCs bound', () => {
    c = testCluster();
    c.create({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        replicas: 3,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'redis:7' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    });
    c.run(200);
    expect(c.list('v1', 'Pod', 'default').map((p) => p.metadata.name)).toEqual(['db-0']);
    c.run(10_000);
    expect(c.list('v1', 'Pod', 'default').map((p) => p.metadata.name).sort()).toEqual(['db-0', 'db-1', 'db-2']);
    const pvcs = c.list('v1', 'PersistentVolumeClaim', 'default');
    expect(pvcs.map((p) => p.metadata.name).sort()).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    expect(pvcs.every((p) => st(p).phase === 'Bound')).toBe(true);
    const s = st(c.get('apps/v1', 'StatefulSet', 'default', 'db'));
    expect(s).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
    expect(s.currentRevision).toBe(s.updateRevision);
  });

  it('DaemonSet runs on the edge pool only when it tolerates the edge taint', () => {
    c = testCluster({ fleet: { pools: [{ name: 'core', count: 2 }, { name: 'edge', count: 3, taints: [{ key: 'edge', effect: 'NoSchedule' }] }] } });
    const ds = (name: string, tolerations: unknown[]): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, namespace: 'default' },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { tolerations, containers: [{ name: 'agent', image: 'agent:1' }] } } },
    });
    c.create(ds('plain', []));
    c.create(ds('everywhere', [{ key: 'edge', operator: 'Exists', effect: 'NoSchedule' }]));
    c.run(5000);
    expect(st(c.get('apps/v1', 'DaemonSet', 'default', 'plain'))).toMatchObject({ desiredNumberScheduled: 2, numberReady: 2 });
    expect(st(c.get('apps/v1', 'DaemonSet', 'default', 'everywhere'))).toMatchObject({ desiredNumberScheduled: 5, numberReady: 5, currentNumberScheduled: 5 });
  });

  it('Endpoints and EndpointSlices list ready pods, not-ready ones apart; Services get a ClusterIP', () => {
    c = testCluster();
    c.create(pod('a', {}, { labels: { app: 'web' } }));
    c.create(pod('b', {}, { labels: { app: 'web' }, annotations: { 'sandbox.berth.dev/ready-after': '1h' } }));
    c.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } });
    c.run(3000);
    const svc = c.get('v1', 'Service', 'default', 'web')!;
    expect((svc.spec as { clusterIP?: string }).clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\./);
    const ep = c.get('v1', 'Endpoints', 'default', 'web')!;
    const subset = (ep.subsets as { addresses?: { targetRef: { name: string } }[]; notReadyAddresses?: { targetRef: { name: string } }[]; ports: { port: number }[] }[])[0]!;
    expect(subset.addresses?.map((a) => a.targetRef.name)).toEqual(['a']);
    expect(subset.notReadyAddresses?.map((a) => a.targetRef.name)).toEqual(['b']);
    expect(subset.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    const [slice] = c.list('discovery.k8s.io/v1', 'EndpointSlice', 'default', 'kubernetes.io/service-name=web');
    expect((slice!.endpoints as unknown[]).length).toBe(2);
  });

  it('every namespace gets the default ServiceAccount and kube-root-ca.crt', () => {
    c = testCluster();
    c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    c.run(100);
    expect(c.get('v1', 'ServiceAccount', 'shop', 'default')).toBeTruthy();
    expect((c.get('v1', 'ConfigMap', 'shop', 'kube-root-ca.crt')?.data as Record<string, string>)['ca.crt']).toContain('BEGIN CERTIFICATE');
  });

  it('ResourceQuota reports usage and refuses a pod over the limit', () => {
    c = testCluster();
    c.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute', namespace: 'default' }, spec: { hard: { pods: '2', 'requests.cpu': '1' } } });
    c.create(pod('a', { containers: [{ name: 'app', image: 'x', resources: { requests: { cpu: '600m' } } }] }));
    c.run(1000);
    expect(st(c.get('v1', 'ResourceQuota', 'default', 'compute')).used).toEqual({ pods: '1', 'requests.cpu': '600m' });
    const check = c.cluster.checkQuota('default', pod('b', { containers: [{ name: 'app', image: 'x', resources: { requests: { cpu: '500m' } } }] }));
    expect(check).toEqual({ allowed: false, message: 'exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1' });
  });
});
