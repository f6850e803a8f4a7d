import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitCapability } from '../../src/git/capability.js';
import { GitHubCredentialStore } from '../../src/git/github/credentials.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const rsa = (type: 'pkcs1' | 'pkcs8') =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type, format: 'pem' },
  }).privateKey;

describe('GitHub credentials API: a token or GitHub App credentials, sealed, never returned', () => {
  let t: TestApp;
  let dev: string;
  const owner = '/api/v1/git/github/owners/acme/credentials';
  const repo = '/api/v1/git/github/owners/acme/repositories/shop-apps/credentials';
  const pkcs1 = rsa('pkcs1');

  beforeAll(async () => {
    t = await startTestApp(eachDatabase()[0]!, { capabilities: [createGitCapability()] });
    await t.deps.workspaces.create({ name: 'retail', description: '' });
    dev = await t.userToken('dana');
    await t.deps.workspaces.setMember('retail', 'dana', 'owner');
  });
  afterAll(async () => t.close());

  it('stores app credentials for a repository and answers only which kind they are', async () => {
    const put = await t.request(t.adminToken, {
      method: 'PUT',
      url: repo,
      body: {
        app: { appId: 123456, installationId: 4242, privateKey: pkcs1 },
        webhookSecret: 'webhook-secret-0123456789',
      },
    });
    expect(put.statusCode).toBe(200);
    const summary = {
      owner: 'acme',
      repository: 'shop-apps',
      kind: 'app',
      appId: 123456,
      installationId: 4242,
      webhookSecret: true,
      workspaces: [],
    };
    expect(put.json()).toEqual(summary);
    const read = await t.request(t.adminToken, { method: 'GET', url: repo });
    expect(read.json()).toEqual(summary);
    for (const body of [put.body, read.body]) {
      expect(body).not.toContain('PRIVATE KEY');
      expect(body).not.toContain('webhook-secret-0123456789');
    }
    const stored = await new GitHubCredentialStore({ secrets: t.deps.secrets, owner: 'acme' }).get(
      'shop-apps',
    );
    expect(stored).toMatchObject({ app: { appId: 123456, installationId: 4242 } });
  });

  it('accepts a PKCS#8 key and a token for the owner; a token record stays readable', async () => {
    const app = await t.request(t.adminToken, {
      method: 'PUT',
      url: owner,
      body: { app: { appId: 1, installationId: 2, privateKey: rsa('pkcs8') } },
    });
    expect(app.json()).toEqual({
      owner: 'acme',
      kind: 'app',
      appId: 1,
      installationId: 2,
      webhookSecret: false,
      workspaces: [],
    });
    const token = await t.request(t.adminToken, { method: 'PUT', url: owner, body: { token: 'ghp_owner' } });
    expect(token.json()).toEqual({ owner: 'acme', kind: 'token', webhookSecret: false, workspaces: [] });
    expect(token.body).not.toContain('ghp_owner');
    // A record written before app credentials existed: `{ token, webhookSecret }`.
    await t.deps.secrets.put(
      'github-repository',
      'acme/legacy',
      JSON.stringify({ token: 'ghp_legacy', webhookSecret: 'webhook-secret-0123456789' }),
    );
    const legacy = await t.request(t.adminToken, {
      method: 'GET',
      url: '/api/v1/git/github/owners/acme/repositories/legacy/credentials',
    });
    expect(legacy.json()).toEqual({
      owner: 'acme',
      repository: 'legacy',
      kind: 'token',
      webhookSecret: true,
      workspaces: [],
    });
  });

  it('grants workspaces delivery: the owner’s record for its repositories, a repository’s record overrides it', async () => {
    const put = (url: string, body: object) => t.request(t.adminToken, { method: 'PUT', url, body });
    const granted = async (repository: string) =>
      new GitHubCredentialStore({ secrets: t.deps.secrets, owner: 'acme' }).grantedWorkspaces(repository);
    const ownerPut = await put(owner, { token: 'ghp_owner', workspaces: ['retail', 'retail', 'ops'] });
    expect(ownerPut.json()).toMatchObject({ kind: 'token', workspaces: ['retail', 'ops'] });
    expect(await granted('catalog')).toEqual(['retail', 'ops']);
    // A repository with its own record: its list, not the owner's.
    await put('/api/v1/git/github/owners/acme/repositories/billing/credentials', { token: 'ghp_b', workspaces: ['finance'] });
    expect(await granted('billing')).toEqual(['finance']);
    // Rotating the token without `workspaces` keeps the grants; [] revokes them.
    expect((await put(owner, { token: 'ghp_rotated' })).json().workspaces).toEqual(['retail', 'ops']);
    expect((await put(owner, { token: 'ghp_rotated', workspaces: [] })).json().workspaces).toEqual([]);
    expect(await granted('catalog')).toEqual([]);
    const bad = await put(owner, { token: 'ghp_x', workspaces: ['Not A Workspace'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('workspaces[0]');
    expect(await new GitHubCredentialStore({ secrets: t.deps.secrets, owner: 'nobody' }).grantedWorkspaces('x')).toBeUndefined();
  });

  it('refuses a private key that is not an RSA PEM key, naming app.privateKey and not echoing it', async () => {
    const ec = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    }).privateKey;
    const broken = pkcs1.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!');
    for (const [privateKey, message] of [
      ['not-a-key-at-all', /PEM private key/],
      [broken, /readable PEM private key/],
      [ec, /RSA/],
    ] as const) {
      const response = await t.request(t.adminToken, {
        method: 'PUT',
        url: repo,
        body: { app: { appId: 1, installationId: 2, privateKey } },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { path: 'app.privateKey', message: expect.stringMatching(message) },
      ]);
      expect(response.body).not.toContain(privateKey.includes('\n') ? privateKey.split('\n')[1] : privateKey);
    }
    // The app credentials stored before are untouched.
    expect((await t.request(t.adminToken, { method: 'GET', url: repo })).json()).toMatchObject({
      kind: 'app',
    });
  });

  it('wants exactly one of token and app, and names the field', async () => {
    const both = await t.request(t.adminToken, {
      method: 'PUT',
      url: repo,
      body: { token: 'ghp_x', app: { appId: 1, installationId: 2, privateKey: pkcs1 } },
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors).toEqual([{ path: 'app', message: expect.stringContaining('not both') }]);
    const neither = await t.request(t.adminToken, { method: 'PUT', url: repo, body: {} });
    expect(neither.json().errors).toEqual([
      { path: 'token', message: expect.stringContaining('app credentials') },
    ]);
    const noInstallation = await t.request(t.adminToken, {
      method: 'PUT',
      url: repo,
      body: { app: { appId: 1, privateKey: pkcs1 } },
    });
    expect(noInstallation.json().errors).toEqual([
      { path: 'app.installationId', message: expect.any(String) },
    ]);
  });

  it('lets only platform admins see or change credentials; DELETE removes them', async () => {
    for (const method of ['GET', 'PUT', 'DELETE'] as const)
      expect(
        (
          await t.request(dev, {
            method,
            url: repo,
            ...(method === 'PUT' ? { body: { token: 'ghp_x' } } : {}),
          })
        ).statusCode,
      ).toBe(403);
    expect((await t.request(t.adminToken, { method: 'DELETE', url: repo })).statusCode).toBe(204);
    expect((await t.request(t.adminToken, { method: 'GET', url: repo })).statusCode).toBe(404);
    expect((await t.request(t.adminToken, { method: 'DELETE', url: repo })).statusCode).toBe(404);
  });

  it('lists every owner and repository with credentials for platform admins, never a secret', async () => {
    const put = (url: string, body: object) => t.request(t.adminToken, { method: 'PUT', url, body });
    await put('/api/v1/git/github/owners/globex/credentials', { token: 'ghp_globex_owner', workspaces: ['retail'] });
    await put('/api/v1/git/github/owners/globex/repositories/web/credentials', {
      app: { appId: 77, installationId: 88, privateKey: pkcs1 },
      webhookSecret: 'webhook-secret-globex-0123',
      workspaces: ['retail'],
    });
    const listed = await t.request(t.adminToken, { method: 'GET', url: '/api/v1/git/github/credentials' });
    expect(listed.statusCode).toBe(200);
    const globex = listed.json().items.filter((r: { owner: string }) => r.owner === 'globex');
    expect(globex).toEqual([
      { owner: 'globex', kind: 'token', webhookSecret: false, workspaces: ['retail'] },
      {
        owner: 'globex',
        repository: 'web',
        kind: 'app',
        appId: 77,
        installationId: 88,
        webhookSecret: true,
        workspaces: ['retail'],
      },
    ]);
    expect(listed.body).not.toContain('ghp_globex_owner');
    expect(listed.body).not.toContain('PRIVATE KEY');
    expect(listed.body).not.toContain('webhook-secret-globex-0123');
    expect((await t.request(dev, { method: 'GET', url: '/api/v1/git/github/credentials' })).statusCode).toBe(403);
  });

  it('documents the credentials body in the OpenAPI document (token or app, no secret in responses)', async () => {
    const doc = (await t.request(undefined, { method: 'GET', url: '/api/openapi.json' })).json();
    const put = doc.paths['/api/v1/git/github/owners/{owner}/repositories/{repo}/credentials'].put;
    const body = put.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(['token', 'app', 'webhookSecret', 'workspaces']);
    expect(Object.keys(body.properties.app.properties)).toEqual(['appId', 'installationId', 'privateKey']);
    const answer = put.responses['200'].content['application/json'].schema;
    expect(Object.keys(answer.properties)).not.toContain('privateKey');
    expect(doc.paths['/api/v1/git/github/owners/{owner}/credentials']).toHaveProperty('delete');
  });
});
