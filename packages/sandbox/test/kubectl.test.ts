/**
 * The real kubectl against the sandbox: the commands a user types, with the exit codes and
 * outputs a real cluster gives.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
let cluster: Sandbox;
let dir: string;

/** Run kubectl asynchronously (the API server lives in this process: a sync spawn would block it). */
function kubectl(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn('kubectl', args, { env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath, KUBECACHEDIR: join(dir, 'cache'), HOME: dir } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const deployment = (replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  labels: { app: shop }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: shop } }
  template:
    metadata: { labels: { app: shop } }
    spec:
      containers:
        - name: web
          image: ${image}
          ports: [{ containerPort: 8080 }]
`;

describe.skipIf(!hasKubectl)('kubectl', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubectl-test-'));
    cluster = await startSandbox();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('creates, gets (yaml, json, wide), labels, annotates and deletes', async () => {
    // `kubectl create configmap` sends a protobuf body.
    const literal = await kubectl('create', 'configmap', 'literal', '--from-literal=a=b', '--from-literal=empty=');
    expect(literal).toMatchObject({ code: 0, out: 'configmap/literal created\n' });
    const created = JSON.parse((await kubectl('get', 'cm', 'literal', '-o', 'json')).out);
    expect(created.data).toEqual({ a: 'b', empty: '' });
    expect(created.metadata.generation).toBeUndefined();
    const settings = file('settings.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n');
    expect((await kubectl('create', '-f', settings)).out).toBe('configmap/settings created\n');
    const yaml = (await kubectl('get', 'configmap', 'settings', '-o', 'yaml'));
    expect(yaml.code).toBe(0);
    expect(yaml.out).toContain('mode: fast');
    expect(JSON.parse((await kubectl('get', 'cm', 'settings', '-o', 'json')).out).data).toEqual({ mode: 'fast' });
    expect((await kubectl('label', 'cm', 'settings', 'tier=cache')).out).toBe('configmap/settings labeled\n');
    expect((await kubectl('annotate', 'cm', 'settings', 'owner=team-a')).out).toBe('configmap/settings annotated\n');
    expect((await kubectl('get', 'cm', '-l', 'tier=cache', '-o', 'name')).out).toBe('configmap/settings\n');
    const table = (await kubectl('get', 'ns'));
    expect(table.out).toMatch(/^NAME\s+STATUS\s+AGE\n/);
    expect(table.out).toContain('kube-system');
    const missing = (await kubectl('get', 'cm', 'nope'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Error from server (NotFound): configmaps "nope" not found');
    expect((await kubectl('delete', 'cm', 'settings')).out).toBe('configmap "settings" deleted\n');
  });

  it('applies client-side, diffs, patches three ways and scales', async () => {
    const path = file('shop.yaml', deployment(2, 'shop:1'));
    const created = (await kubectl('apply', '-f', path));
    expect(created.err).toBe('');
    expect(created.out).toBe('deployment.apps/shop created\n');
    expect((await kubectl('apply', '-f', path)).out).toBe('deployment.apps/shop unchanged\n');
    const changed = file('shop2.yaml', deployment(2, 'shop:2'));
    const diff = (await kubectl('diff', '-f', changed));
    expect(diff.code).toBe(1);
    expect(diff.out).toMatch(/^\+.*image: shop:2$/m);
    expect((await kubectl('apply', '-f', changed)).out).toBe('deployment.apps/shop configured\n');
    expect((await kubectl('diff', '-f', changed)).code).toBe(0);
    expect((await kubectl('get', 'deploy', 'shop', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')).out).toBe('shop:2');

    expect((await kubectl('patch', 'deploy', 'shop', '--type=strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"shop:3"}]}}}}')).out).toBe('deployment.apps/shop patched\n');
    expect((await kubectl('patch', 'deploy', 'shop', '--type=merge', '-p', '{"metadata":{"labels":{"patched":"merge"}}}')).code).toBe(0);
    expect((await kubectl('patch', 'deploy', 'shop', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":4}]')).code).toBe(0);
    const shop = JSON.parse((await kubectl('get', 'deploy', 'shop', '-o', 'json')).out);
    expect(shop.spec.template.spec.containers).toHaveLength(1);
    expect(shop.spec.template.spec.containers[0].image).toBe('shop:3');
    expect(shop.metadata.labels.patched).toBe('merge');
    expect(shop.spec.replicas).toBe(4);

    expect((await kubectl('scale', 'deploy', 'shop', '--replicas=5')).out).toBe('deployment.apps/shop scaled\n');
    expect((await kubectl('get', 'deploy', 'shop', '-o', 'jsonpath={.spec.replicas}')).out).toBe('5');
    expect((await kubectl('get', 'deploy')).out).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\n/);
  });

  it('reports a server-side apply conflict with exit code 1', async () => {
    const path = file('ssa.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  k: one\n');
    expect((await kubectl('apply', '--server-side', '--field-manager=first', '-f', path)).out).toBe('configmap/ssa serverside-applied\n');
    const other = file('ssa2.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  k: two\n');
    const conflict = (await kubectl('apply', '--server-side', '--field-manager=second', '-f', other));
    expect(conflict.code).toBe(1);
    expect(conflict.err).toContain('conflict with "first"');
    expect((await kubectl('apply', '--server-side', '--field-manager=second', '--force-conflicts', '-f', other)).code).toBe(0);
  });

  it('moves from client-side to server-side apply without conflicts, re-applies, and forces conflicts', async () => {
    const cm = (k: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: upgraded\ndata:\n  k: ${k}\n`;
    const managed = async () => {
      const o = JSON.parse((await kubectl('get', 'cm', 'upgraded', '--show-managed-fields', '-o', 'json')).out);
      return { o, who: o.metadata.managedFields.map((e: any) => `${e.manager}/${e.operation}`) };
    };
    expect((await kubectl('apply', '-f', file('csa.yaml', cm('one')))).code).toBe(0);
    // kubectl apply --server-side (manager "kubectl") takes over what the last-applied annotation vouches for.
    const upgraded = await kubectl('apply', '--server-side', '-f', file('ssa1.yaml', cm('two')));
    expect(upgraded).toMatchObject({ code: 0, out: 'configmap/upgraded serverside-applied\n' });
    const first = await managed();
    expect(first.o.data).toEqual({ k: 'two' });
    expect(first.who).toContain('kubectl/Apply');
    expect(first.who).not.toContain('kubectl-client-side-apply/Update');
    expect(first.o.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('"k":"two"');

    // The same configuration again changes nothing; a changed one is applied.
    expect((await kubectl('apply', '--server-side', '-f', file('ssa1.yaml', cm('two')))).code).toBe(0);
    expect((await managed()).o.metadata.resourceVersion).toBe(first.o.metadata.resourceVersion);
    expect((await kubectl('apply', '--server-side', '-f', file('ssa2.yaml', cm('three')))).code).toBe(0);
    expect((await managed()).o.data).toEqual({ k: 'three' });

    const other = file('ssa3.yaml', cm('four'));
    const conflict = await kubectl('apply', '--server-side', '--field-manager=other', '-f', other);
    expect(conflict.code).toBe(1);
    expect(conflict.err).toContain('Apply failed with 1 conflict: conflict with "kubectl": .data.k');
    expect((await kubectl('apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', other)).code).toBe(0);
    const forced = await managed();
    expect(forced.o.data).toEqual({ k: 'four' });
    const owners = forced.o.metadata.managedFields.filter((e: any) => e.fieldsV1['f:data']?.['f:k']).map((e: any) => e.manager);
    expect(owners).toEqual(['other']);
  });

  it('records kubectl scale as an Update through the scale subresource', async () => {
    expect((await kubectl('create', 'deployment', 'scaled', '--image=nginx')).code).toBe(0);
    expect((await kubectl('scale', 'deployment', 'scaled', '--replicas=3')).code).toBe(0);
    const o = JSON.parse((await kubectl('get', 'deploy', 'scaled', '--show-managed-fields', '-o', 'json')).out);
    const owners = o.metadata.managedFields.filter((e: any) => e.fieldsV1['f:spec']?.['f:replicas']);
    expect(owners).toEqual([{ manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } }, subresource: 'scale' }]);
  });

  it('explains fields', async () => {
    const explain = await kubectl('explain', 'deployment.spec.replicas');
    expect(explain.code).toBe(0);
    expect(explain.out).toContain('FIELD: replicas <integer>');
  });

  it('explains fields of every built-in kind, generated from the kubernetes-models declarations', async () => {
    const [job, ingress] = await Promise.all([kubectl('explain', 'job.spec.backoffLimit'), kubectl('explain', 'ingress.spec.rules')]);
    expect(job.code).toBe(0);
    expect(job.out).toContain('FIELD: backoffLimit <integer>');
    expect(job.out).toContain('Specifies the number of retries before marking this job failed');
    expect(ingress.code).toBe(0);
    expect(ingress.out).toContain('FIELD: rules <[]IngressRule>');
    expect(ingress.out).toMatch(/host\s+<string>/);
  });

  it('streams changes with get --watch', async () => {
    await kubectl('create', '-f', file('w1.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: watched-1\n'));
    const child = spawn('kubectl', ['get', 'configmaps', '--watch', '--no-headers'], {
      env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath, KUBECACHEDIR: join(dir, 'cache'), HOME: dir },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const until = async (text: string) => {
      const end = Date.now() + 10_000;
      while (!out.includes(text) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    };
    await until('watched-1');
    await kubectl('create', '-f', file('w2.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: watched-2\n'));
    await until('watched-2');
    child.kill();
    expect(out).toContain('watched-1');
    expect(out).toContain('watched-2');
  });
});

// kubectl sends tokens only over TLS: the RBAC sandbox serves HTTPS.
describe.skipIf(!hasKubectl)('kubectl with RBAC', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubectl-rbac-'));
    cluster = await startSandbox({ rbac: true, tls: true, tokens: { 'dev-token': { user: 'dev' } } });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('answers auth can-i no for a user without rights, yes after a binding', async () => {
    const asDev = ['--token=dev-token'];
    const no = (await kubectl('auth', 'can-i', 'list', 'pods', ...asDev));
    expect(no.out).toBe('no\n');
    expect(no.code).toBe(1);
    expect((await kubectl('auth', 'can-i', 'list', 'pods', '--as=dev')).out).toBe('no\n');
    expect((await kubectl('create', 'rolebinding', 'dev-edit', '--clusterrole=edit', '--user=dev')).out).toBe('rolebinding.rbac.authorization.k8s.io/dev-edit created\n');
    expect(await kubectl('auth', 'can-i', 'list', 'pods', ...asDev)).toMatchObject({ code: 0, out: 'yes\n' });
    expect((await kubectl('auth', 'can-i', 'list', 'pods', '--as=dev')).out).toBe('yes\n');
    expect(await kubectl('auth', 'can-i', 'list', 'nodes', ...asDev)).toMatchObject({ code: 1, out: 'no\n' });
    const denied = await kubectl('get', 'pods', '-n', 'kube-system', ...asDev);
    expect(denied.code).toBe(1);
    expect(denied.err).toBe('Error from server (Forbidden): pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "kube-system"\n');
  });
});
