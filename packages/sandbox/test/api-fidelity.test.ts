/**
 * Answers compared with a real kube-apiserver's: defaults on create, the shape of list items and
 * delete answers, and the exact messages of 400, 415 and 422 errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';

let cluster: Sandbox;

async function call(method: string, path: string, body?: unknown, contentType = 'application/json') {
  const res = await fetch(`${cluster.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${cluster.adminToken}`,
      ...(body !== undefined ? { 'content-type': contentType } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) };
}

const ns = '/api/v1/namespaces/fidelity';
const apps = '/apis/apps/v1/namespaces/fidelity';
const container = {
  name: 'web',
  image: 'nginx:1.25',
  resources: { limits: { cpu: '500m' } },
  readinessProbe: { httpGet: { port: 80 } },
};
const deployment = (name: string, labels: Record<string, string>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: { containers: [container] } },
  },
});

beforeAll(async () => {
  cluster = await startSandbox({ nodes: 0, simulation: false });
  await call('POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'fidelity' },
  });
});
afterAll(async () => {
  await cluster?.stop();
});

describe('defaults on create', () => {
  it('gives a Pod the Pod-only defaults and admission fields, a pod template neither', async () => {
    const pod = (
      await call('POST', `${ns}/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [container] },
      })
    ).json;
    expect(pod.spec).toMatchObject({
      enableServiceLinks: true,
      serviceAccountName: 'default',
      serviceAccount: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    expect(pod.spec.containers[0].resources).toEqual({ limits: { cpu: '500m' }, requests: { cpu: '500m' } });
    expect(pod.spec.containers[0].readinessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    // The ServiceAccount admission's fields are not the creator's.
    expect(JSON.stringify(pod.metadata.managedFields)).not.toContain('serviceAccount');

    const d = (await call('POST', `${apps}/deployments`, deployment('web', { app: 'web' }))).json;
    const tpl = d.spec.template.spec;
    expect(tpl).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      securityContext: {},
    });
    for (const field of [
      'enableServiceLinks',
      'serviceAccountName',
      'serviceAccount',
      'priority',
      'preemptionPolicy',
    ])
      expect(tpl).not.toHaveProperty(field);
    expect(tpl.containers[0].resources).toEqual({ limits: { cpu: '500m' } });
    expect(tpl.containers[0].readinessProbe.periodSeconds).toBe(10);
    expect(d.status).toEqual({});
  });

  it('generates a Job selector and labels, and defaults its policies', async () => {
    const job = (
      await call('POST', '/apis/batch/v1/namespaces/fidelity/jobs', {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'once' },
        spec: {
          template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never' } },
        },
      })
    ).json;
    const uid = job.metadata.uid;
    const generated = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'once',
      'controller-uid': uid,
      'job-name': 'once',
    };
    expect(job.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect(job.spec.template.metadata.labels).toEqual(generated);
    expect(job.metadata.labels).toEqual(generated);
    expect(job.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
    expect(job.spec).not.toHaveProperty('manualSelector');
    expect(job.status).toEqual({});
  });

  it('allocates node ports and traffic policies of a LoadBalancer Service, and gives it an empty status', async () => {
    const svc = (
      await call('POST', `${ns}/services`, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'lb' },
        spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] },
      })
    ).json;
    expect(svc.spec).toMatchObject({
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
    expect(svc.spec.ports[0]).toMatchObject({ port: 80, protocol: 'TCP', targetPort: 80 });
    expect(svc.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(svc.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
    expect(svc.status).toEqual({ loadBalancer: {} });
    // An update that omits the node port keeps it.
    const { nodePort: _n, ...port } = svc.spec.ports[0];
    const updated = (await call('PUT', `${ns}/services/lb`, { ...svc, spec: { ...svc.spec, ports: [port] } }))
      .json;
    expect(updated.spec.ports[0].nodePort).toBe(svc.spec.ports[0].nodePort);
  });

  it('gives an Ingress the default IngressClass, a PersistentVolume its reclaim policy and mode', async () => {
    await call('POST', '/apis/networking.k8s.io/v1/ingressclasses', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      spec: { controller: 'k8s.io/ingress-nginx' },
    });
    const backend = { service: { name: 'web', port: { number: 80 } } };
    const ing = (
      await call('POST', '/apis/networking.k8s.io/v1/namespaces/fidelity/ingresses', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'web' },
        spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] },
      })
    ).json;
    expect(ing.spec.ingressClassName).toBe('nginx');
    expect(ing.status).toEqual({ loadBalancer: {} });
    const pv = (
      await call('POST', '/api/v1/persistentvolumes', {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'pv1' },
        spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } },
      })
    ).json;
    expect(pv.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' });
    expect(pv.status).toEqual({ phase: 'Pending' });
  });
});

describe('list and delete answers', () => {
  it('lists built-in items without apiVersion and kind', async () => {
    await call('POST', `${ns}/configmaps`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'listed' },
      data: { a: '1' },
    });
    const list = (await call('GET', `${ns}/configmaps`)).json;
    expect(list).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1' });
    expect(list.items.length).toBeGreaterThan(0);
    for (const item of list.items) {
      expect(item).not.toHaveProperty('kind');
      expect(item).not.toHaveProperty('apiVersion');
    }
    const pretty = (await call('GET', `${ns}/configmaps?pretty=true`)).json;
    expect(pretty.items[0]).not.toHaveProperty('kind');
  });

  it('answers a completed delete with a Status for most kinds, with the object for pods and services', async () => {
    const cm = (
      await call('POST', `${ns}/configmaps`, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'gone' },
      })
    ).json;
    const deleted = await call('DELETE', `${ns}/configmaps/gone`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'gone', kind: 'configmaps', uid: cm.metadata.uid },
    });
    await call('POST', `${apps}/deployments`, deployment('short', { app: 'short' }));
    expect((await call('DELETE', `${apps}/deployments/short`)).json.details).toMatchObject({
      name: 'short',
      group: 'apps',
      kind: 'deployments',
    });
    const pod = await call('DELETE', `${ns}/pods/p`);
    expect(pod.json).toMatchObject({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p' } });
  });

  it('answers a namespace delete with the namespace, Terminating, with a deletionTimestamp only', async () => {
    await call('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'doomed' },
    });
    const res = await call('DELETE', '/api/v1/namespaces/doomed');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      kind: 'Namespace',
      status: { phase: 'Terminating' },
      spec: { finalizers: ['kubernetes'] },
    });
    expect(res.json.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(res.json.metadata).not.toHaveProperty('deletionGracePeriodSeconds');
  });
});

describe('error bodies', () => {
  it('words malformed JSON like encoding/json and refuses text/plain with 415', async () => {
    const malformed = await call('POST', `${ns}/configmaps`, '{bad');
    expect(malformed).toMatchObject({
      status: 400,
      json: {
        reason: 'BadRequest',
        message:
          "couldn't get version/kind; json parse error: invalid character 'b' looking for beginning of object key string",
      },
    });
    const plain = await call('POST', `${ns}/configmaps`, '{}', 'text/plain');
    expect(plain.status).toBe(415);
    expect(plain.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
      reason: 'UnsupportedMediaType',
      code: 415,
    });
  });

  it('prints an immutable selector as Go does, and a Job restartPolicy of Always as unsupported', async () => {
    const live = (await call('GET', `${apps}/deployments/web`)).json;
    const changed = deployment('web', { app: 'web', tier: 'front' });
    const res = await call('PUT', `${apps}/deployments/web`, {
      ...changed,
      metadata: { name: 'web', resourceVersion: live.metadata.resourceVersion },
    });
    expect(res.status).toBe(422);
    expect(res.json.message).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"front"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
    const job = await call('POST', '/apis/batch/v1/namespaces/fidelity/jobs', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'always' },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    expect(job.json.message).toBe(
      'Job.batch "always" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    );
  });
});
