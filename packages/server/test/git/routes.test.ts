import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitCapability, embeddedGitOf } from '../../src/git/capability.js';
import { GitEventHub, type GitEventListener } from '../../src/git/events.js';
import { GitHubCredentialStore } from '../../src/git/github/credentials.js';
import { signGitHubPayload, verifyGitHubSignature } from '../../src/git/github/webhooks.js';
import { GOOD_CHART } from '../repocheck/fixtures.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const author = { name: 'Dev', email: 'dev@example.com' };
const SECRET = 'webhook-secret-0123456789';

describe('git HTTP API: embedded change requests, repocheck, GitHub webhooks', () => {
  let t: TestApp;
  let dev: string;
  let viewer: string;
  const events: Parameters<GitEventListener>[0][] = [];
  const base = '/api/v1/workspaces/retail/git/repositories';

  beforeAll(async () => {
    const hub = new GitEventHub();
    hub.subscribe((event) => {
      events.push(event);
    });
    t = await startTestApp(eachDatabase()[0]!, { capabilities: [createGitCapability({ events: hub })] });
    await t.deps.workspaces.create({ name: 'retail', description: '' });
    dev = await t.userToken('dana');
    await t.deps.workspaces.setMember('retail', 'dana', 'developer');
    viewer = await t.userToken('vic');
    await t.deps.workspaces.setMember('retail', 'vic', 'viewer');
    await new GitHubCredentialStore({ secrets: t.deps.secrets, owner: 'acme' }).put('shop-apps', {
      token: 'ghp_x',
      webhookSecret: SECRET,
    });
  });
  afterAll(async () => t.close());

  it('lets an owner create a repository, not a developer', async () => {
    expect(
      (await t.request(dev, { method: 'POST', url: base, body: { name: 'shop-apps' } })).statusCode,
    ).toBe(403);
    const created = await t.request(t.adminToken, {
      method: 'POST',
      url: base,
      body: { name: 'shop-apps', description: 'apps' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'shop-apps',
      defaultBranch: 'main',
      cloneUrl: '/git/shop-apps.git',
    });
    expect((await t.request(viewer, { method: 'GET', url: base })).json().items).toHaveLength(1);
  });

  it('opens, reviews, checks and merges a change request; a conflicting one answers 409', async () => {
    const { git } = embeddedGitOf(t.deps);
    await git.commit('shop-apps', {
      branch: 'a',
      message: 'a',
      author,
      changes: [{ path: 'app.yaml', content: 'replicas: 2\n' }],
    });
    await git.commit('shop-apps', {
      branch: 'b',
      message: 'b',
      author,
      changes: [{ path: 'app.yaml', content: 'replicas: 3\n' }],
    });
    const open = (sourceBranch: string) =>
      t.request(dev, {
        method: 'POST',
        url: `${base}/shop-apps/change-requests`,
        body: { title: sourceBranch, sourceBranch },
      });
    expect((await open('a')).json()).toMatchObject({ number: 1, author: 'dana', state: 'open' });
    expect((await open('b')).statusCode).toBe(201);
    expect(
      (
        await t.request(viewer, {
          method: 'POST',
          url: `${base}/shop-apps/change-requests/1/merge`,
          body: {},
        })
      ).statusCode,
    ).toBe(403);

    await t.request(viewer, { method: 'GET', url: `${base}/shop-apps/change-requests/1` });
    expect(
      (
        await t.request(dev, {
          method: 'POST',
          url: `${base}/shop-apps/change-requests/1/reviews`,
          body: { state: 'approved' },
        })
      ).statusCode,
    ).toBe(201);
    const check = await t.request(dev, {
      method: 'PUT',
      url: `${base}/shop-apps/change-requests/1/checks/validate-repo`,
      body: { status: 'success', summary: 'ok' },
    });
    expect(check.json()).toMatchObject({ name: 'validate-repo', status: 'success' });
    const detail = (
      await t.request(viewer, { method: 'GET', url: `${base}/shop-apps/change-requests/1` })
    ).json();
    expect(detail).toMatchObject({
      approvals: ['dana'],
      mergeable: true,
      fastForward: true,
      diff: [{ path: 'app.yaml', status: 'added' }],
    });
    // The list says each change request's checks: no detail per row.
    const listed = await t.request(viewer, {
      method: 'GET',
      url: `${base}/shop-apps/change-requests?state=open`,
    });
    expect(
      listed.json().items.map((cr: { number: number; checks: unknown }) => [cr.number, cr.checks]),
    ).toEqual([
      [2, []],
      [1, [{ name: 'validate-repo', status: 'success' }]],
    ]);
    // Only GitOps records which application a change request delivers; a person cannot claim one.
    const claimed = await t.request(dev, {
      method: 'POST',
      url: `${base}/shop-apps/change-requests`,
      body: { title: 'c', sourceBranch: 'a', app: { workspace: 'retail', name: 'x', environment: 'y' } },
    });
    expect(claimed.statusCode).toBe(400);

    const merged = await t.request(dev, {
      method: 'POST',
      url: `${base}/shop-apps/change-requests/1/merge`,
      body: { method: 'fast-forward' },
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().method).toBe('fast-forward');
    const conflict = await t.request(dev, {
      method: 'POST',
      url: `${base}/shop-apps/change-requests/2/merge`,
      body: {},
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(conflict.json().errors).toEqual([{ path: 'app.yaml', message: 'changed on both branches' }]);
    expect(
      (await t.request(viewer, { method: 'GET', url: `${base}/shop-apps/change-requests/2` })).json(),
    ).toMatchObject({ conflicts: ['app.yaml'], mergeable: false });
  });

  it('says up front which change-request actions each member may take (/permissions)', async () => {
    const permissions = async (token: string) =>
      (await t.request(token, { method: 'GET', url: '/api/v1/workspaces/retail/permissions' })).json() as {
        actions: string[];
        denied: Record<string, string>;
      };
    const developer = await permissions(dev);
    expect(developer.actions).toEqual(
      expect.arrayContaining([
        'changes.read',
        'changes.review',
        'changes.merge',
        'changes.close',
        'changes.comment',
      ]),
    );
    expect(developer.denied['gitrepos.create']).toBe(
      'gitrepos.create needs owner in workspace retail; dana is developer',
    );
    const reader = await permissions(viewer);
    expect(reader.actions).toEqual(expect.arrayContaining(['changes.list', 'changes.read', 'gitrepos.read']));
    for (const action of ['changes.review', 'changes.merge', 'changes.close', 'changes.comment'])
      expect(reader.denied[action]).toBe(`${action} needs developer in workspace retail; vic is viewer`);
  });

  it('hides repositories of other workspaces', async () => {
    await t.deps.workspaces.create({ name: 'other', description: '' });
    const response = await t.request(t.adminToken, {
      method: 'GET',
      url: '/api/v1/workspaces/other/git/repositories/shop-apps',
    });
    expect(response.statusCode).toBe(404);
  });

  it('validates a repository over HTTP: 200 with problems, 400 for an unsafe URL', async () => {
    const { git } = embeddedGitOf(t.deps);
    await git.createRepository({ name: 'target', workspace: 'retail' });
    await git.commit('target', {
      branch: 'main',
      message: 'chart',
      author,
      changes: Object.entries(GOOD_CHART).map(([p, content]) => ({ path: p, content })),
    });
    const url = '/api/v1/workspaces/retail/repocheck';
    const good = await t.request(dev, {
      method: 'POST',
      url,
      body: { repo: { embedded: 'target' }, chartPath: 'charts/shop', environments: ['dev', 'qa'] },
    });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toEqual({
      ok: false,
      problems: [
        {
          file: 'charts/shop/overlays/qa/values.yaml',
          severity: 'error',
          message: 'environment qa has no values overlay: expected charts/shop/overlays/qa/values.yaml',
        },
      ],
    });
    const ssrf = await t.request(dev, {
      method: 'POST',
      url,
      body: { repo: { url: 'https://169.254.169.254/latest' }, chartPath: '.' },
    });
    expect(ssrf.statusCode).toBe(400);
    expect(ssrf.json().detail).toMatch(/link-local/);
  });

  it('accepts a signed GitHub webhook for a merged pull request and refuses a bad signature', async () => {
    const payload = JSON.stringify({
      action: 'closed',
      number: 7,
      repository: { name: 'shop-apps', full_name: 'acme/shop-apps', owner: { login: 'acme' } },
      pull_request: {
        number: 7,
        merged: true,
        merge_commit_sha: 'e5bd3914e2e596debea16f433f57875b5b90bcd6',
        base: { ref: 'main' },
        merged_by: { login: 'alice' },
      },
    });
    const send = (signature: string, event = 'pull_request', body = payload) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/git/github/webhooks',
        payload: body,
        headers: {
          'content-type': 'application/json',
          'x-github-event': event,
          'x-hub-signature-256': signature,
        },
      });
    expect((await send(signGitHubPayload('wrong-secret-0000000000', payload))).statusCode).toBe(401);
    expect((await send(signGitHubPayload(SECRET, payload).replace(/.$/, '0'))).statusCode).toBe(401);
    expect(events).toEqual([]);
    const accepted = await send(signGitHubPayload(SECRET, payload));
    expect(accepted.statusCode).toBe(202);
    expect(events).toEqual([
      {
        type: 'change-request-merged',
        provider: 'github',
        owner: 'acme',
        repository: 'shop-apps',
        number: 7,
        targetBranch: 'main',
        mergeSha: 'e5bd3914e2e596debea16f433f57875b5b90bcd6',
        mergedBy: 'alice',
      },
    ]);
    const push = JSON.stringify({
      ref: 'refs/heads/main',
      before: 'a'.repeat(40),
      after: 'b'.repeat(40),
      repository: { name: 'shop-apps', owner: { login: 'acme' } },
      pusher: { name: 'alice' },
    });
    expect((await send(signGitHubPayload(SECRET, push), 'push', push)).statusCode).toBe(202);
    expect(events.at(-1)).toMatchObject({ type: 'push', branch: 'main', after: 'b'.repeat(40) });
    const opened = JSON.stringify({
      action: 'opened',
      repository: { name: 'shop-apps', owner: { login: 'acme' } },
    });
    expect((await send(signGitHubPayload(SECRET, opened), 'pull_request', opened)).json()).toEqual({
      accepted: false,
    });
    expect(events).toHaveLength(2);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const response = await t.request(undefined, { method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths as object);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/workspaces/{workspace}/repocheck',
        '/api/v1/workspaces/{workspace}/git/repositories/{repo}/change-requests/{number}/merge',
      ]),
    );
  });

  it('verifies signatures in constant time and rejects malformed headers', () => {
    const body = Buffer.from('{"a":1}');
    expect(verifyGitHubSignature(SECRET, body, signGitHubPayload(SECRET, body))).toBe(true);
    expect(verifyGitHubSignature(SECRET, body, undefined)).toBe(false);
    expect(verifyGitHubSignature(SECRET, body, 'sha1=abc')).toBe(false);
    expect(verifyGitHubSignature(SECRET, body, 'sha256=zz')).toBe(false);
    expect(verifyGitHubSignature(SECRET, Buffer.from('{"a":2}'), signGitHubPayload(SECRET, body))).toBe(
      false,
    );
  });
});
