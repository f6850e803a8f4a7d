import type { Sandbox } from '@berth/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appsCapability, appsOf } from '../../src/apps/capability.js';
import { clustersCapability } from '../../src/clusters/capability.js';
import { startTestSandbox } from '../clusters/sandbox-fleet.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { shopYaml } from './fixtures.js';

const WORKER = `    - name: worker
      type: worker
      image: ghcr.io/acme/worker:1.0.0
`;

describe.each(eachDatabase())('applications on $dialect', (database) => {
  let t: TestApp;
  let sandbox: Sandbox;
  let alice: string; // owner of team-a
  let vera: string; // viewer of team-a
  let bob: string; // owner of team-b
  const yaml = { 'content-type': 'application/yaml' };
  const base = '/api/v1/workspaces/team-a/apps';

  beforeAll(async () => {
    sandbox = await startTestSandbox({ nodes: 1 });
    t = await startTestApp(database, { capabilities: [clustersCapability, appsCapability], env: { BERTH_SANDBOX: 'off' } });
    alice = await t.userToken('alice');
    vera = await t.userToken('vera');
    bob = await t.userToken('bob');
    for (const [ws, user, role] of [['team-a', 'alice', 'owner'], ['team-a', 'vera', 'viewer'], ['team-b', 'bob', 'owner']] as const) {
      await t.request(t.adminToken, { method: 'POST', url: '/api/v1/workspaces', body: { name: ws } });
      await t.request(t.adminToken, { method: 'PUT', url: `/api/v1/workspaces/${ws}/members/${user}`, body: { role } });
    }
    const registered = await t.request(t.adminToken, { method: 'POST', url: '/api/v1/clusters', body: { name: 'sandbox', kubeconfig: sandbox.kubeconfig, simulated: true } });
    expect(registered.statusCode).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it('GIVEN YAML WHEN created THEN revision 1 with ETag, workspace filled in, environments with cluster warnings', async () => {
    const r = await t.request(alice, { method: 'POST', url: base, body: shopYaml(), headers: { ...yaml, 'x-berth-message': 'first' } });
    expect(r.statusCode, r.body).toBe(201);
    const app = r.json();
    expect(r.headers.etag).toBe(`"${app.resourceVersion}"`);
    expect(app).toMatchObject({ workspace: 'team-a', name: 'shop', revision: 1, status: 'active', labels: { team: 'web' } });
    expect(app.spec.metadata.workspace).toBe('team-a');
    expect(app.specText).toBe(shopYaml());
    expect(app.environments).toEqual([
      { name: 'dev', cluster: 'sandbox', namespace: 'shop-dev', delivery: 'direct', clusterKnown: true },
      expect.objectContaining({ name: 'prod', cluster: 'prod-1', delivery: 'gitops', clusterKnown: false, warning: expect.stringContaining('prod-1 is not registered') }),
    ]);
    const again = await t.request(alice, { method: 'POST', url: base, body: shopYaml(), headers: yaml });
    expect(again.statusCode).toBe(409);
  });

  it('GIVEN YAML with three errors THEN 422 lists each path with its line', async () => {
    const bad = `apiVersion: berth.dev/v1alpha1
kind: Application
metadata:
  name: Bad_Name
spec:
  components:
    - name: web
      type: webservice
      image: nginx
      replicas: many
      colour: blue
`;
    const r = await t.request(alice, { method: 'POST', url: base, body: bad, headers: yaml });
    expect(r.statusCode).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const errors = r.json().errors as Array<{ path: string; line: number; column: number; message: string }>;
    expect(errors.map((e) => [e.path, e.line])).toEqual([
      ['metadata.name', 4],
      ['spec.components[0].replicas', 10],
      ['spec.components[0].colour', 11],
    ]);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(5);

    const other = await t.request(alice, { method: 'POST', url: base, body: shopYaml().replace('name: shop', 'name: shop\n  workspace: team-b'), headers: yaml });
    expect(other.statusCode).toBe(422);
    expect(other.json().errors).toEqual([expect.objectContaining({ path: 'metadata.workspace', line: 5 })]);
  });

  it('GIVEN JSON documents or envelopes THEN they are accepted like YAML', async () => {
    const doc = { apiVersion: 'berth.dev/v1alpha1', kind: 'Application', metadata: { name: 'api' }, spec: { components: [{ name: 'api', type: 'worker', image: 'api:1' }] } };
    const r1 = await t.request(alice, { method: 'POST', url: base, body: doc });
    expect(r1.statusCode, r1.body).toBe(201);
    expect(r1.json().format).toBe('json');
    const r2 = await t.request(alice, { method: 'POST', url: base, body: { spec: shopYaml().replace('name: shop', 'name: shop2'), message: 'via envelope' } });
    expect(r2.statusCode, r2.body).toBe(201);
    const revs = await t.request(alice, { method: 'GET', url: `${base}/shop2/revisions` });
    expect(revs.json().items[0]).toMatchObject({ revision: 1, author: 'alice', message: 'via envelope' });
  });

  it('GIVEN an update THEN it needs the version, makes revision 2, and the diff shows the spec and object changes', async () => {
    const current = await t.request(alice, { method: 'GET', url: `${base}/shop` });
    const etag = current.headers.etag as string;
    const noVersion = await t.request(alice, { method: 'PUT', url: `${base}/shop`, body: shopYaml('ghcr.io/acme/shop:1.5.0'), headers: yaml });
    expect(noVersion.statusCode).toBe(428);
    const updated = await t.request(alice, {
      method: 'PUT',
      url: `${base}/shop`,
      body: shopYaml('ghcr.io/acme/shop:1.5.0', WORKER),
      headers: { ...yaml, 'if-match': etag, 'x-berth-message': 'bump' },
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ revision: 2 });
    expect(updated.headers.etag).not.toBe(etag);
    const stale = await t.request(alice, { method: 'PUT', url: `${base}/shop`, body: shopYaml('x:1'), headers: { ...yaml, 'if-match': etag } });
    expect(stale.statusCode).toBe(409);
    expect((await t.request(alice, { method: 'GET', url: `${base}/shop` })).json().revision).toBe(2);

    const revisions = (await t.request(alice, { method: 'GET', url: `${base}/shop/revisions` })).json().items;
    expect(revisions.map((r: { revision: number; message: string }) => [r.revision, r.message])).toEqual([[2, 'bump'], [1, 'first']]);
    expect(revisions[0].renderHashes.dev).toMatch(/^[0-9a-f]{64}$/);
    expect(revisions[0].renderHashes.dev).not.toBe(revisions[1].renderHashes.dev);
    const one = await t.request(alice, { method: 'GET', url: `${base}/shop/revisions/1` });
    expect(one.json()).toMatchObject({ revision: 1, specText: shopYaml(), format: 'yaml' });
    expect((await t.request(alice, { method: 'GET', url: `${base}/shop/revisions/9` })).statusCode).toBe(404);

    const diff = await t.request(alice, { method: 'GET', url: `${base}/shop/revisions/1/diff/2?env=dev` });
    expect(diff.statusCode, diff.body).toBe(200);
    const body = diff.json();
    expect(body.spec).toContain('-      image: ghcr.io/acme/shop:1.4.0\n+      image: ghcr.io/acme/shop:1.5.0');
    expect(body.spec).toContain('+    - name: worker');
    const changes = body.objects.map((o: { change: string; kind: string; name: string }) => `${o.change} ${o.kind} ${o.name}`);
    expect(changes).toContain('changed Deployment web');
    expect(changes).toContain('added Deployment worker');
    expect(changes).not.toContain('changed Service web');
    const web = body.objects.find((o: { kind: string; name: string }) => o.kind === 'Deployment' && o.name === 'web');
    expect(web.diff).toMatch(/^\+[\s-]+image: ghcr\.io\/acme\/shop:1\.5\.0$/m);
    expect(web.diff).toMatch(/^-[\s-]+image: ghcr\.io\/acme\/shop:1\.4\.0$/m);
  });

  it('GIVEN an application THEN render gives its objects as YAML or JSON', async () => {
    const asYaml = await t.request(alice, { method: 'GET', url: `${base}/shop/render?env=dev`, headers: { accept: 'application/yaml' } });
    expect(asYaml.statusCode).toBe(200);
    expect(asYaml.headers['content-type']).toContain('application/yaml');
    expect(asYaml.body).toContain('kind: Deployment');
    const asJson = await t.request(alice, { method: 'GET', url: `${base}/shop/render?env=prod` });
    expect(asJson.json()).toMatchObject({ environment: 'prod', hash: expect.any(String) });
    expect(asJson.json().objects.every((o: { metadata: { namespace?: string } }) => o.metadata.namespace === undefined || o.metadata.namespace === 'shop')).toBe(true);
    expect((await t.request(alice, { method: 'GET', url: `${base}/shop/render?env=qa` })).statusCode).toBe(400);
  });

  it('GIVEN several applications THEN lists filter by environment, cluster and label, with pages', async () => {
    const names = async (url: string, token = alice) => (await t.request(token, { method: 'GET', url })).json().items.map((a: { name: string }) => a.name);
    expect(await names(base)).toEqual(['api', 'shop', 'shop2']);
    expect(await names(`${base}?cluster=prod-1`)).toEqual(['shop', 'shop2']);
    expect(await names(`${base}?environment=dev&label=team=web`)).toEqual(['shop', 'shop2']);
    expect(await names(`${base}?label=team=ops`)).toEqual([]);
    const first = (await t.request(alice, { method: 'GET', url: `${base}?limit=2` })).json();
    expect(first.items).toHaveLength(2);
    const second = (await t.request(alice, { method: 'GET', url: `${base}?limit=2&continue=${first.continue}` })).json();
    expect(second.items.map((a: { name: string }) => a.name)).toEqual(['shop2']);
    expect(second.continue).toBeUndefined();
  });

  it('GIVEN 50 concurrent updates with the same version THEN exactly one wins and the rest get 409', async () => {
    const created = await t.request(alice, { method: 'POST', url: base, body: shopYaml().replace('name: shop', 'name: race'), headers: yaml });
    const version = created.json().resourceVersion as string;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.request(alice, {
          method: 'PUT',
          url: `${base}/race`,
          body: shopYaml(`ghcr.io/acme/shop:2.${i}.0`).replace('name: shop', 'name: race'),
          headers: { ...yaml, 'if-match': `"${version}"` },
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    const revisions = (await t.request(alice, { method: 'GET', url: `${base}/race/revisions` })).json().items;
    expect(revisions).toHaveLength(2);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    expect((await t.request(alice, { method: 'GET', url: `${base}/race` })).json().specText).toBe(winner.specText);
  });

  it("GIVEN workspaces THEN a member of team-a gets 404 on team-b's applications and never sees them", async () => {
    const created = await t.request(bob, { method: 'POST', url: '/api/v1/workspaces/team-b/apps', body: shopYaml().replace('name: shop', 'name: secret'), headers: yaml });
    expect(created.statusCode).toBe(201);
    const b = '/api/v1/workspaces/team-b/apps';
    for (const route of [
      { method: 'GET', url: b },
      { method: 'POST', url: b, body: shopYaml(), headers: yaml },
      { method: 'GET', url: `${b}/secret` },
      { method: 'PUT', url: `${b}/secret`, body: shopYaml(), headers: { ...yaml, 'if-match': '"1"' } },
      { method: 'DELETE', url: `${b}/secret` },
      { method: 'GET', url: `${b}/secret/revisions` },
      { method: 'GET', url: `${b}/secret/revisions/1` },
      { method: 'GET', url: `${b}/secret/revisions/1/diff/1` },
      { method: 'GET', url: `${b}/secret/render?env=dev` },
    ]) {
      const r = await t.request(alice, route);
      expect(r.statusCode, `${route.method} ${route.url}`).toBe(404);
      expect(r.json().detail).not.toContain('secret');
    }
    const all = (await t.request(alice, { method: 'GET', url: '/api/v1/apps?limit=500' })).json().items;
    expect(all.every((a: { workspace: string }) => a.workspace === 'team-a')).toBe(true);
    const admin = (await t.request(t.adminToken, { method: 'GET', url: '/api/v1/apps?limit=500' })).json().items;
    expect(admin.some((a: { workspace: string }) => a.workspace === 'team-b')).toBe(true);
    const viewer = await t.request(vera, { method: 'PUT', url: `${base}/shop`, body: shopYaml(), headers: { ...yaml, 'if-match': '"2"' } });
    expect(viewer.statusCode).toBe(403);
    expect((await t.request(vera, { method: 'GET', url: `${base}/shop` })).statusCode).toBe(200);
  });

  it('GIVEN a delete THEN the application is gone, or marked deleting until delivery finalizes it', async () => {
    expect((await t.request(alice, { method: 'DELETE', url: `${base}/api` })).statusCode).toBe(204);
    expect((await t.request(alice, { method: 'GET', url: `${base}/api` })).statusCode).toBe(404);

    const requests: string[] = [];
    appsOf(t.deps).service.onDeletionRequested((r) => void requests.push(`${r.workspace}/${r.name}:${r.environments.map((e) => e.name).join(',')}`));
    const r = await t.request(alice, { method: 'DELETE', url: `${base}/shop2` });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toMatchObject({ status: 'deleting', deletionRequestedAt: expect.any(String) });
    expect(requests).toEqual(['team-a/shop2:dev,prod']);
    const version = r.json().resourceVersion;
    const blocked = await t.request(alice, { method: 'PUT', url: `${base}/shop2`, body: shopYaml().replace('name: shop', 'name: shop2'), headers: { ...yaml, 'if-match': `"${version}"` } });
    expect(blocked.statusCode).toBe(409);
    await appsOf(t.deps).service.finalizeDeletion('team-a', 'shop2');
    expect((await t.request(alice, { method: 'GET', url: `${base}/shop2` })).statusCode).toBe(404);
  });
});
