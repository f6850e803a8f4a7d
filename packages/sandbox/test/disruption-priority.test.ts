/**
 * policy/v1 PodDisruptionBudget (status from the disruption controller, eviction refused with
 * 429 when the budget allows no disruption) and scheduling.k8s.io/v1 PriorityClass (system
 * classes, the Priority admission resolving `priorityClassName`, one global default), over HTTP
 * and through kubectl.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { eventually, hasKubectl, kubectlFor } from './kubectl-runner.js';

let cluster: Sandbox;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${cluster.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${cluster.adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const NS = '/api/v1/namespaces/default';
const PDBS = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';
const PCS = '/apis/scheduling.k8s.io/v1/priorityclasses';

const deployment = (name: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});

const pdb = (name: string, app: string, spec: Record<string, unknown>) => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name },
  spec: { selector: { matchLabels: { app } }, ...spec },
});

const pod = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
});

async function readyPods(app: string): Promise<any[]> {
  const list = await call('GET', `${NS}/pods?labelSelector=app%3D${app}`);
  return list.json.items.filter((p: any) => !p.metadata.deletionTimestamp && p.status.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'));
}

async function pdbStatusWhen(name: string, check: (s: any) => boolean): Promise<any> {
  return eventually(`pdb ${name} status`, async () => {
    const got = await call('GET', `${PDBS}/${name}`);
    return check(got.json.status ?? {}) ? got.json : undefined;
  });
}

beforeAll(async () => {
  cluster = await startSandbox({ nodes: 2, tuning: { readyAfterMs: 100, timings: { startDelayMs: 50 } } });
});

afterAll(async () => {
  await cluster?.stop();
});

describe('PodDisruptionBudget', () => {
  it('is served with discovery, a fresh status and generation 1', async () => {
    const resources = await call('GET', '/apis/policy/v1');
    const r = resources.json.resources.find((x: any) => x.name === 'poddisruptionbudgets');
    expect(r).toMatchObject({ kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'] });
    expect(resources.json.resources.map((x: any) => x.name)).toContain('poddisruptionbudgets/status');
    const created = await call('POST', PDBS, pdb('fresh', 'nothing', { minAvailable: 1 }));
    expect(created.status).toBe(201);
    expect(created.json.metadata.generation).toBe(1);
    expect(created.json.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
    // No pods match: nothing may be disrupted, the condition says why.
    const synced = await pdbStatusWhen('fresh', (s) => s.observedGeneration === 1);
    expect(synced.status).toMatchObject({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 1, expectedPods: 0 });
    expect(synced.status.conditions).toEqual([
      expect.objectContaining({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: 1 }),
    ]);
  });

  it('refuses a budget whose fields have the wrong type with a Status naming the field', async () => {
    const bad = await call('POST', PDBS, pdb('bad', 'x', { minAvailable: true }));
    expect(bad.status).toBe(400);
    expect(bad.json.kind).toBe('Status');
    expect(bad.json.message).toContain('minAvailable');
  });

  it('counts ready pods, allows disruptions and refuses the eviction that would break the budget', async () => {
    expect((await call('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web', 3))).status).toBe(201);
    await eventually('3 ready web pods', async () => (await readyPods('web')).length === 3);
    await call('POST', PDBS, pdb('web', 'web', { minAvailable: 2 }));
    const ok = await pdbStatusWhen('web', (s) => s.currentHealthy === 3);
    expect(ok.status).toMatchObject({ disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, observedGeneration: 1 });
    expect(ok.status.conditions[0]).toMatchObject({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' });

    const [first, second] = await readyPods('web');
    const evict = (name: string) =>
      call('POST', `${NS}/pods/${name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } });
    const done = await evict(first.metadata.name);
    expect(done.status).toBe(201);
    const after = await call('GET', `${PDBS}/web`);
    expect(after.json.status.disruptionsAllowed).toBe(0);
    // The evicted pod is terminating (or gone): it no longer counts as healthy.
    const gone = await call('GET', `${NS}/pods/${first.metadata.name}`);
    expect(gone.status === 404 || gone.json.metadata.deletionTimestamp !== undefined).toBe(true);

    const refused = await evict(second.metadata.name);
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({
      kind: 'Status',
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: expect.stringMatching(/^The disruption budget web needs 2 healthy pods and has [23] currently$/) }] },
    });
    expect((await call('GET', `${NS}/pods/${second.metadata.name}`)).json.metadata.deletionTimestamp).toBeUndefined();

    // The ReplicaSet replaces the evicted pod; once it is ready the budget allows one again.
    await pdbStatusWhen('web', (s) => s.currentHealthy === 3 && s.disruptionsAllowed === 1 && !s.disruptedPods);
  });

  it('scales maxUnavailable percentages from the controller (rounded up) and counts a spec change in observedGeneration', async () => {
    await call('POST', PDBS, pdb('web-pct', 'web', { maxUnavailable: '50%' }));
    // 3 replicas, 50% → 2 may be unavailable → 1 must stay healthy.
    const s = await pdbStatusWhen('web-pct', (x) => x.expectedPods === 3 && x.currentHealthy === 3);
    expect(s.status).toMatchObject({ desiredHealthy: 1, disruptionsAllowed: 2 });
    const patched = await fetch(`${cluster.url}${PDBS}/web-pct`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${cluster.adminToken}`, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ spec: { maxUnavailable: 0 } }),
    }).then((r) => r.json() as Promise<any>);
    expect(patched.metadata.generation).toBe(2);
    const zero = await pdbStatusWhen('web-pct', (x) => x.observedGeneration === 2);
    expect(zero.status).toMatchObject({ desiredHealthy: 3, disruptionsAllowed: 0 });
  });

  it('refuses to evict a pod covered by two budgets with 500', async () => {
    const [p] = await readyPods('web');
    const r = await call('POST', `${NS}/pods/${p.metadata.name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: p.metadata.name } });
    expect(r.status).toBe(500);
    expect(r.json.message).toBe('Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  });

  it.skipIf(!hasKubectl)('kubectl get pdb prints the budget columns', async () => {
    const k = kubectlFor(cluster.kubeconfigPath, mkdtempSync(join(tmpdir(), 'sandbox-pdb-')));
    const got = await k.run('get', 'pdb', 'web');
    expect(got.err).toBe('');
    const [header, row] = got.out.trim().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE']);
    expect(row!.split(/\s+/).slice(0, 4)).toEqual(['web', '2', 'N/A', '1']);
  });

  it.skipIf(!hasKubectl)('kubectl drain keeps retrying an eviction the budget refuses', async () => {
    await call('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('guarded', 2));
    await eventually('2 ready guarded pods', async () => (await readyPods('guarded')).length === 2);
    await call('POST', PDBS, pdb('guarded', 'guarded', { minAvailable: 2 }));
    await pdbStatusWhen('guarded', (x) => x.currentHealthy === 2 && x.desiredHealthy === 2);
    const [victim] = await readyPods('guarded');
    const k = kubectlFor(cluster.kubeconfigPath, mkdtempSync(join(tmpdir(), 'sandbox-drain-')));
    const drained = await k.run('drain', victim.spec.nodeName, '--ignore-daemonsets', '--pod-selector=app=guarded', '--timeout=2s');
    expect(drained.code).not.toBe(0);
    expect(drained.err).toContain("(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.");
    expect((await readyPods('guarded')).length).toBe(2);
    await k.run('uncordon', victim.spec.nodeName);
  });
});

describe('PriorityClass', () => {
  it('serves the system classes from the start', async () => {
    const list = await call('GET', PCS);
    const byName = Object.fromEntries(list.json.items.map((c: any) => [c.metadata.name, c]));
    expect(byName['system-cluster-critical']).toMatchObject({ value: 2000000000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' });
    expect(byName['system-node-critical']).toMatchObject({ value: 2000001000, preemptionPolicy: 'PreemptLowerPriority' });
  });

  it('resolves a named class into priority and preemptionPolicy, and refuses an unknown one with 403', async () => {
    const created = await call('POST', PCS, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'batch-low' }, value: 100, preemptionPolicy: 'Never' });
    expect(created.status).toBe(201);
    const p = await call('POST', `${NS}/pods`, pod('prio', { priorityClassName: 'batch-low' }));
    expect(p.status).toBe(201);
    expect(p.json.spec).toMatchObject({ priorityClassName: 'batch-low', priority: 100, preemptionPolicy: 'Never' });
    const unknown = await call('POST', `${NS}/pods`, pod('nope', { priorityClassName: 'missing' }));
    expect(unknown.status).toBe(403);
    expect(unknown.json.message).toBe('pods "nope" is forbidden: no PriorityClass with name missing was found');
    const sys = await call('POST', `${NS}/pods`, pod('sys', { priorityClassName: 'system-node-critical' }));
    expect(sys.json.spec.priority).toBe(2000001000);
  });

  it('defaults preemptionPolicy and refuses reserved names and values above the user maximum', async () => {
    const c = await call('POST', PCS, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'plain' }, value: 5 });
    expect(c.json.preemptionPolicy).toBe('PreemptLowerPriority');
    const high = await call('POST', PCS, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'huge' }, value: 1000000001 });
    expect(high.status).toBe(422);
    expect(high.json.message).toContain('value: Forbidden: maximum allowed value of a user defined priority is 1000000000');
    const reserved = await call('POST', PCS, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-mine' }, value: 1 });
    expect(reserved.status).toBe(422);
    expect(reserved.json.message).toContain("metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class");
  });

  it('gives pods without a class the global default and allows only one default', async () => {
    const def = await call('POST', PCS, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'everyday' }, value: 1000, globalDefault: true });
    expect(def.status).toBe(201);
    const p = await call('POST', `${NS}/pods`, pod('defaulted'));
    expect(p.json.spec).toMatchObject({ priorityClassName: 'everyday', priority: 1000, preemptionPolicy: 'PreemptLowerPriority' });
    const second = await call('POST', PCS, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'another' }, value: 1, globalDefault: true });
    expect(second.status).toBe(403);
    expect(second.json.message).toBe('priorityclasses.scheduling.k8s.io "another" is forbidden: PriorityClass everyday is already marked as default. Only one default can exist');
    await call('DELETE', `${PCS}/everyday`);
    const plain = await call('POST', `${NS}/pods`, pod('plain'));
    expect(plain.json.spec.priority).toBe(0);
    expect(plain.json.spec.priorityClassName).toBeUndefined();
  });
});
