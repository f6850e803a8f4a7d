/**
 * Tenancy across every route: workspaces A and B each with an application, a run and a git
 * repository; a user who is developer in A only. Every route with a `{workspace}` parameter
 * (from the live OpenAPI document) called for B's resources answers 404 — never 200 or 403
 * that would tell B exists — and the lists never show B's items.
 *
 * Run: npx vitest run packages/server/test/quality/tenancy.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createWorkspaceFixture, type WorkspaceFixture } from './fixtures.js';
import { wiredCapabilities } from './platform.js';
import { fillPath, readRouteCatalog } from './route-catalog.js';

/** Names only B has, searched for in every list body the user of A gets. */
const B_MARKERS = ['tenant-b', 'secret-b', 'repo-b'];

describe('tenancy: a developer of A and the resources of B', () => {
  let t: TestApp;
  let dev: string;
  let a: WorkspaceFixture;
  let b: WorkspaceFixture;

  beforeAll(async () => {
    t = await startTestApp(eachDatabase()[0]!, { capabilities: wiredCapabilities, env: { BERTH_SANDBOX: 'off' } });
    a = await createWorkspaceFixture(t, { workspace: 'tenant-a', app: 'shop-a', cluster: 'sandbox', repo: 'repo-a' });
    b = await createWorkspaceFixture(t, { workspace: 'tenant-b', app: 'secret-b', cluster: 'sandbox', repo: 'repo-b' });
    dev = await t.userToken('dana');
    const member = await t.request(t.adminToken, { method: 'PUT', url: '/api/v1/workspaces/tenant-a/members/dana', body: { role: 'developer' } });
    if (member.statusCode >= 300) throw new Error(member.body);
  }, 60_000);
  afterAll(async () => t?.close());

  function valuesOf(f: WorkspaceFixture, path: string): Record<string, string> {
    return {
      workspace: f.workspace,
      app: f.app,
      repo: f.repo,
      id: path.includes('read-tokens/{id}') ? f.readTokenId : f.runId,
      revision: f.revision,
      from: '1',
      to: '1',
      step: f.step,
      number: f.changeRequest,
      name: 'lint',
      pod: 'web-0',
      cluster: 'sandbox',
      namespace: `${f.workspace}-dev`,
      username: 'dana',
    };
  }

  it("GIVEN every route with a workspace parameter WHEN called for B's resources THEN 404, and the same call for A is not 404/403 on reads", async () => {
    const routes = (await readRouteCatalog(t.app)).filter((r) => r.pathParams.includes('workspace'));
    expect(routes.length).toBeGreaterThan(30);
    const leaks: string[] = [];
    for (const route of routes) {
      const url = fillPath(route.path, valuesOf(b, route.path));
      const r = await t.app.inject({
        method: route.method as 'GET',
        url,
        headers: { authorization: `Bearer ${dev}`, ...(route.hasBody ? { 'content-type': 'application/json' } : {}) },
        ...(route.hasBody ? { payload: '{}' } : {}),
      });
      if (r.statusCode !== 404) leaks.push(`${route.method} ${url} → ${r.statusCode} ${r.body.slice(0, 160)}`);
      for (const marker of B_MARKERS)
        if (r.statusCode !== 404 && r.body.includes(marker)) leaks.push(`${route.method} ${url} body shows ${marker}`);
    }
    expect(leaks).toEqual([]);
  }, 120_000);

  it("GIVEN the lists WHEN the developer of A reads them THEN A's items are there and B's never", async () => {
    const lists = [
      '/api/v1/apps',
      '/api/v1/workspaces',
      '/api/v1/clusters',
      '/api/v1/audit',
      '/api/v1/me',
      `/api/v1/workspaces/tenant-a/apps`,
      `/api/v1/workspaces/tenant-a/apps/${a.app}/runs`,
      `/api/v1/workspaces/tenant-a/git/repositories`,
      `/api/v1/workspaces/tenant-a/members`,
      `/api/v1/workspaces/tenant-a/namespaces`,
      `/api/v1/apps?label=team%3Dweb`,
      `/api/v1/audit?workspace=tenant-b`,
      `/api/v1/audit?resource=secret-b`,
      '/api/v1/runs',
      '/api/v1/runs?workspace=tenant-b',
      '/api/v1/apps?workspace=tenant-b',
    ];
    const seen: string[] = [];
    for (const url of lists) {
      const r = await t.request(dev, { method: 'GET', url });
      expect(r.statusCode, `${url} → ${r.body.slice(0, 200)}`).toBeLessThan(500);
      for (const marker of B_MARKERS) if (r.body.includes(marker)) seen.push(`${url} shows ${marker}: ${r.body.slice(0, 300)}`);
    }
    expect(seen).toEqual([]);
    const apps = await t.request(dev, { method: 'GET', url: '/api/v1/apps' });
    expect(apps.body).toContain('shop-a');
    const runs = await t.request(dev, { method: 'GET', url: '/api/v1/runs' });
    expect(runs.body).toContain(a.runId);
    const workspaces = await t.request(dev, { method: 'GET', url: '/api/v1/workspaces' });
    expect(workspaces.body).toContain('tenant-a');
  });
});
