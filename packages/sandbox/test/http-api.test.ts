/**
 * The sandbox API over raw HTTP: discovery, CRUD status codes and Status bodies, pagination,
 * watch streams (initial state, resume, 410 as an ERROR event, bookmarks, selectors), faults,
 * authentication and RBAC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';

let cluster: Sandbox;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, token?: string) {
  const res = await fetch(`${cluster.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token ?? cluster.adminToken}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

const configMap = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data: { a: '1' },
});

/** Read watch events until `count` arrived or the stream ended. */
async function watchEvents(path: string, count: number, timeoutMs = 3000): Promise<any[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const res = await fetch(`${cluster.url}${path}`, { headers: { authorization: `Bearer ${cluster.adminToken}` }, signal: controller.signal });
  const events: any[] = [];
  let buffered = '';
  try {
    for await (const chunk of res.body as any) {
      buffered += Buffer.from(chunk).toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.trim()) events.push(JSON.parse(line));
      }
      if (events.length >= count) break;
    }
  } catch (e) {
    if ((e as Error).name !== 'AbortError') throw e;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

beforeAll(async () => {
  cluster = await startSandbox({ tokens: { 'alice-token': { user: 'alice' } } });
});
afterAll(async () => {
  await cluster?.stop();
});

describe('discovery', () => {
  it('serves version, API groups and resource lists kubectl needs', async () => {
    const version = await call('GET', '/version');
    expect(version.json).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0' });
    expect((await call('GET', '/api')).json.versions).toEqual(['v1']);
    const groups = (await call('GET', '/apis')).json.groups.map((g: any) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['apps', 'batch', 'rbac.authorization.k8s.io', 'apiextensions.k8s.io']));
    const core = (await call('GET', '/api/v1')).json;
    const pods = core.resources.find((r: any) => r.name === 'pods');
    expect(pods).toMatchObject({ namespaced: true, kind: 'Pod', shortNames: ['po'] });
    expect(core.resources.map((r: any) => r.name)).toEqual(expect.arrayContaining(['pods/log', 'pods/status']));
    const apps = (await call('GET', '/apis/apps/v1')).json;
    expect(apps.resources.find((r: any) => r.name === 'deployments/scale')).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
  });

  it('answers health checks and 404 for unknown paths and resources', async () => {
    expect((await call('GET', '/healthz')).text).toBe('ok');
    expect((await call('GET', '/readyz')).text).toBe('ok');
    const unknown = await call('GET', '/apis/nope.example.com/v1/widgets');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'the server could not find the requested resource' });
  });

  it('publishes OpenAPI v3 documents with the fieldValidation parameter on PATCH', async () => {
    const index = (await call('GET', '/openapi/v3')).json;
    expect(Object.keys(index.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1']));
    const apps = (await call('GET', '/openapi/v3/apis/apps/v1')).json;
    const patch = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters.map((p: any) => p.name)).toContain('fieldValidation');
  });
});

describe('objects', () => {
  it('creates, reads, conflicts and deletes with the apiserver status codes', async () => {
    const created = await call('POST', '/api/v1/namespaces/default/configmaps', configMap('one'));
    expect(created.status).toBe(201);
    expect(created.json.metadata.uid).toBeTruthy();
    const again = await call('POST', '/api/v1/namespaces/default/configmaps', configMap('one'));
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ reason: 'AlreadyExists', message: 'configmaps "one" already exists', details: { name: 'one', kind: 'configmaps' } });
    const stale = { ...created.json, metadata: { ...created.json.metadata, resourceVersion: '1' }, data: { a: '2' } };
    const conflict = await call('PUT', '/api/v1/namespaces/default/configmaps/one', stale);
    expect(conflict.status).toBe(409);
    expect(conflict.json.reason).toBe('Conflict');
    const missing = await call('GET', '/api/v1/namespaces/default/configmaps/none');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', message: 'configmaps "none" not found', code: 404 });
    expect((await call('DELETE', '/api/v1/namespaces/default/configmaps/one')).status).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/one')).status).toBe(404);
  });

  it('rejects invalid objects with 422 and causes, malformed bodies with 400, huge bodies with 413', async () => {
    const invalid = await call('POST', '/api/v1/namespaces/default/configmaps', configMap('Not_Valid'));
    expect(invalid.status).toBe(422);
    expect(invalid.json.reason).toBe('Invalid');
    expect(invalid.json.details.causes[0].field).toBe('metadata.name');
    const malformed = await call('POST', '/api/v1/namespaces/default/configmaps', '{"kind": ');
    expect(malformed.status).toBe(400);
    expect(malformed.json.reason).toBe('BadRequest');
    const huge = await call('POST', '/api/v1/namespaces/default/configmaps', { ...configMap('huge'), data: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } });
    expect(huge.status).toBe(413);
  });

  it('warns about unknown fields, or refuses them with fieldValidation=Strict', async () => {
    const body = { ...configMap('fields'), spec: { foo: 1 } };
    const strict = await call('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', body);
    expect(strict.status).toBe(400);
    expect(strict.json.message).toContain('unknown field "spec"');
    const warn = await call('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', body);
    expect(warn.status).toBe(201);
    expect(warn.headers.get('warning')).toContain('unknown field \\"spec\\"');
  });

  it('pages lists with limit and continue', async () => {
    for (const n of ['p1', 'p2', 'p3']) await call('POST', '/api/v1/namespaces/default/configmaps', configMap(n, { page: 'yes' }));
    const first = (await call('GET', '/api/v1/namespaces/default/configmaps?labelSelector=page%3Dyes&limit=2')).json;
    expect(first.kind).toBe('ConfigMapList');
    expect(first.items.map((i: any) => i.metadata.name)).toEqual(['p1', 'p2']);
    // Like the apiserver, items of a built-in list carry no kind/apiVersion (the list has them).
    expect(first).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1' });
    expect(first.items[0]).not.toHaveProperty('kind');
    expect(first.metadata.remainingItemCount).toBe(1);
    const next = (await call('GET', `/api/v1/namespaces/default/configmaps?labelSelector=page%3Dyes&limit=2&continue=${encodeURIComponent(first.metadata.continue)}`)).json;
    expect(next.items.map((i: any) => i.metadata.name)).toEqual(['p3']);
    expect(next.metadata.continue).toBeUndefined();
  });

  it('patches with merge and json patch, and server-side apply reports conflicts', async () => {
    await call('POST', '/api/v1/namespaces/default/configmaps', configMap('patched'));
    const merged = await call('PATCH', '/api/v1/namespaces/default/configmaps/patched', { data: { b: '2' } }, { 'content-type': 'application/merge-patch+json' });
    expect(merged.json.data).toEqual({ a: '1', b: '2' });
    const jsonPatched = await call('PATCH', '/api/v1/namespaces/default/configmaps/patched', [{ op: 'remove', path: '/data/a' }], { 'content-type': 'application/json-patch+json' });
    expect(jsonPatched.json.data).toEqual({ b: '2' });
    const apply = (manager: string, value: string, force = false) =>
      call('PATCH', `/api/v1/namespaces/default/configmaps/applied?fieldManager=${manager}${force ? '&force=true' : ''}`, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { k: value } }), { 'content-type': 'application/apply-patch+yaml' });
    expect((await apply('one', 'x')).status).toBe(201);
    const conflict = await apply('two', 'y');
    expect(conflict.status).toBe(409);
    expect(conflict.json.message).toContain('conflict with "one"');
    expect((await apply('two', 'y', true)).status).toBe(200);
  });
});

describe('managedFields through subresources', () => {
  const base = '/apis/apps/v1/namespaces/default/deployments';
  const applyHeaders = { 'content-type': 'application/apply-patch+yaml' };
  const deploymentConfig = JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'scaled' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'scaled' } }, template: { metadata: { labels: { app: 'scaled' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  });
  const scaleConfig = (replicas: number) => JSON.stringify({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'scaled', namespace: 'default' }, spec: { replicas } });
  /** Who owns spec.replicas: `manager/operation[/subresource]`. */
  const replicaOwners = async (): Promise<string[]> => {
    const obj = (await call('GET', `${base}/scaled`)).json;
    return obj.metadata.managedFields
      .filter((e: any) => e.fieldsV1['f:spec']?.['f:replicas'])
      .map((e: any) => [e.manager, e.operation, e.subresource].filter(Boolean).join('/'))
      .sort();
  };

  it('moves replicas ownership through /scale like the apiserver (the scale_test integration flow)', async () => {
    expect((await call('PATCH', `${base}/scaled?fieldManager=apply_test`, deploymentConfig, applyHeaders)).status).toBe(201);
    expect(await replicaOwners()).toEqual(['apply_test/Apply']);

    expect((await call('PATCH', `${base}/scaled/scale?fieldManager=scale_test`, { spec: { replicas: 5 } }, { 'content-type': 'application/merge-patch+json' })).status).toBe(200);
    expect(await replicaOwners()).toEqual(['scale_test/Update/scale']);
    const entry = (await call('GET', `${base}/scaled`)).json.metadata.managedFields.find((e: any) => e.manager === 'scale_test');
    expect(entry).toEqual({ manager: 'scale_test', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } }, subresource: 'scale' });

    const conflict = await call('PATCH', `${base}/scaled?fieldManager=apply_test`, deploymentConfig, applyHeaders);
    expect(conflict.status).toBe(409);
    expect(conflict.json.message).toBe('Apply failed with 1 conflict: conflict with "scale_test" with subresource "scale" using apps/v1: .spec.replicas');
    expect((await call('PATCH', `${base}/scaled?fieldManager=apply_test&force=true`, deploymentConfig, applyHeaders)).status).toBe(200);
    expect(await replicaOwners()).toEqual(['apply_test/Apply']);

    const scaleConflict = await call('PATCH', `${base}/scaled/scale?fieldManager=apply_scale`, scaleConfig(17), applyHeaders);
    expect(scaleConflict.status).toBe(409);
    expect(scaleConflict.json.message).toBe('Apply failed with 1 conflict: conflict with "apply_test": .spec.replicas');
    const forced = await call('PATCH', `${base}/scaled/scale?fieldManager=apply_scale&force=true`, scaleConfig(17), applyHeaders);
    expect(forced.json).toMatchObject({ kind: 'Scale', spec: { replicas: 17 } });
    expect(await replicaOwners()).toEqual(['apply_scale/Apply/scale']);

    expect((await call('PUT', `${base}/scaled/scale?fieldManager=replace_test`, scaleConfig(7))).status).toBe(200);
    expect(await replicaOwners()).toEqual(['replace_test/Update/scale']);
    // Applying the value it already has co-owns it.
    expect((await call('PATCH', `${base}/scaled/scale?fieldManager=co_owning_test`, scaleConfig(7), applyHeaders)).status).toBe(200);
    expect(await replicaOwners()).toEqual(['co_owning_test/Apply/scale', 'replace_test/Update/scale']);
    // A scale patch that does not change replicas takes nothing.
    await call('PATCH', `${base}/scaled/scale?fieldManager=noop_test`, { spec: { replicas: 7 } }, { 'content-type': 'application/merge-patch+json' });
    expect(await replicaOwners()).toEqual(['co_owning_test/Apply/scale', 'replace_test/Update/scale']);
  });

  it('applies to /status as a separate Apply entry with subresource status, and never creates', async () => {
    const statusConfig = (name: string) => JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, status: { observedGeneration: 1 } });
    expect((await call('PATCH', `${base}/missing/status?fieldManager=ctl`, statusConfig('missing'), applyHeaders)).status).toBe(404);
    await call('PATCH', `${base}/statused?fieldManager=ctl`, deploymentConfig.replaceAll('scaled', 'statused'), applyHeaders);
    const out = await call('PATCH', `${base}/statused/status?fieldManager=ctl`, statusConfig('statused'), applyHeaders);
    expect(out.status).toBe(200);
    const mine = out.json.metadata.managedFields.filter((e: any) => e.manager === 'ctl');
    expect(mine.map((e: any) => [e.operation, e.subresource ?? '', Object.keys(e.fieldsV1)])).toEqual(
      expect.arrayContaining([
        ['Apply', '', ['f:spec']],
        ['Apply', 'status', ['f:status']],
      ]),
    );
    // A PUT to /status is an Update by the request's manager, through status.
    // (Without a resourceVersion: the simulated deployment controller may write status meanwhile.)
    const { resourceVersion: _rv, ...metadata } = out.json.metadata;
    const put = await call('PUT', `${base}/statused/status?fieldManager=putter`, { ...out.json, metadata, status: { observedGeneration: 2 } });
    expect(put.status).toBe(200);
    const putter = put.json.metadata.managedFields.find((e: any) => e.manager === 'putter');
    expect(putter).toMatchObject({ operation: 'Update', subresource: 'status', fieldsV1: { 'f:status': { 'f:observedGeneration': {} } } });
  });
});

describe('watch', () => {
  it('sends the current objects as ADDED, then changes', async () => {
    await call('POST', '/api/v1/namespaces/default/configmaps', configMap('w1', { watch: 'a' }));
    const pending = watchEvents('/api/v1/namespaces/default/configmaps?watch=true&labelSelector=watch%3Da', 2);
    await new Promise((r) => setTimeout(r, 200));
    await call('POST', '/api/v1/namespaces/default/configmaps', configMap('w2', { watch: 'a' }));
    const events = await pending;
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'w1'],
      ['ADDED', 'w2'],
    ]);
    expect(events[0].object.kind).toBe('ConfigMap');
  });

  it('replays from a resourceVersion and sends DELETED when an object stops matching', async () => {
    const created = await call('POST', '/api/v1/namespaces/default/configmaps', configMap('w3', { watch: 'b' }));
    const rv = created.json.metadata.resourceVersion;
    await call('PATCH', '/api/v1/namespaces/default/configmaps/w3', { metadata: { labels: { watch: 'c' } } }, { 'content-type': 'application/merge-patch+json' });
    const pending = watchEvents(`/api/v1/namespaces/default/configmaps?watch=true&labelSelector=watch%3Db&resourceVersion=${rv}`, 1);
    const events = await pending;
    expect(events[0].type).toBe('DELETED');
    expect(events[0].object.metadata.name).toBe('w3');
  });

  it('ends a watch from a too old resourceVersion with an ERROR event carrying 410 Expired', async () => {
    for (let i = 0; i < 5; i++) await call('POST', '/api/v1/namespaces/default/configmaps', configMap(`old-${i}`));
    cluster.faults.set({ api: [{ match: { verb: 'watch', resource: 'configmaps' }, expireNextWatches: 1 }] });
    const events = await watchEvents('/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1', 1);
    cluster.faults.set({});
    expect(events[0].type).toBe('ERROR');
    expect(events[0].object).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
  });

  it('sends bookmarks when allowed and closes at timeoutSeconds', async () => {
    const started = Date.now();
    const events = await watchEvents('/api/v1/namespaces/kube-public/configmaps?watch=true&timeoutSeconds=1&allowWatchBookmarks=true&resourceVersion=0', 10, 4000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(events.every((e) => e.type !== 'ERROR')).toBe(true);
  });
});

describe('faults, authentication and RBAC', () => {
  it('answers injected 429s with Retry-After', async () => {
    cluster.faults.set({ api: [{ match: { verb: 'list', resource: 'secrets' }, error: { code: 429, retryAfterSeconds: 3 }, times: 1 }] });
    const limited = await call('GET', '/api/v1/namespaces/default/secrets');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await call('GET', '/api/v1/namespaces/default/secrets')).status).toBe(200);
    cluster.faults.set({});
  });

  it('lets the admin endpoint read and replace faults', async () => {
    const put = await call('PUT', '/sandbox/v1/faults', { api: [{ match: { resource: 'services' }, error: { code: 500 } }] });
    expect(put.status).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/default/services')).status).toBe(500);
    await call('PUT', '/sandbox/v1/faults', {});
    expect((await call('GET', '/api/v1/namespaces/default/services')).status).toBe(200);
  });

  it('refuses unknown tokens with 401', async () => {
    const res = await call('GET', '/api/v1/namespaces', undefined, {}, 'wrong');
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });
});

describe('RBAC', () => {
  let secured: Sandbox;
  beforeAll(async () => {
    secured = await startSandbox({ rbac: true, tokens: { 'alice-token': { user: 'alice' } } });
  });
  afterAll(async () => {
    await secured?.stop();
  });

  async function as(token: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${secured.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json().catch(() => undefined)) as any };
  }

  it('denies with the apiserver message, allows after a RoleBinding, and answers access reviews', async () => {
    expect((await as(undefined, 'GET', '/api/v1/namespaces/default/pods')).status).toBe(401);
    const denied = await as('alice-token', 'GET', '/api/v1/namespaces/default/pods');
    expect(denied.status).toBe(403);
    expect(denied.json.message).toBe('pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');
    await as(secured.adminToken, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'alice-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
    });
    expect((await as('alice-token', 'GET', '/api/v1/namespaces/default/pods')).status).toBe(200);
    const review = (verb: string) =>
      as('alice-token', 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { namespace: 'default', verb, resource: 'pods' } },
      });
    expect((await review('list')).json.status.allowed).toBe(true);
    expect((await review('delete')).json.status.allowed).toBe(false);
  });

  it('checks the impersonate verb, then acts as the impersonated user', async () => {
    const denied = await as('alice-token', 'GET', '/api/v1/namespaces', undefined, { 'Impersonate-User': 'bob' });
    expect(denied.status).toBe(403);
    expect(denied.json.message).toContain('cannot impersonate resource "users"');
    const asBob = await as(secured.adminToken, 'GET', '/api/v1/namespaces', undefined, { 'Impersonate-User': 'bob' });
    expect(asBob.status).toBe(403);
    expect(asBob.json.message).toContain('User "bob" cannot list resource "namespaces"');
  });

  it('authenticates ServiceAccount tokens while the ServiceAccount exists', async () => {
    await as(secured.adminToken, 'POST', '/api/v1/namespaces/default/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
    const token = secured.serviceAccountToken('default', 'robot');
    const res = await as(token, 'GET', '/api/v1/namespaces/default/configmaps');
    expect(res.status).toBe(403);
    expect(res.json.message).toContain('User "system:serviceaccount:default:robot"');
  });
});
