/**
 * The application list with last known health, on SQLite and PostgreSQL: health rows written
 * through the apps capability's health store (as the status recorder writes them), then the
 * list's health, environment, cluster, search and workspace filters — each followed across
 * pages of 2 — and what a member of one workspace may see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appsCapability, appsOf } from '../../src/apps/capability.js';
import type { EnvironmentHealthReport } from '../../src/apps/health-store.js';
import { clustersCapability } from '../../src/clusters/capability.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

function appYaml(name: string, environments: Array<[string, string]>): string {
  return `apiVersion: berth.dev/v1alpha1
kind: Application
metadata: { name: ${name}, labels: { team: web } }
spec:
  components:
    - { name: web, type: webservice, image: "ghcr.io/acme/${name}:1.0.0" }
  environments:
${environments.map(([env, cluster]) => `    - { name: ${env}, cluster: ${cluster}, namespace: ${name}-${env} }`).join('\n')}
`;
}

interface Listed {
  workspace: string;
  name: string;
  health?: string;
  reason?: string;
  environments: Array<{ name: string; cluster: string; health?: string; reason?: string; deployedRevision?: number; healthChangedAt?: string }>;
}

describe.each(eachDatabase())('the application list with health on $dialect', (database) => {
  let t: TestApp;
  let alice: string; // viewer of team-a only
  const report = (workspace: string, app: string, environment: string, cluster: string, health: EnvironmentHealthReport['health'], reason?: string) =>
    appsOf(t.deps).health.record({ workspace, app, environment, cluster, health, revision: 1, ...(reason ? { reason } : {}) });

  /** Every item of a list, following `continue` with pages of `limit`. */
  const all = async (url: string, token = t.adminToken, limit = 2): Promise<Listed[]> => {
    const items: Listed[] = [];
    let next: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const sep = url.includes('?') ? '&' : '?';
      const r = await t.request(token, { method: 'GET', url: `${url}${sep}limit=${limit}${next ? `&continue=${next}` : ''}` });
      expect(r.statusCode, r.body).toBe(200);
      const page = r.json() as { items: Listed[]; continue?: string };
      items.push(...page.items);
      if (!page.continue) return items;
      next = page.continue;
    }
    throw new Error('too many pages');
  };
  const names = async (url: string, token?: string) => (await all(url, token)).map((a) => `${a.workspace}/${a.name}`);

  beforeAll(async () => {
    t = await startTestApp(database, { capabilities: [clustersCapability, appsCapability], env: { BERTH_SANDBOX: 'off' } });
    alice = await t.userToken('alice');
    for (const ws of ['team-a', 'team-b']) await t.request(t.adminToken, { method: 'POST', url: '/api/v1/workspaces', body: { name: ws } });
    await t.request(t.adminToken, { method: 'PUT', url: '/api/v1/workspaces/team-a/members/alice', body: { role: 'viewer' } });
    const apps: Array<[string, string, Array<[string, string]>]> = [
      ['team-a', 'api', [['dev', 'east'], ['prod', 'west']]],
      ['team-a', 'billing', [['dev', 'east'], ['prod', 'west']]],
      ['team-a', 'cart', [['dev', 'east']]],
      ['team-a', 'docs', [['dev', 'east']]],
      ['team-a', 'search', [['dev', 'east'], ['prod', 'west']]],
      ['team-b', 'api', [['dev', 'east'], ['prod', 'west']]],
      ['team-b', 'ledger', [['prod', 'west']]],
    ];
    for (const [ws, name, envs] of apps) {
      const r = await t.request(t.adminToken, { method: 'POST', url: `/api/v1/workspaces/${ws}/apps`, body: appYaml(name, envs), headers: { 'content-type': 'application/yaml' } });
      expect(r.statusCode, r.body).toBe(201);
    }
    expect(await report('team-a', 'api', 'dev', 'east', 'Healthy')).toBe('changed');
    expect(await report('team-a', 'api', 'prod', 'west', 'Degraded', 'component web: ImagePullBackOff: cannot pull')).toBe('changed');
    await report('team-a', 'billing', 'dev', 'east', 'Progressing', 'component web: 1 of 2 replicas ready');
    await report('team-a', 'billing', 'prod', 'west', 'Healthy');
    await report('team-a', 'cart', 'dev', 'east', 'Degraded', 'component web: CrashLoopBackOff');
    await report('team-a', 'search', 'dev', 'east', 'Healthy');
    await report('team-a', 'search', 'prod', 'west', 'Missing', 'component web: not found');
    await report('team-b', 'api', 'dev', 'east', 'Degraded', 'component web: OOMKilled');
    await report('team-b', 'ledger', 'prod', 'west', 'Unknown', 'cluster west is unreachable');
    // docs was never deployed: no health.
  }, 60_000);
  afterAll(async () => t?.close());

  it('GIVEN recorded health THEN each application shows the worst of its environments (core order) with that reason, and each environment its own', async () => {
    const items = await all('/api/v1/apps');
    const api = items.find((a) => a.workspace === 'team-a' && a.name === 'api')!;
    expect(api).toMatchObject({ health: 'Degraded', reason: 'prod: component web: ImagePullBackOff: cannot pull' });
    expect(api.environments.map((e) => [e.name, e.health, e.deployedRevision])).toEqual([
      ['dev', 'Healthy', 1],
      ['prod', 'Degraded', 1],
    ]);
    expect(api.environments[1]!.reason).toBe('component web: ImagePullBackOff: cannot pull');
    expect(api.environments[0]!.healthChangedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(items.find((a) => a.name === 'billing')).toMatchObject({ health: 'Progressing' }); // Progressing is worse than Healthy
    expect(items.find((a) => a.name === 'search')).toMatchObject({ health: 'Missing' });
    const docs = items.find((a) => a.name === 'docs')!;
    expect(docs.health).toBeUndefined();
    expect(docs.environments[0]!.health).toBeUndefined();
    // The single read carries the same health.
    const one = (await t.request(t.adminToken, { method: 'GET', url: '/api/v1/workspaces/team-a/apps/api' })).json();
    expect(one).toMatchObject({ health: 'Degraded' });
  });

  it('GIVEN health filters THEN exactly the matching applications come back, in order, across pages of 2', async () => {
    expect(await names('/api/v1/apps?health=Degraded')).toEqual(['team-a/api', 'team-a/cart', 'team-b/api']);
    expect(await names('/api/v1/apps?health=degraded,Missing')).toEqual(['team-a/api', 'team-a/cart', 'team-a/search', 'team-b/api']);
    expect(await names('/api/v1/apps?health=Healthy')).toEqual([]); // no application is Healthy everywhere
    // With an environment or a cluster, health is that environment's.
    expect(await names('/api/v1/apps?environment=dev&health=Healthy')).toEqual(['team-a/api', 'team-a/search']);
    expect(await names('/api/v1/apps?cluster=west&health=Healthy,Unknown')).toEqual(['team-a/billing', 'team-b/ledger']);
    expect(await names('/api/v1/apps?environment=prod&cluster=west&health=Degraded')).toEqual(['team-a/api']);
    expect(await names('/api/v1/workspaces/team-a/apps?health=Degraded')).toEqual(['team-a/api', 'team-a/cart']);
  });

  it('GIVEN environment, cluster, search and workspace filters THEN they combine, across pages', async () => {
    expect(await names('/api/v1/apps?environment=prod')).toEqual(['team-a/api', 'team-a/billing', 'team-a/search', 'team-b/api', 'team-b/ledger']);
    expect(await names('/api/v1/apps?cluster=east&workspace=team-b')).toEqual(['team-b/api']);
    expect(await names('/api/v1/apps?search=AR')).toEqual(['team-a/cart', 'team-a/search']);
    expect(await names('/api/v1/apps?search=%25')).toEqual([]); // LIKE wildcards are literal
    expect(await names('/api/v1/apps?workspace=team-b,team-a&label=team%3Dweb')).toHaveLength(7);
  });

  it('GIVEN a viewer of team-a THEN the list, with any filter, never shows team-b', async () => {
    expect(await names('/api/v1/apps', alice)).toEqual(['team-a/api', 'team-a/billing', 'team-a/cart', 'team-a/docs', 'team-a/search']);
    expect(await names('/api/v1/apps?health=Degraded', alice)).toEqual(['team-a/api', 'team-a/cart']);
    expect(await names('/api/v1/apps?workspace=team-b', alice)).toEqual([]);
    expect(await names('/api/v1/apps?health=Unknown&cluster=west', alice)).toEqual([]);
    expect((await t.request(alice, { method: 'GET', url: '/api/v1/workspaces/team-b/apps?health=Degraded' })).statusCode).toBe(404);
  });

  it('GIVEN recorded health THEN the summary counts applications by their worst health, only in workspaces the caller sees', async () => {
    const summary = (url: string, token = t.adminToken) => t.request(token, { method: 'GET', url }).then((r) => r.json());
    expect(await summary('/api/v1/apps/health-summary')).toEqual({
      total: 7,
      notDeployed: 1,
      byHealth: { Degraded: 3, Progressing: 1, Missing: 1, Unknown: 1 },
    });
    expect(await summary('/api/v1/apps/health-summary?workspace=team-b')).toEqual({ total: 2, notDeployed: 0, byHealth: { Degraded: 1, Unknown: 1 } });
    expect(await summary('/api/v1/apps/health-summary', alice)).toEqual({
      total: 5,
      notDeployed: 1,
      byHealth: { Degraded: 2, Progressing: 1, Missing: 1 },
    });
    expect(await summary('/api/v1/apps/health-summary?workspace=team-b', alice)).toEqual({ total: 0, notDeployed: 0, byHealth: {} });
  });

  it('GIVEN a member of both workspaces THEN the merged page of her workspaces lists what the admin sees, in the same order, with each filter', async () => {
    const mia = await t.userToken('mia');
    for (const ws of ['team-a', 'team-b'])
      await t.request(t.adminToken, { method: 'PUT', url: `/api/v1/workspaces/${ws}/members/mia`, body: { role: 'viewer' } });
    for (const query of ['', '?health=Degraded', '?environment=prod', '?cluster=west&health=Unknown,Degraded', '?search=a'])
      expect(await names(`/api/v1/apps${query}`, mia), query).toEqual(await names(`/api/v1/apps${query}`));
    expect((await all('/api/v1/apps', mia, 3)).map((a) => a.name)).toEqual(['api', 'billing', 'cart', 'docs', 'search', 'api', 'ledger']);
  });

  it('GIVEN invalid filter values THEN 400 problem+json naming the query field', async () => {
    for (const [query, field] of [
      ['health=Sick', 'query.health'],
      ['health=', 'query.health'],
      ['health=Healthy,Bad', 'query.health'],
      ['workspace=Team_A', 'query.workspace'],
      ['search=', 'query.search'],
      ['limit=0', 'query.limit'],
      ['continue=garbage', 'query.continue'],
    ]) {
      const r = await t.request(t.adminToken, { method: 'GET', url: `/api/v1/apps?${query}` });
      expect(r.statusCode, query).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().errors.map((e: { path: string }) => e.path), query).toContain(field);
    }
    const sick = await t.request(t.adminToken, { method: 'GET', url: '/api/v1/apps?health=Sick' });
    expect(sick.json().errors[0].message).toContain('Healthy, Suspended, Progressing, Unknown, Missing, Degraded');
  });

  it('GIVEN the OpenAPI document THEN the list parameters and the health fields are described', async () => {
    const doc = (await t.request(undefined, { method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/apps'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['cluster', 'continue', 'environment', 'health', 'label', 'limit', 'search', 'workspace']);
    const wsOp = doc.paths['/api/v1/workspaces/{workspace}/apps'].get;
    expect(wsOp.parameters.filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['health', 'search']));
    expect(wsOp.parameters.filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name)).not.toContain('workspace');
    const item = op.responses['200'].content['application/json'].schema.properties.items.items;
    expect(item.properties.health.enum).toEqual(['Healthy', 'Suspended', 'Progressing', 'Unknown', 'Missing', 'Degraded']);
    expect(Object.keys(item.properties.environments.items.properties)).toEqual(expect.arrayContaining(['health', 'reason', 'deployedRevision', 'healthChangedAt']));
  });

  it('GIVEN the same verdict again THEN nothing is written; a new one rolls up; forgetting and deleting clear it', async () => {
    const health = appsOf(t.deps).health;
    const before = (await all('/api/v1/workspaces/team-a/apps?search=cart'))[0]!.environments[0]!.healthChangedAt;
    expect(await report('team-a', 'cart', 'dev', 'east', 'Degraded', 'component web: CrashLoopBackOff')).toBe('unchanged');
    expect(await report('team-a', 'cart', 'dev', 'east', 'Degraded', 'component web: ImagePullBackOff')).toBe('changed');
    const cart = (await all('/api/v1/workspaces/team-a/apps?search=cart'))[0]!;
    expect(cart.environments[0]).toMatchObject({ health: 'Degraded', reason: 'component web: ImagePullBackOff', healthChangedAt: before });
    expect(await report('team-a', 'cart', 'dev', 'east', 'Healthy')).toBe('changed');
    expect(await names('/api/v1/apps?health=Healthy')).toEqual(['team-a/cart']);
    await health.forget('team-a', 'cart', 'dev');
    expect((await all('/api/v1/workspaces/team-a/apps?search=cart'))[0]!.health).toBeUndefined();
    expect(await names('/api/v1/apps?health=Healthy')).toEqual([]);
    expect(await report('team-a', 'nope', 'dev', 'east', 'Healthy')).toBe('gone');
    expect((await t.request(t.adminToken, { method: 'DELETE', url: '/api/v1/workspaces/team-b/apps/ledger' })).statusCode).toBe(204);
    expect(await names('/api/v1/apps?health=Unknown')).toEqual([]);
  });
});
