/**
 * End to end: the real kubectl against `startSandbox` with its simulated nodes, scheduler,
 * kubelet and controllers — rollouts and undo, logs, StatefulSet volumes, Jobs, an unschedulable
 * GPU pod, namespace deletion, garbage collection — asserting the exit codes and outputs a real
 * cluster gives.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { eventually, hasKubectl, kubectlFor, type Kubectl } from './kubectl-runner.js';

let cluster: Sandbox;
let dir: string;
let k: Kubectl;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const jsonpath = async (...args: string[]): Promise<string> => (await k.run('get', ...args)).out;

describe.skipIf(!hasKubectl)('end to end with kubectl', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-e2e-'));
    cluster = await startSandbox({ nodes: 3, faults: { pods: [{ match: { image: 'busybox:fail' }, fault: 'Fail', runForMs: 300 }] } });
    k = kubectlFor(cluster.kubeconfigPath, dir);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('rolls a Deployment out, updates its image, lists its history and undoes the update', async () => {
    expect(await k.run('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2')).toMatchObject({ code: 0, out: 'deployment.apps/web created\n' });
    const status = await k.run('rollout', 'status', 'deployment/web', '--timeout=30s');
    expect(status.code).toBe(0);
    expect(status.out).toContain('deployment "web" successfully rolled out');
    expect(await k.run('wait', '--for=condition=Available', 'deployment/web', '--timeout=30s')).toMatchObject({ code: 0, out: 'deployment.apps/web condition met\n' });

    expect((await k.run('set', 'image', 'deployment/web', 'nginx=nginx:1.26')).out).toBe('deployment.apps/web image updated\n');
    expect((await k.run('rollout', 'status', 'deployment/web', '--timeout=30s')).code).toBe(0);
    const sets = (await k.run('get', 'rs', '-l', 'app=web', '-o', 'name')).out.trim().split('\n');
    expect(sets).toHaveLength(2);
    const history = await k.run('rollout', 'history', 'deployment/web');
    expect(history.code).toBe(0);
    expect(history.out).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);

    expect(await k.run('rollout', 'undo', 'deployment/web')).toMatchObject({ code: 0, out: 'deployment.apps/web rolled back\n' });
    expect((await k.run('rollout', 'status', 'deployment/web', '--timeout=30s')).code).toBe(0);
    expect(await jsonpath('deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')).toBe('nginx:1.25');
    expect((await k.run('rollout', 'history', 'deployment/web')).out).toMatch(/\n2\s+<none>\n3\s+<none>/);
    const pods = JSON.parse((await k.run('get', 'pods', '-l', 'app=web', '-o', 'json')).out).items;
    expect(pods.filter((p: any) => !p.metadata.deletionTimestamp).map((p: any) => p.spec.containers[0].image)).toEqual(['nginx:1.25', 'nginx:1.25']);
  });

  it('prints and follows the logs of a Deployment', async () => {
    await k.run('create', 'deployment', 'logger', '--image=nginx:1.25');
    const waiting = await k.run('logs', 'deploy/logger');
    expect(waiting.code).toBe(1);
    expect(waiting.err).toMatch(/container "nginx" in pod "logger-.*" is waiting to start: ContainerCreating/);
    expect((await k.run('rollout', 'status', 'deployment/logger', '--timeout=30s')).code).toBe(0);
    const logs = await k.run('logs', 'deploy/logger');
    expect(logs.code).toBe(0);
    expect(logs.out).toMatch(/^nginx starting \(image .*nginx:1\.25\)\nloaded configuration for default\/logger-/);
    expect((await k.run('logs', 'deploy/logger', '--tail=1')).out).toBe('listening on :8080\n');
    const follow = k.stream('logs', '-f', 'deploy/logger');
    await eventually('followed lines', async () => follow.output().split('\n').length > 3);
    expect(follow.exitCode).toBeNull();
    follow.kill();
    expect(follow.output()).toContain('listening on :8080');
    const previous = await k.run('logs', 'deploy/logger', '--previous');
    expect(previous.code).toBe(1);
    expect(previous.err).toMatch(/Error from server \(BadRequest\): previous terminated container "nginx" in pod "logger-.*" not found/);
  });

  it('gives a StatefulSet its claims from volumeClaimTemplates, bound by the default StorageClass', async () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        serviceName: 'db',
        replicas: 2,
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'pg', image: 'postgres:16', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    };
    expect((await k.run('apply', '-f', file('db.json', JSON.stringify(sts)))).out).toBe('statefulset.apps/db created\n');
    const status = await k.run('rollout', 'status', 'statefulset/db', '--timeout=30s');
    expect(status.code).toBe(0);
    expect(status.out).toContain('partitioned roll out complete: 2 new pods have been updated...');
    const claims = JSON.parse((await k.run('get', 'pvc', '-o', 'json')).out).items;
    expect(claims.map((c: any) => [c.metadata.name, c.status.phase, c.spec.storageClassName])).toEqual([
      ['data-db-0', 'Bound', 'standard'],
      ['data-db-1', 'Bound', 'standard'],
    ]);
  });

  it('runs a Job to completion and another to failure at its backoffLimit', async () => {
    expect((await k.run('create', 'job', 'ok', '--image=busybox:1.36', '--', 'true')).out).toBe('job.batch/ok created\n');
    expect(await k.run('wait', '--for=condition=complete', 'job/ok', '--timeout=30s')).toMatchObject({ code: 0, out: 'job.batch/ok condition met\n' });

    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'bad' }, spec: { backoffLimit: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:fail' }] } } } };
    await k.run('create', '-f', file('bad.json', JSON.stringify(job)));
    expect(await k.run('wait', '--for=condition=failed', 'job/bad', '--timeout=30s')).toMatchObject({ code: 0, out: 'job.batch/bad condition met\n' });
    expect(await jsonpath('job', 'bad', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}')).toBe('BackoffLimitExceeded');
    expect(await jsonpath('pods', '-l', 'job-name=bad', '-o', 'jsonpath={.items[*].status.phase}')).toBe('Failed Failed');
    const complete = await k.run('wait', '--for=condition=complete', 'job/bad', '--timeout=1s');
    expect(complete.code).toBe(1);
    expect(complete.err).toContain('timed out waiting for the condition on jobs/bad');
  });

  it('leaves a GPU pod Pending with the scheduler\'s FailedScheduling event', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'trainer' }, spec: { containers: [{ name: 'cuda', image: 'cuda:12', resources: { limits: { 'nvidia.com/gpu': '1' } } }] } };
    await k.run('create', '-f', file('gpu.json', JSON.stringify(pod)));
    const message = await eventually('FailedScheduling', async () =>
      (await jsonpath('events', '--field-selector=involvedObject.name=trainer,reason=FailedScheduling', '-o', 'jsonpath={.items[0].message}')) || undefined,
    );
    expect(message).toBe('0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
    expect(await jsonpath('pod', 'trainer', '-o', 'jsonpath={.status.phase} {.status.conditions[?(@.type=="PodScheduled")].reason}')).toBe('Pending Unschedulable');
    // DefaultTolerationSeconds and ServiceAccount admission.
    expect(await jsonpath('pod', 'trainer', '-o', 'jsonpath={.spec.tolerations[*].key} {.spec.tolerations[*].tolerationSeconds} {.spec.serviceAccountName}')).toBe(
      'node.kubernetes.io/not-ready node.kubernetes.io/unreachable 300 300 default',
    );
    const events = await k.run('get', 'events', '--field-selector=involvedObject.name=trainer');
    expect(events.out).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n.*Warning\s+FailedScheduling\s+pod\/trainer\s+0\/3 nodes are available/);
  });

  it('refuses pods over a ResourceQuota, from kubectl and from a ReplicaSet', async () => {
    await k.run('create', 'namespace', 'quota');
    expect((await k.run('create', 'quota', 'small', '--hard=pods=1', '-n', 'quota')).out).toBe('resourcequota/small created\n');
    expect((await k.run('run', 'first', '--image=nginx:1.25', '-n', 'quota')).code).toBe(0);
    const second = await k.run('run', 'second', '--image=nginx:1.25', '-n', 'quota');
    expect(second.code).toBe(1);
    expect(second.err).toBe('Error from server (Forbidden): pods "second" is forbidden: exceeded quota: small, requested: pods=1, used: pods=1, limited: pods=1\n');
    await k.run('create', 'deployment', 'many', '--image=nginx:1.25', '-n', 'quota');
    const message = await eventually('FailedCreate', async () =>
      (await jsonpath('events', '-n', 'quota', '--field-selector=reason=FailedCreate', '-o', 'jsonpath={.items[0].message}')) || undefined,
    );
    expect(message).toMatch(/^Error creating: pods "many-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: small, requested: pods=1, used: pods=1, limited: pods=1$/);
  });

  it('deletes a namespace with its content', async () => {
    expect((await k.run('create', 'namespace', 'shop')).out).toBe('namespace/shop created\n');
    await k.run('create', 'deployment', 'cart', '--image=nginx:1.25', '-n', 'shop');
    await k.run('create', 'configmap', 'settings', '--from-literal=mode=fast', '-n', 'shop');
    expect((await k.run('rollout', 'status', 'deployment/cart', '-n', 'shop', '--timeout=30s')).code).toBe(0);
    const deleted = await k.run('delete', 'namespace', 'shop', '--timeout=60s');
    expect(deleted).toMatchObject({ code: 0, out: 'namespace "shop" deleted\n' });
    const gone = await k.run('get', 'namespace', 'shop');
    expect(gone.code).toBe(1);
    expect(gone.err).toContain('Error from server (NotFound): namespaces "shop" not found');
    expect((await k.run('get', 'pods', '-n', 'shop')).err).toBe('No resources found in shop namespace.\n');
  });

  it('garbage-collects the ReplicaSets and Pods of a deleted Deployment', async () => {
    await k.run('create', 'deployment', 'api', '--image=nginx:1.25', '--replicas=2');
    expect((await k.run('rollout', 'status', 'deployment/api', '--timeout=30s')).code).toBe(0);
    expect((await k.run('get', 'rs,pods', '-l', 'app=api', '-o', 'name')).out.trim().split('\n')).toHaveLength(3);
    expect((await k.run('delete', 'deployment', 'api')).out).toBe('deployment.apps "api" deleted\n');
    await eventually('ReplicaSets and Pods to go', async () => (await k.run('get', 'rs,pods', '-l', 'app=api', '-o', 'name')).out === '');
  });
});

describe.skipIf(!hasKubectl)('RBAC end to end with a ServiceAccount token', () => {
  let secured: Sandbox;
  let admin: Kubectl;

  beforeAll(async () => {
    secured = await startSandbox({ rbac: true, tls: true, nodes: 1 });
    admin = kubectlFor(secured.kubeconfigPath, mkdtempSync(join(tmpdir(), 'sandbox-rbac-')));
  });
  afterAll(async () => {
    await secured?.stop();
  });

  it('denies a ServiceAccount until a RoleBinding grants it edit in its namespace', async () => {
    expect((await admin.run('create', 'namespace', 'team')).code).toBe(0);
    expect((await admin.run('create', 'serviceaccount', 'ci', '-n', 'team')).out).toBe('serviceaccount/ci created\n');
    const token = await admin.run('create', 'token', 'ci', '-n', 'team', '--duration=10m');
    expect(token.code).toBe(0);
    const asCi = (...args: string[]) => admin.run(`--token=${token.out.trim()}`, ...args);

    const denied = await asCi('get', 'pods', '-n', 'team');
    expect(denied.code).toBe(1);
    expect(denied.err).toBe('Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:team:ci" cannot list resource "pods" in API group "" in the namespace "team"\n');
    expect(await asCi('auth', 'can-i', 'list', 'pods', '-n', 'team')).toMatchObject({ code: 1, out: 'no\n' });

    expect((await admin.run('create', 'rolebinding', 'ci-edit', '--clusterrole=edit', '--serviceaccount=team:ci', '-n', 'team')).out).toBe('rolebinding.rbac.authorization.k8s.io/ci-edit created\n');
    expect(await asCi('auth', 'can-i', 'list', 'pods', '-n', 'team')).toMatchObject({ code: 0, out: 'yes\n' });
    expect(await asCi('create', 'deployment', 'app', '--image=nginx:1.25', '-n', 'team')).toMatchObject({ code: 0, out: 'deployment.apps/app created\n' });
    expect((await asCi('get', 'pods', '-n', 'team')).code).toBe(0);
    expect(await asCi('auth', 'can-i', 'create', 'rolebindings', '-n', 'team')).toMatchObject({ code: 1, out: 'no\n' });
    const elsewhere = await asCi('get', 'configmaps', '-n', 'default');
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.err).toContain('cannot list resource "configmaps" in API group "" in the namespace "default"');
    const nodes = await asCi('get', 'nodes');
    expect(nodes.err).toContain('cannot list resource "nodes" in API group "" at the cluster scope');
    const rules = await asCi('auth', 'can-i', '--list', '-n', 'team');
    expect(rules.code).toBe(0);
    expect(rules.out).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n/);
    expect(rules.out).toMatch(/\npods\s+\[\]\s+\[\]\s+\[get list watch create delete deletecollection patch update\]/);
  });
});
