/**
 * `GET /api/v1/runs`, the runs of every application, on SQLite and PostgreSQL: newest first
 * across workspaces, stable pages, filters by state (comma list), workspace, application and
 * environment, the failing step with its message, what started each run, and only the
 * workspaces the caller may see. Also: the route and the new list parameters are in the
 * OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowCapability, workflowOf } from '../../src/workflow/capability.js';
import { ExecutorRegistry } from '../../src/workflow/executor-registry.js';
import type { RunSource } from '../../src/workflow/run-source.js';
import type { WorkflowRunner } from '../../src/workflow/runner.js';
import { singleStepPlan } from '../../src/wiring/plans.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appWith, ManualClock, ScriptedExecutor } from './support.js';

interface Item {
  id: string;
  workspace: string;
  application: string;
  environment: string;
  state: string;
  trigger: string;
  createdBy?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  failedStep?: { name: string; type: string; state: string; message?: string };
}

describe.each(eachDatabase())('the runs of every application on $dialect', (database) => {
  let t: TestApp;
  let runner: WorkflowRunner;
  let dana: string; // developer of team-a only
  const clock = new ManualClock();
  const source: RunSource = {
    async loadRevision(_ws, app) {
      return { revision: 1, spec: appWith([{ name: 'web', type: 'deploy', components: ['web'] }], { name: app }) };
    },
  };
  /** Run ids in creation order. */
  const created: Array<{ id: string; workspace: string; app: string; environment: string }> = [];
  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      const claimed = await runner.tick();
      await runner.idle();
      if (claimed === 0) return;
    }
  };
  const all = async (query: string, token = t.adminToken, limit = 2): Promise<Item[]> => {
    const items: Item[] = [];
    let next: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const r = await t.request(token, { method: 'GET', url: `/api/v1/runs?limit=${limit}${query ? `&${query}` : ''}${next ? `&continue=${next}` : ''}` });
      expect(r.statusCode, r.body).toBe(200);
      const page = r.json() as { items: Item[]; continue?: string };
      items.push(...page.items);
      if (!page.continue) return items;
      next = page.continue;
    }
    throw new Error('too many pages');
  };
  const ids = async (query: string, token?: string) => (await all(query, token)).map((r) => r.id);
  const newestFirst = (pick: (r: (typeof created)[number]) => boolean) => created.filter(pick).map((r) => r.id).reverse();

  beforeAll(async () => {
    const executors = new ExecutorRegistry([
      new ScriptedExecutor('deploy', (ctx) =>
        ctx.target.application === 'broken'
          ? { status: 'failed', message: 'web: ImagePullBackOff: ghcr.io/acme/broken:1.0.0 cannot be pulled', retryable: false }
          : { status: 'succeeded' },
      ),
    ]);
    t = await startTestApp(database, { capabilities: [workflowCapability({ executors, source, clock, onRunner: (r) => (runner = r) })] });
    dana = await t.userToken('dana');
    for (const ws of ['team-a', 'team-b']) await t.request(t.adminToken, { method: 'POST', url: '/api/v1/workspaces', body: { name: ws } });
    await t.request(t.adminToken, { method: 'PUT', url: '/api/v1/workspaces/team-a/members/dana', body: { role: 'developer' } });
    for (const [workspace, app, environment] of [
      ['team-a', 'shop', 'dev'],
      ['team-b', 'shop', 'dev'],
      ['team-a', 'broken', 'dev'],
      ['team-a', 'shop', 'prod'],
      ['team-b', 'ledger', 'prod'],
      ['team-a', 'cart', 'dev'],
    ] as const) {
      clock.advance(1_000);
      const r = await t.request(t.adminToken, { method: 'POST', url: `/api/v1/workspaces/${workspace}/apps/${app}/runs`, body: { environment } });
      expect(r.statusCode, r.body).toBe(201);
      created.push({ id: r.json().id, workspace, app, environment });
    }
    await settle();
    // A rollback, started as the wiring starts it; it stays pending (no rollback executor here).
    clock.advance(1_000);
    const { spec } = (await source.loadRevision('team-a', 'cart'))!;
    const rollback = await workflowOf(t.deps).service.startPlanned({ workspace: 'team-a', revision: 1, cluster: 'sandbox', namespace: 'cart', spec, plan: singleStepPlan('cart', 'dev', 'rollback', { toRevision: 1 }), createdBy: 'dana' });
    created.push({ id: rollback.id, workspace: 'team-a', app: 'cart', environment: 'dev' });
  }, 60_000);
  afterAll(async () => t?.close());

  it('GIVEN runs in two workspaces THEN the admin gets every one, newest first, across pages of 2, each with its state, trigger and times', async () => {
    const items = await all('');
    expect(items.map((r) => r.id)).toEqual(newestFirst(() => true));
    const shop = items.find((r) => r.id === created[0]!.id)!;
    expect(shop).toMatchObject({ workspace: 'team-a', application: 'shop', environment: 'dev', state: 'succeeded', trigger: 'deploy', createdBy: 'admin' });
    expect(shop.startedAt! >= shop.createdAt && shop.finishedAt! >= shop.startedAt!).toBe(true);
    expect(shop.failedStep).toBeUndefined();
    expect(items[0]).toMatchObject({ application: 'cart', trigger: 'rollback', createdBy: 'dana' });
    expect(['pending', 'running']).toContain(items[0]!.state);
    expect(items[0]!.finishedAt).toBeUndefined();
  });

  it('GIVEN a failed run THEN it carries the failing step and its message', async () => {
    const failed = await all('state=failed');
    expect(failed.map((r) => r.application)).toEqual(['broken']);
    expect(failed[0]!.failedStep).toEqual({
      name: 'web',
      type: 'deploy',
      state: 'failed',
      message: 'web: ImagePullBackOff: ghcr.io/acme/broken:1.0.0 cannot be pulled',
      finishedAt: expect.any(String),
    });
  });

  it('GIVEN filters THEN exactly the matching runs, newest first, across pages', async () => {
    expect(await ids('state=failed,running,pending')).toEqual(newestFirst((r) => r.app === 'broken' || created.indexOf(r) === created.length - 1));
    expect(await ids('state=FAILED')).toEqual(newestFirst((r) => r.app === 'broken'));
    expect(await ids('workspace=team-b')).toEqual(newestFirst((r) => r.workspace === 'team-b'));
    expect(await ids('app=shop')).toEqual(newestFirst((r) => r.app === 'shop'));
    expect(await ids('app=shop&environment=prod')).toEqual(newestFirst((r) => r.app === 'shop' && r.environment === 'prod'));
    expect(await ids('state=succeeded&workspace=team-a,team-b&app=ledger')).toEqual(newestFirst((r) => r.app === 'ledger'));
    expect(await ids('state=cancelled')).toEqual([]);
  });

  it("GIVEN a developer of team-a THEN only team-a's runs, whatever the filter; a member of both sees what the admin sees", async () => {
    expect(await ids('', dana)).toEqual(newestFirst((r) => r.workspace === 'team-a'));
    expect(await ids('workspace=team-b', dana)).toEqual([]);
    expect(await ids('app=ledger', dana)).toEqual([]);
    const max = await t.userToken('max');
    for (const ws of ['team-a', 'team-b']) await t.request(t.adminToken, { method: 'PUT', url: `/api/v1/workspaces/${ws}/members/max`, body: { role: 'viewer' } });
    for (const query of ['', 'state=succeeded', 'app=shop'])
      expect(await ids(query, max), query).toEqual(await ids(query));
    const outsider = await t.userToken('olga');
    expect(await ids('', outsider)).toEqual([]);
    expect((await t.request(undefined, { method: 'GET', url: '/api/v1/runs' })).statusCode).toBe(401);
  });

  it('GIVEN invalid filter values THEN 400 problem+json naming the query field', async () => {
    for (const [query, field] of [
      ['state=done', 'query.state'],
      ['state=', 'query.state'],
      ['workspace=Team-A', 'query.workspace'],
      ['app=Shop!', 'query.app'],
      ['limit=501', 'query.limit'],
      ['continue=nope', 'query.continue'],
    ]) {
      const r = await t.request(t.adminToken, { method: 'GET', url: `/api/v1/runs?${query}` });
      expect(r.statusCode, query).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().errors.map((e: { path: string }) => e.path), query).toContain(field);
    }
  });

  it('GIVEN the OpenAPI document THEN it describes GET /runs with its parameters and item shape', async () => {
    const doc = (await t.request(undefined, { method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/runs'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['app', 'continue', 'environment', 'limit', 'state', 'workspace']);
    const item = op.responses['200'].content['application/json'].schema.properties.items.items;
    expect(Object.keys(item.properties)).toEqual(expect.arrayContaining(['id', 'workspace', 'application', 'state', 'trigger', 'failedStep', 'createdBy', 'createdAt', 'startedAt', 'finishedAt']));
  });
});
