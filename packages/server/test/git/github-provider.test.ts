import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubProvider } from '../../src/git/github/github-provider.js';
import { GitHubCredentialStore } from '../../src/git/github/credentials.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { GitHubFake } from './github-fake.js';

const RECORDING = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'recordings/github-pull-request-flow.json',
);
const C = '7638417db6d59f3c431d3e1f261cc637155684cd';
const M = '6dcb09b5b57875f334f61aebed695e2e4193db5e';

// GitHub cannot be reached from here: these tests run the provider against a recorded HTTP fake.
describe('github provider (against a recorded GitHub REST fake)', () => {
  let fake: GitHubFake;
  let t: TestApp;
  let github: GitHubProvider;

  beforeAll(async () => {
    fake = GitHubFake.fromFile(RECORDING);
    const baseUrl = await fake.start();
    t = await startTestApp(eachDatabase()[0]!);
    const credentials = new GitHubCredentialStore({ secrets: t.deps.secrets, owner: 'acme', baseUrl });
    await credentials.put('shop-apps', {
      token: 'ghp_repositoryToken000000000000000000000',
      webhookSecret: 'a-webhook-secret-of-length',
    });
    github = new GitHubProvider({ owner: 'acme', octokitFor: (repo) => credentials.octokitFor(repo) });
  });
  afterAll(async () => {
    await fake.stop();
    await t.close();
  });

  it('keeps the token sealed at rest and authenticates with it', async () => {
    const row = await t.deps.store.db
      .selectFrom('secrets')
      .selectAll()
      .where('scope', '=', 'github-repository')
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('acme/shop-apps');
    expect(JSON.stringify(row)).not.toContain('ghp_repositoryToken');
    expect((await github.getRepository('shop-apps')).defaultBranch).toBe('main');
    expect(fake.received.at(-1)!.authorization).toBe('token ghp_repositoryToken000000000000000000000');
  });

  it('commits through the Git data API on a new branch (blob, tree, commit, ref)', async () => {
    const result = await github.commit('shop-apps', {
      branch: 'berth/web-dev',
      message: 'Deploy web to dev',
      author: { name: 'Alice', email: 'alice@example.com' },
      changes: [
        { path: 'apps/retail/web/dev/kustomization.yaml', content: 'resources:\n  - deployment.yaml\n' },
        { path: 'apps/retail/web/dev/old.yaml', delete: true },
      ],
    });
    expect(result).toEqual({ sha: C, branch: 'berth/web-dev', parent: M });
    const sent = (p: string) => fake.received.find((r) => r.method === 'POST' && r.path.endsWith(p))?.body;
    expect(sent('/git/blobs')).toEqual({
      content: Buffer.from('resources:\n  - deployment.yaml\n').toString('base64'),
      encoding: 'base64',
    });
    expect(sent('/git/trees')).toEqual({
      base_tree: '9c5a4d1f0b5d7e1f2a3b4c5d6e7f8091a2b3c4d5',
      tree: [
        {
          path: 'apps/retail/web/dev/kustomization.yaml',
          mode: '100644',
          type: 'blob',
          sha: '3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15',
        },
        { path: 'apps/retail/web/dev/old.yaml', mode: '100644', type: 'blob', sha: null },
      ],
    });
    expect(sent('/git/commits')).toMatchObject({
      parents: [M],
      author: { name: 'Alice', email: 'alice@example.com' },
    });
    expect(sent('/git/refs')).toEqual({ ref: 'refs/heads/berth/web-dev', sha: C });
    expect(await github.headOf('shop-apps', 'berth/web-dev')).toBe(C);
  });

  it('reads files and trees at a ref', async () => {
    expect(
      (
        await github.readFile('shop-apps', 'berth/web-dev', 'apps/retail/web/dev/kustomization.yaml')
      )?.toString(),
    ).toBe('resources:\n  - deployment.yaml\n');
    expect(await github.readFile('shop-apps', 'main', 'missing.yaml')).toBeUndefined();
    expect((await github.readTree('shop-apps', 'berth/web-dev', 'apps')).map((e) => e.path)).toEqual([
      'apps/retail/web/dev/kustomization.yaml',
    ]);
  });

  it('opens a pull request and reads it back with diff, comments, reviews and checks', async () => {
    const cr = await github.openChangeRequest('shop-apps', {
      title: 'Deploy web to dev',
      description: 'Berth renders 3 objects',
      sourceBranch: 'berth/web-dev',
      author: 'alice',
    });
    expect(cr).toMatchObject({
      number: 7,
      state: 'open',
      sourceBranch: 'berth/web-dev',
      targetBranch: 'main',
    });
    expect(fake.received.find((r) => r.method === 'POST' && r.path.endsWith('/pulls'))?.body).toEqual({
      title: 'Deploy web to dev',
      body: 'Berth renders 3 objects',
      head: 'berth/web-dev',
      base: 'main',
    });
    await github.setCheck('shop-apps', 7, {
      name: 'berth/validate-repo',
      status: 'success',
      summary: 'chart is sound',
    });
    expect(fake.received.find((r) => r.path.endsWith(`/statuses/${C}`))?.body).toEqual({
      state: 'success',
      context: 'berth/validate-repo',
      description: 'chart is sound',
    });
    await github.comment('shop-apps', 7, { author: 'berth', body: 'Validation passed' });
    await github.review('shop-apps', 7, { reviewer: 'berth', state: 'approved' });

    const detail = await github.getChangeRequest('shop-apps', 7);
    expect(detail.diff).toEqual([
      expect.objectContaining({
        path: 'apps/retail/web/dev/kustomization.yaml',
        status: 'added',
        patch: expect.stringContaining('+resources:'),
      }),
    ]);
    expect(detail.comments).toMatchObject([{ author: 'bob', body: 'looks fine' }]);
    expect(detail.approvals).toEqual(['bob']);
    expect(detail.reviews).toHaveLength(2);
    expect(detail.checks).toEqual([
      {
        name: 'berth/validate-repo',
        status: 'success',
        summary: 'chart is sound',
        updatedAt: '2024-05-03T09:05:00Z',
      },
    ]);
    expect(detail).toMatchObject({
      mergeable: true,
      conflicts: [],
      url: 'https://github.com/acme/shop-apps/pull/7',
      // compare main...head is `ahead`: main can be fast-forwarded.
      fastForward: true,
      // Every file lies in apps/retail/web/dev/: the pull request delivers that environment.
      app: { workspace: 'retail', name: 'web', environment: 'dev' },
    });
    // Once main moved on (compare says `diverged`) a fast-forward is no longer possible.
    expect((await github.getChangeRequest('shop-apps', 7)).fastForward).toBe(false);
  });

  it('merges with a merge commit, and fast-forwards through a ref update', async () => {
    expect(await github.merge('shop-apps', 7, { mergedBy: 'alice' })).toEqual({
      sha: 'e5bd3914e2e596debea16f433f57875b5b90bcd6',
      method: 'merge-commit',
    });
    expect(fake.received.find((r) => r.method === 'PUT')?.body).toEqual({ merge_method: 'merge', sha: C });
    const ff = await github.merge('shop-apps', 8, { method: 'fast-forward', mergedBy: 'alice' });
    expect(ff).toEqual({ sha: '1f2e3d4c5b6a79880716253443526170a9b8c7d6', method: 'fast-forward' });
    expect(
      fake.received.find((r) => r.method === 'PATCH' && r.path.endsWith('/git/refs/heads/main'))?.body,
    ).toEqual({
      sha: '1f2e3d4c5b6a79880716253443526170a9b8c7d6',
      force: false,
    });
  });

  it('refuses to merge a conflicting or already merged pull request (409), and closes one', async () => {
    await expect(github.merge('shop-apps', 9, { mergedBy: 'alice' })).rejects.toMatchObject({ status: 409 });
    await expect(github.merge('shop-apps', 10, { mergedBy: 'alice' })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('merged'),
    });
    expect(await github.close('shop-apps', 9, { closedBy: 'alice' })).toMatchObject({
      number: 9,
      state: 'closed',
    });
    expect(fake.unmatched).toEqual([]);
  });
});
