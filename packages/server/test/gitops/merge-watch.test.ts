/**
 * Waiting for a merge without a webhook: GitHub's pull request is asked at most every
 * `gitHubPollMs` (webhooks get lost; GitHub's rate limit is not), the embedded host on every
 * poll; what a webhook recorded wins without asking. Also the addresses of GitHub repositories
 * and the BERTH_GITHUB_* settings.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { gitHubKey, gitHubRefOfKey, parseGitHubUrl } from '../../src/git/github/github-address.js';
import type { ChangeRequest } from '../../src/git/provider.js';
import type { GitOpsDeps } from '../../src/gitops/deps.js';
import { watchMerge } from '../../src/gitops/merge-watch.js';

const MERGED = 'e5bd3914e2e596debea16f433f57875b5b90bcd6';

function deps(answers: Array<ChangeRequest['state']>) {
  const asked: number[] = [];
  let row = { id: 'c1', state: 'open', merge_sha: null as string | null };
  const stub = {
    store: {
      changeByNumber: async () => row,
      setState: async (_id: string, state: string, sha?: string) => {
        row = { ...row, state, merge_sha: sha ?? row.merge_sha };
      },
    },
    changeRequestState: async (repository: string, number: number) => {
      asked.push(Date.now());
      const state = answers.shift() ?? 'open';
      return { repository, number, state, sourceBranch: 'berth/shop-dev-r1', targetBranch: 'main', ...(state === 'merged' ? { mergeSha: MERGED } : {}) } as ChangeRequest;
    },
    git: {} as GitOpsDeps['git'],
  } as unknown as Pick<GitOpsDeps, 'git' | 'store' | 'changeRequestState'>;
  return { stub, asked, row: () => row, webhook: () => (row = { ...row, state: 'merged', merge_sha: MERGED }) };
}

describe('waiting for a merge', () => {
  it('asks GitHub at most every gitHubPollMs and records the merge it finds', async () => {
    const { stub, asked, row } = deps(['open', 'merged']);
    const state = { repository: 'github:acme:shop-apps', number: 42 };
    expect(await watchMerge(stub, state, 1_000, 30_000)).toMatchObject({ state: 'open', source: 'host' });
    expect(await watchMerge(stub, state, 20_000, 30_000)).toEqual({ state: 'open', source: 'not-asked' });
    expect(asked).toHaveLength(1);
    expect(await watchMerge(stub, state, 31_000, 30_000)).toMatchObject({ state: 'merged', mergeSha: MERGED, source: 'host' });
    expect(asked).toHaveLength(2);
    expect(row()).toMatchObject({ state: 'merged', merge_sha: MERGED });
  });

  it('sees a merge a webhook recorded without asking, and asks the embedded host on every poll', async () => {
    const github = deps([]);
    const state = { repository: 'github:acme:shop-apps', number: 42 };
    await watchMerge(github.stub, state, 1_000);
    github.webhook();
    expect(await watchMerge(github.stub, state, 2_000)).toEqual({ state: 'merged', mergeSha: MERGED, source: 'recorded' });
    expect(github.asked).toHaveLength(1);
    const embedded = deps(['open', 'open', 'closed']);
    const local = { repository: 'retail-apps', number: 3 };
    for (const at of [1, 2]) expect((await watchMerge(embedded.stub, local, at)).state).toBe('open');
    expect((await watchMerge(embedded.stub, local, 3)).state).toBe('closed');
    expect(embedded.asked).toHaveLength(3);
  });
});

describe('GitHub repository addresses and settings', () => {
  it('accepts github.com URLs with or without scheme and .git, and the GitHub Enterprise host', () => {
    const shop = { owner: 'acme', repo: 'shop-apps' };
    for (const url of ['https://github.com/acme/shop-apps', 'github.com/acme/shop-apps', 'https://github.com/acme/shop-apps.git', 'github.com/acme/shop-apps/'])
      expect(parseGitHubUrl(url)).toEqual(shop);
    expect(parseGitHubUrl('https://ghe.example.com/acme/shop-apps', 'https://ghe.example.com')).toEqual(shop);
    for (const url of ['https://gitlab.com/acme/shop-apps', 'http://github.com/acme/shop-apps', 'https://github.com/acme', 'https://github.com/acme/shop/tree/main', 'https://tok@github.com/acme/shop-apps', 'shop-apps'])
      expect(parseGitHubUrl(url)).toBeUndefined();
    expect(gitHubKey(shop)).toBe('github:acme:shop-apps');
    expect(gitHubRefOfKey('github:acme:shop-apps')).toEqual(shop);
    expect(gitHubRefOfKey('retail-apps')).toBeUndefined();
  });

  it('reads BERTH_GITHUB_URL / BERTH_GITHUB_API_URL: https only (http for localhost), defaults to github.com', () => {
    expect(loadConfig({})).toMatchObject({ githubUrl: 'https://github.com', githubApiUrl: 'https://api.github.com' });
    expect(loadConfig({ BERTH_GITHUB_URL: 'https://ghe.example.com/', BERTH_GITHUB_API_URL: 'https://ghe.example.com/api/v3' })).toMatchObject({
      githubUrl: 'https://ghe.example.com',
      githubApiUrl: 'https://ghe.example.com/api/v3',
    });
    expect(() => loadConfig({ BERTH_GITHUB_API_URL: 'http://ghe.example.com/api/v3' })).toThrow(/BERTH_GITHUB_API_URL must be an https:\/\/ URL/);
  });
});
