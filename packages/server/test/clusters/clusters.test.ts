import { createServer } from 'node:net';
import type { Sandbox } from '@berth/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersCapability, clustersOf } from '../../src/clusters/capability.js';
import { SANDBOX_FLEET } from '../../src/clusters/sandbox-boot.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startTestSandbox } from './sandbox-fleet.js';

describe.each(eachDatabase())('clusters on $dialect', (database) => {
  let t: TestApp;
  let sandbox: Sandbox;
  let alice: string; // owner of team-a, which has a namespace on the sandbox
  let bob: string; // owner of team-b, which has none
  const bodies: string[] = [];
  const call = async (token: string, o: { method: string; url: string; body?: unknown; headers?: Record<string, string> }) => {
    const r = await t.request(token, o);
    bodies.push(r.body);
    return r;
  };

  beforeAll(async () => {
    sandbox = await startTestSandbox({ nodes: SANDBOX_FLEET });
    t = await startTestApp(database, { capabilities: [clustersCapability], env: { BERTH_SANDBOX: 'off' } });
    alice = await t.userToken('alice');
    bob = await t.userToken('bob');
    for (const [ws, user] of [['team-a', 'alice'], ['team-b', 'bob']] as const) {
      await call(t.adminToken, { method: 'POST', url: '/api/v1/workspaces', body: { name: ws } });
      await call(t.adminToken, { method: 'PUT', url: `/api/v1/workspaces/${ws}/members/${user}`, body: { role: 'owner' } });
    }
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it('GIVEN the sandbox kubeconfig WHEN registered THEN the cluster reports its version and a GPU node summary', async () => {
    const created = await call(t.adminToken, {
      method: 'POST',
      url: '/api/v1/clusters',
      body: { name: 'sandbox', kubeconfig: sandbox.kubeconfig, simulated: true },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: 'sandbox', simulated: true, status: 'ready', server: sandbox.url });
    expect(created.json().version).toMatch(/^v1\./);

    const nodes = await call(t.adminToken, { method: 'GET', url: '/api/v1/clusters/sandbox/nodes' });
    expect(nodes.statusCode, nodes.body).toBe(200);
    const summary = nodes.json();
    expect(summary).toMatchObject({ count: 5, ready: 5, gpus: { capacity: 8, allocatable: 8 } });
    expect(summary.capacity).toMatchObject({ cpu: '44', memory: '176Gi', 'nvidia.com/gpu': '8' });
    expect(summary.groups.map((g: { name: string; count: number; by: string }) => [g.name, g.count, g.by])).toEqual([
      ['general', 3, 'node-group'],
      ['gpu', 2, 'node-group'],
    ]);
    expect(summary.groups[1].gpus.capacity).toBe(8);
  });

  it('GIVEN a registered cluster THEN its kubeconfig is in no response and not in clear in the database', async () => {
    await call(t.adminToken, { method: 'GET', url: '/api/v1/clusters' });
    await call(t.adminToken, { method: 'GET', url: '/api/v1/clusters/sandbox' });
    await call(t.adminToken, { method: 'POST', url: '/api/v1/clusters/sandbox/check' });
    await call(t.adminToken, { method: 'GET', url: '/api/v1/clusters/sandbox/namespaces' });
    for (const body of bodies) {
      expect(body).not.toContain(sandbox.adminToken);
      expect(body).not.toContain('current-context');
    }
    const db = t.deps.store.db;
    const rows = [
      ...(await db.selectFrom('secrets').selectAll().execute()),
      ...(await (db as never as typeof db).selectFrom('clusters' as never).selectAll().execute()),
    ];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(sandbox.adminToken);
    expect(dump).not.toContain('current-context');
    expect(dump).not.toContain(Buffer.from(sandbox.adminToken).toString('base64'));
  });

  it('GIVEN a bad kubeconfig THEN 422 says what is wrong; an unreachable server gives a clear problem without the token', async () => {
    const notYaml = await call(t.adminToken, {
      method: 'POST',
      url: '/api/v1/clusters',
      body: { name: 'broken', kubeconfig: 'clusters: [' },
    });
    expect(notYaml.statusCode).toBe(422);
    expect(notYaml.headers['content-type']).toContain('application/problem+json');
    expect(notYaml.json().detail).toMatch(/cannot be read/);
    expect(notYaml.json().errors[0].path).toBe('kubeconfig');

    const noContext = sandbox.kubeconfig.replace('current-context: sandbox', 'current-context: elsewhere');
    const r2 = await call(t.adminToken, { method: 'POST', url: '/api/v1/clusters', body: { name: 'broken', kubeconfig: noContext } });
    expect(r2.statusCode).toBe(422);
    expect(r2.json().detail).toMatch(/current-context/);

    const closed = await closedPort();
    const refused = sandbox.kubeconfig.replace(sandbox.url, `http://127.0.0.1:${closed}`);
    const r3 = await call(t.adminToken, { method: 'POST', url: '/api/v1/clusters', body: { name: 'broken', kubeconfig: refused } });
    expect(r3.statusCode).toBe(502);
    expect(r3.json().detail).toBe(`cannot reach http://127.0.0.1:${closed}: connection refused`);
    expect(r3.body).not.toContain(sandbox.adminToken);
    expect((await call(t.adminToken, { method: 'GET', url: '/api/v1/clusters/broken' })).statusCode).toBe(404);
  });

  it('GIVEN workspaces THEN members see only clusters their workspaces are bound to, and 404 elsewhere', async () => {
    expect((await call(alice, { method: 'GET', url: '/api/v1/clusters' })).json().items).toEqual([]);
    await clustersOf(t.deps).ensureWorkspaceNamespace('team-a', 'sandbox', 'team-a-dev');
    const ns = await sandbox.store.get(sandbox.registry.byKind('v1', 'Namespace')!, undefined, 'team-a-dev');
    expect(ns?.metadata.labels).toMatchObject({ 'berth.dev/workspace': 'team-a' });

    expect((await call(alice, { method: 'GET', url: '/api/v1/clusters' })).json().items.map((c: { name: string }) => c.name)).toEqual(['sandbox']);
    expect((await call(alice, { method: 'GET', url: '/api/v1/clusters/sandbox' })).statusCode).toBe(200);
    const namespaces = await call(alice, { method: 'GET', url: '/api/v1/clusters/sandbox/namespaces' });
    expect(namespaces.json().items).toEqual([expect.objectContaining({ name: 'team-a-dev', workspace: 'team-a' })]);
    expect((await call(alice, { method: 'POST', url: '/api/v1/clusters/sandbox/check' })).statusCode).toBe(403);

    expect((await call(bob, { method: 'GET', url: '/api/v1/clusters' })).json().items).toEqual([]);
    for (const route of [
      { method: 'GET', url: '/api/v1/clusters/sandbox' },
      { method: 'GET', url: '/api/v1/clusters/sandbox/nodes' },
      { method: 'GET', url: '/api/v1/clusters/sandbox/namespaces' },
      { method: 'POST', url: '/api/v1/clusters/sandbox/check' },
      { method: 'PATCH', url: '/api/v1/clusters/sandbox', body: { displayName: 'x', resourceVersion: '1' } },
      { method: 'DELETE', url: '/api/v1/clusters/sandbox' },
    ]) {
      const r = await call(bob, route);
      expect(r.statusCode, `${route.method} ${route.url}`).toBe(404);
    }
    expect((await call(bob, { method: 'POST', url: '/api/v1/clusters', body: { name: 'mine', kubeconfig: sandbox.kubeconfig } })).statusCode).toBe(403);

    const taken = clustersOf(t.deps).ensureWorkspaceNamespace('team-b', 'sandbox', 'team-a-dev');
    await expect(taken).rejects.toThrow(/belongs to another workspace/);
  });

  it('GIVEN a cluster that stops answering WHEN checked THEN 502 and the status says unreachable; a new kubeconfig reconnects', async () => {
    const other = await startTestSandbox({ nodes: 1 });
    const r = await call(t.adminToken, { method: 'POST', url: '/api/v1/clusters', body: { name: 'edge', kubeconfig: other.kubeconfig } });
    expect(r.statusCode).toBe(201);
    expect((await call(t.adminToken, { method: 'GET', url: '/api/v1/clusters/edge/nodes' })).json().count).toBe(1);
    await other.stop();
    const check = await call(t.adminToken, { method: 'POST', url: '/api/v1/clusters/edge/check' });
    expect(check.statusCode).toBe(502);
    expect(check.json().detail).toBe(`cannot reach ${other.url}: connection refused`);
    const read = await call(t.adminToken, { method: 'GET', url: '/api/v1/clusters/edge' });
    expect(read.json()).toMatchObject({ status: 'unreachable', statusMessage: `cannot reach ${other.url}: connection refused` });

    const stale = await call(t.adminToken, { method: 'PATCH', url: '/api/v1/clusters/edge', body: { kubeconfig: sandbox.kubeconfig, resourceVersion: '7' } });
    expect(stale.statusCode).toBe(409);
    const moved = await call(t.adminToken, {
      method: 'PATCH',
      url: '/api/v1/clusters/edge',
      body: { kubeconfig: sandbox.kubeconfig },
      headers: { 'if-match': read.headers.etag as string },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await call(t.adminToken, { method: 'GET', url: '/api/v1/clusters/edge/nodes' })).json().count).toBe(5);
    expect((await call(t.adminToken, { method: 'POST', url: '/api/v1/clusters/edge/check' })).json().status).toBe('ready');

    expect((await call(t.adminToken, { method: 'DELETE', url: '/api/v1/clusters/edge' })).statusCode).toBe(204);
    expect((await call(t.adminToken, { method: 'GET', url: '/api/v1/clusters/edge' })).statusCode).toBe(404);
    expect(await t.deps.secrets.get('cluster', 'edge')).toBeUndefined();
  });
});

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
