import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachDatabase } from './support/databases.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe.each(eachDatabase())('workspaces on $dialect', (database) => {
  let t: TestApp;
  let alice: string; // owner of team-a
  let bob: string; // owner of team-b
  let vera: string; // viewer of team-a

  beforeAll(async () => {
    t = await startTestApp(database);
    alice = await t.userToken('alice');
    bob = await t.userToken('bob');
    vera = await t.userToken('vera');
    for (const name of ['team-a', 'team-b']) {
      const r = await t.request(t.adminToken, {
        method: 'POST',
        url: '/api/v1/workspaces',
        body: { name, description: `the ${name}` },
      });
      expect(r.statusCode).toBe(201);
    }
    await t.request(t.adminToken, {
      method: 'PUT',
      url: '/api/v1/workspaces/team-a/members/alice',
      body: { role: 'owner' },
    });
    await t.request(t.adminToken, {
      method: 'PUT',
      url: '/api/v1/workspaces/team-b/members/bob',
      body: { role: 'owner' },
    });
    await t.request(alice, {
      method: 'PUT',
      url: '/api/v1/workspaces/team-a/members/vera',
      body: { role: 'viewer' },
    });
  });
  afterAll(async () => t.close());

  it('GIVEN a member of team-a THEN team-b answers 404 on every route and never shows up in lists', async () => {
    const list = await t.request(alice, { method: 'GET', url: '/api/v1/workspaces' });
    expect(list.json().items.map((w: { name: string }) => w.name)).toEqual(['team-a']);
    const routes = [
      { method: 'GET', url: '/api/v1/workspaces/team-b' },
      {
        method: 'PATCH',
        url: '/api/v1/workspaces/team-b',
        body: { description: 'mine now', resourceVersion: '1' },
      },
      { method: 'DELETE', url: '/api/v1/workspaces/team-b' },
      { method: 'GET', url: '/api/v1/workspaces/team-b/members' },
      { method: 'PUT', url: '/api/v1/workspaces/team-b/members/alice', body: { role: 'owner' } },
      { method: 'DELETE', url: '/api/v1/workspaces/team-b/members/bob' },
      { method: 'GET', url: '/api/v1/workspaces/team-b/namespaces' },
      { method: 'GET', url: '/api/v1/workspaces/team-b/permissions' },
      { method: 'PUT', url: '/api/v1/workspaces/team-b/namespaces/sandbox/shop' },
    ];
    for (const route of routes) {
      const r = await t.request(alice, route);
      expect(r.statusCode, `${route.method} ${route.url}`).toBe(404);
      expect(r.json().detail).toBe('workspace team-b not found');
    }
    const missing = await t.request(alice, { method: 'GET', url: '/api/v1/workspaces/no-such' });
    expect(missing.json().detail).toBe('workspace no-such not found'); // same answer as for a hidden one
    expect(
      (await t.request(bob, { method: 'GET', url: '/api/v1/workspaces/team-b' })).json().description,
    ).toBe('the team-b');
  });

  it('GIVEN a viewer THEN reads work and changes get 403 with the reason', async () => {
    expect((await t.request(vera, { method: 'GET', url: '/api/v1/workspaces/team-a' })).statusCode).toBe(200);
    const r = await t.request(vera, {
      method: 'PATCH',
      url: '/api/v1/workspaces/team-a',
      body: { description: 'x', resourceVersion: '1' },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().detail).toMatch(/needs owner in workspace team-a; vera is viewer/);
  });

  it('GIVEN each role THEN /permissions lists the workspace actions the authorizer allows, and why not the others', async () => {
    const permissions = async (token: string) => {
      const r = await t.request(token, { method: 'GET', url: '/api/v1/workspaces/team-a/permissions' });
      expect(r.statusCode).toBe(200);
      return r.json() as { actions: string[]; denied: Record<string, string> };
    };
    const viewer = await permissions(vera);
    expect(viewer.actions).toEqual(
      expect.arrayContaining(['workspaces.read', 'members.list', 'namespaces.list']),
    );
    expect(viewer.actions).not.toContain('workspaces.update');
    expect(viewer.denied['workspaces.update']).toBe(
      'workspaces.update needs owner in workspace team-a; vera is viewer',
    );
    const owner = await permissions(alice);
    expect(owner.actions).toEqual(
      expect.arrayContaining(['workspaces.update', 'workspaces.delete', 'members.update']),
    );
    // Binding namespaces is for platform admins only, even for an owner.
    expect(owner.denied['namespaces.bind']).toMatch(/platform admin/);
    const admin = await permissions(t.adminToken);
    expect(admin.denied).toEqual({});
    // Exactly the actions of the workspace routes: allowed and denied together, each once.
    expect([...viewer.actions, ...Object.keys(viewer.denied)].sort()).toEqual([...admin.actions].sort());
    expect(admin.actions).not.toContain('workspaces.list'); // filtered, not workspace-scoped
    expect(admin.actions).not.toContain('workspaces.create');
  });

  it('GIVEN a stale resourceVersion or If-Match THEN 409 and nothing changes; without one 428', async () => {
    const read = await t.request(alice, { method: 'GET', url: '/api/v1/workspaces/team-a' });
    const etag = read.headers.etag as string;
    const { resourceVersion } = read.json();
    expect(etag).toBe(`"${resourceVersion}"`);

    const first = await t.request(alice, {
      method: 'PATCH',
      url: '/api/v1/workspaces/team-a',
      body: { displayName: 'Team A' },
      headers: { 'if-match': etag },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().resourceVersion).not.toBe(resourceVersion);
    expect(first.headers.etag).toBe(`"${first.json().resourceVersion}"`);

    const stale = await t.request(alice, {
      method: 'PATCH',
      url: '/api/v1/workspaces/team-a',
      body: { displayName: 'Lost update', resourceVersion },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().errors).toEqual([{ path: 'resourceVersion', message: 'is stale' }]);
    const staleHeader = await t.request(alice, {
      method: 'PATCH',
      url: '/api/v1/workspaces/team-a',
      body: { displayName: 'Lost update' },
      headers: { 'if-match': etag },
    });
    expect(staleHeader.statusCode).toBe(409);
    const garbage = await t.request(alice, {
      method: 'PATCH',
      url: '/api/v1/workspaces/team-a',
      body: { displayName: 'Lost update', resourceVersion: 'abc' },
    });
    expect(garbage.statusCode).toBe(409);

    const none = await t.request(alice, {
      method: 'PATCH',
      url: '/api/v1/workspaces/team-a',
      body: { displayName: 'Lost update' },
    });
    expect(none.statusCode).toBe(428);

    const now = await t.request(alice, { method: 'GET', url: '/api/v1/workspaces/team-a' });
    expect(now.json()).toMatchObject({
      displayName: 'Team A',
      resourceVersion: first.json().resourceVersion,
    });
  });

  it('GIVEN concurrent updates from the same version THEN exactly one wins and the others get 409', async () => {
    const { resourceVersion } = (
      await t.request(alice, { method: 'GET', url: '/api/v1/workspaces/team-a' })
    ).json();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.request(alice, {
          method: 'PATCH',
          url: '/api/v1/workspaces/team-a',
          body: { description: `writer ${i}`, resourceVersion },
        }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(7);
  });

  it('GIVEN an invalid body THEN a problem+json 400 with a path for every field', async () => {
    const r = await t.request(t.adminToken, {
      method: 'POST',
      url: '/api/v1/workspaces',
      body: { name: 'Not A Label', description: 42, colour: 'red' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = r.json();
    expect(body).toMatchObject({
      type: expect.stringContaining('https://'),
      title: 'Invalid input',
      status: 400,
      instance: '/api/v1/workspaces',
    });
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'colour',
      'description',
      'name',
    ]);
    const query = await t.request(t.adminToken, { method: 'GET', url: '/api/v1/workspaces?limit=9999' });
    expect(query.json().errors[0].path).toBe('query.limit');
    const dup = await t.request(t.adminToken, {
      method: 'POST',
      url: '/api/v1/workspaces',
      body: { name: 'team-a' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors).toEqual([{ path: 'name', message: 'is taken' }]);
  });

  it('GIVEN pages of workspaces THEN the cursor is stable while workspaces are added and removed', async () => {
    for (const n of ['p-01', 'p-02', 'p-03', 'p-04', 'p-05', 'p-06']) {
      await t.request(t.adminToken, { method: 'POST', url: '/api/v1/workspaces', body: { name: n } });
    }
    const page = async (token?: string) => {
      const r = await t.request(t.adminToken, {
        method: 'GET',
        url: `/api/v1/workspaces?limit=2${token ? `&continue=${token}` : ''}`,
      });
      expect(r.statusCode).toBe(200);
      return r.json() as { items: { name: string }[]; continue?: string };
    };
    const first = await page();
    expect(first.items.map((w) => w.name)).toEqual(['p-01', 'p-02']);
    // Changes before and after the cursor do not shift the next page.
    await t.request(t.adminToken, {
      method: 'POST',
      url: '/api/v1/workspaces',
      body: { name: 'a-new-first' },
    });
    await t.request(t.adminToken, { method: 'DELETE', url: '/api/v1/workspaces/p-01' });
    const second = await page(first.continue);
    expect(second.items.map((w) => w.name)).toEqual(['p-03', 'p-04']);
    expect(await page(first.continue)).toEqual(second); // same token, same page
    const names: string[] = [];
    let token: string | undefined = second.continue;
    while (token) {
      const next = await page(token);
      names.push(...next.items.map((w) => w.name));
      token = next.continue;
    }
    expect(names).toEqual(['p-05', 'p-06', 'team-a', 'team-b']);
    const bad = await t.request(t.adminToken, { method: 'GET', url: '/api/v1/workspaces?continue=garbage' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('query.continue');
  });

  it('GIVEN namespace bindings THEN only admins bind, members read them, and a namespace has one owner', async () => {
    expect(
      (
        await t.request(alice, {
          method: 'PUT',
          url: '/api/v1/workspaces/team-a/namespaces/sandbox/shop-dev',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.request(t.adminToken, {
          method: 'PUT',
          url: '/api/v1/workspaces/team-a/namespaces/sandbox/shop-dev',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await t.request(t.adminToken, {
          method: 'PUT',
          url: '/api/v1/workspaces/team-b/namespaces/sandbox/shop-dev',
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (await t.request(vera, { method: 'GET', url: '/api/v1/workspaces/team-a/namespaces' })).json(),
    ).toEqual({ items: [{ cluster: 'sandbox', namespace: 'shop-dev' }] });
    expect(await t.deps.workspaces.workspaceOfNamespace('sandbox', 'shop-dev')).toBe('team-a');
  });

  it('GIVEN a mutation THEN an audit event records who, what, where and the result; owners see only their workspace', async () => {
    await t.request(alice, {
      method: 'PUT',
      url: '/api/v1/workspaces/team-a/members/bob',
      body: { role: 'developer' },
      headers: { 'x-request-id': 'req-members-1' },
    });
    await t.request(alice, { method: 'DELETE', url: '/api/v1/workspaces/team-b' }); // denied (404)
    const mine = await t.request(alice, { method: 'GET', url: '/api/v1/audit?action=members.update' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items[0]).toMatchObject({
      actor: 'alice',
      action: 'members.update',
      resourceKind: 'members',
      resourceName: 'bob',
      workspace: 'team-a',
      result: 'success',
      status: 200,
      requestId: 'req-members-1',
    });
    const everything = (await t.request(alice, { method: 'GET', url: '/api/v1/audit?limit=500' })).json()
      .items as { workspace: string }[];
    expect(everything.every((e) => e.workspace === 'team-a')).toBe(true);
    const admin = await t.request(t.adminToken, {
      method: 'GET',
      url: '/api/v1/audit?workspace=team-b&actor=alice&action=workspaces.delete',
    });
    expect(admin.json().items[0]).toMatchObject({ result: 'failure', status: 404 });
    expect((await t.request(vera, { method: 'GET', url: '/api/v1/audit' })).json().items).toEqual([]);
  });
});
