import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitCapability } from '../../src/git/capability.js';
import { GitHubCredentialStore } from '../../src/git/github/credentials.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('GET /workspaces/:ws/git/repositories: embedded and granted GitHub repositories', () => {
  let t: TestApp;
  let viewer: string;
  let outsider: string;
  const list = (token: string, workspace: string) =>
    t.request(token, { method: 'GET', url: `/api/v1/workspaces/${workspace}/git/repositories` });

  beforeAll(async () => {
    t = await startTestApp(eachDatabase()[0]!, {
      capabilities: [createGitCapability()],
      env: { BERTH_GITHUB_URL: 'https://ghe.example.com', BERTH_GITHUB_API_URL: 'https://ghe.example.com/api/v3' },
    });
    for (const name of ['retail', 'finance']) await t.deps.workspaces.create({ name, description: '' });
    viewer = await t.userToken('vic');
    await t.deps.workspaces.setMember('retail', 'vic', 'viewer');
    outsider = await t.userToken('fred');
    await t.deps.workspaces.setMember('finance', 'fred', 'owner');
    await t.request(t.adminToken, {
      method: 'POST',
      url: '/api/v1/workspaces/retail/git/repositories',
      body: { name: 'retail-apps' },
    });
    const acme = new GitHubCredentialStore({ secrets: t.deps.secrets, owner: 'acme' });
    await acme.put('shop-apps', { token: 'ghp_shop', workspaces: ['retail', 'finance'] });
    await acme.put('billing', { token: 'ghp_billing', workspaces: ['finance'] });
    // An owner-wide grant names no repository: not listed (GitHub would have to be asked).
    await acme.put(undefined, { token: 'ghp_owner', workspaces: ['retail'] });
  });
  afterAll(async () => t.close());

  it('lists the workspace’s embedded repositories, then the GitHub ones whose own record grants it', async () => {
    const response = await list(viewer, 'retail');
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([
      expect.objectContaining({ name: 'retail-apps', provider: 'embedded', defaultBranch: 'main', workspace: 'retail' }),
      {
        name: 'github:acme:shop-apps',
        provider: 'github',
        description: '',
        url: 'https://ghe.example.com/acme/shop-apps',
        cloneUrl: 'https://ghe.example.com/acme/shop-apps.git',
      },
    ]);
    expect(response.body).not.toContain('ghp_');
  });

  it('keeps tenancy: another workspace sees only its own grants, and a non-member none of retail’s', async () => {
    expect((await list(outsider, 'finance')).json().items.map((r: { name: string }) => r.name)).toEqual([
      'github:acme:billing',
      'github:acme:shop-apps',
    ]);
    expect((await list(outsider, 'retail')).statusCode).toBe(404);
    // Revoking the repository's grant removes it from the list.
    await new GitHubCredentialStore({ secrets: t.deps.secrets, owner: 'acme' }).put('shop-apps', {
      token: 'ghp_shop',
      workspaces: ['finance'],
    });
    expect((await list(viewer, 'retail')).json().items.map((r: { name: string }) => r.name)).toEqual([
      'retail-apps',
    ]);
  });
});
