import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedGitProvider } from '../../src/git/embedded/embedded-provider.js';
import { gitMigrations, type GitTables } from '../../src/git/migration.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { eachDatabase } from '../support/databases.js';

const alice = { name: 'Alice', email: 'alice@example.com' };

describe.each(eachDatabase())('embedded git provider on $dialect', (database) => {
  let store: Store;
  let git: EmbeddedGitProvider;

  beforeAll(async () => {
    const location = await database.create();
    store = await openStore(location, { migrations: gitMigrations });
    git = new EmbeddedGitProvider({
      db: store.db as unknown as Kysely<GitTables>,
      root: path.join(location.dataDir, 'git'),
      publicUrl: 'https://berth.example.com',
    });
    await git.createRepository({ name: 'shop-apps', workspace: 'retail', description: 'apps' });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('creates a repository with an initial commit on its default branch', async () => {
    const repo = await git.getRepository('shop-apps');
    expect(repo).toMatchObject({
      name: 'shop-apps',
      defaultBranch: 'main',
      workspace: 'retail',
      cloneUrl: 'https://berth.example.com/git/shop-apps.git',
    });
    expect(await git.headOf('shop-apps', 'main')).toMatch(/^[0-9a-f]{40}$/);
    expect((await git.listRepositories()).map((r) => r.name)).toEqual(['shop-apps']);
    await expect(git.createRepository({ name: 'shop-apps' })).rejects.toMatchObject({ status: 409 });
    await expect(git.createRepository({ name: '../evil' })).rejects.toMatchObject({ status: 400 });
  });

  it('commits files on a new branch, reads them back, and refuses a stale expected head', async () => {
    const main = await git.headOf('shop-apps', 'main');
    const commit = await git.commit('shop-apps', {
      branch: 'add-web',
      message: 'Add web',
      author: alice,
      changes: [
        { path: 'apps/retail/web/dev/deployment.yaml', content: 'replicas: 1\n' },
        { path: 'README.md', content: '# apps\n' },
      ],
    });
    expect(commit.parent).toBe(main);
    expect((await git.readFile('shop-apps', 'add-web', 'README.md'))?.toString()).toBe('# apps\n');
    expect(await git.readFile('shop-apps', 'main', 'README.md')).toBeUndefined();
    const tree = await git.readTree('shop-apps', 'add-web', 'apps');
    expect(tree.map((e) => e.path)).toEqual(['apps/retail/web/dev/deployment.yaml']);
    expect((await git.listBranches('shop-apps')).map((b) => b.name).sort()).toEqual(['add-web', 'main']);
    await expect(
      git.commit('shop-apps', {
        branch: 'add-web',
        message: 'stale',
        author: alice,
        expectedHead: main!,
        changes: [{ path: 'x', content: 'x' }],
      }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it('opens a change request whose diff shows the change; comments, approvals, checks', async () => {
    const cr = await git.openChangeRequest('shop-apps', {
      title: 'Deploy web to dev',
      description: 'first deploy',
      sourceBranch: 'add-web',
      author: 'alice',
    });
    expect(cr).toMatchObject({ number: 1, state: 'open', targetBranch: 'main', author: 'alice' });
    await git.comment('shop-apps', 1, { author: 'bob', body: 'looks fine' });
    await git.review('shop-apps', 1, { reviewer: 'bob', state: 'changes-requested' });
    await git.review('shop-apps', 1, { reviewer: 'bob', state: 'approved', body: 'ok now' });
    await git.setCheck('shop-apps', 1, { name: 'validate-repo', status: 'pending', summary: 'running' });
    await git.setCheck('shop-apps', 1, {
      name: 'validate-repo',
      status: 'success',
      summary: 'chart is sound',
    });

    const detail = await git.getChangeRequest('shop-apps', 1);
    expect(detail.diff.map((d) => [d.path, d.status])).toEqual([
      ['README.md', 'added'],
      ['apps/retail/web/dev/deployment.yaml', 'added'],
    ]);
    expect(detail.diff[1]!.patch).toContain('+replicas: 1');
    expect(detail.comments).toMatchObject([{ author: 'bob', body: 'looks fine' }]);
    expect(detail.approvals).toEqual(['bob']);
    expect(detail.checks).toMatchObject([
      { name: 'validate-repo', status: 'success', summary: 'chart is sound' },
    ]);
    // main has not moved since add-web branched off; README.md lies outside any app directory.
    expect(detail).toMatchObject({ mergeable: true, conflicts: [], fastForward: true });
    expect(detail.app).toBeUndefined();
    // The list carries each change request's checks (their latest state), so no detail is needed.
    expect(await git.listChangeRequests('shop-apps')).toMatchObject([
      { number: 1, checks: [{ name: 'validate-repo', status: 'success' }] },
    ]);
    await expect(
      git.openChangeRequest('shop-apps', {
        title: 'again',
        description: '',
        sourceBranch: 'add-web',
        author: 'a',
      }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it('merges fast-forward, recording the merged commit', async () => {
    const source = await git.headOf('shop-apps', 'add-web');
    const merged = await git.merge('shop-apps', 1, { method: 'fast-forward', mergedBy: 'bob' });
    expect(merged).toEqual({ sha: source, method: 'fast-forward' });
    expect(await git.headOf('shop-apps', 'main')).toBe(source);
    const detail = await git.getChangeRequest('shop-apps', 1);
    expect(detail).toMatchObject({ state: 'merged', mergeSha: source, mergedBy: 'bob', fastForward: null });
    expect(detail.diff.map((d) => d.path)).toContain('README.md');
    await expect(git.merge('shop-apps', 1, { mergedBy: 'bob' })).rejects.toMatchObject({ status: 409 });
  });

  it('detects a conflict between two change requests editing the same line, and refuses to merge it (409)', async () => {
    const file = 'apps/retail/web/dev/deployment.yaml';
    await git.commit('shop-apps', {
      branch: 'scale-2',
      message: 'scale 2',
      author: alice,
      changes: [{ path: file, content: 'replicas: 2\n' }],
    });
    await git.commit('shop-apps', {
      branch: 'scale-3',
      message: 'scale 3',
      author: alice,
      changes: [{ path: file, content: 'replicas: 3\n' }],
    });
    const first = await git.openChangeRequest('shop-apps', {
      title: 'two',
      description: '',
      sourceBranch: 'scale-2',
      author: 'alice',
    });
    const second = await git.openChangeRequest('shop-apps', {
      title: 'three',
      description: '',
      sourceBranch: 'scale-3',
      author: 'alice',
    });
    expect(await git.getChangeRequest('shop-apps', second.number)).toMatchObject({
      mergeable: true,
      fastForward: true,
      // Nothing recorded it, but its only file lies in apps/retail/web/dev/.
      app: { workspace: 'retail', name: 'web', environment: 'dev' },
    });
    await git.setCheck('shop-apps', second.number, { name: 'render', status: 'failure', summary: 'bad' });
    await git.setCheck('shop-apps', second.number, { name: 'lint', status: 'pending', summary: '' });
    expect(
      (await git.listChangeRequests('shop-apps', { state: 'open' })).map((c) => [c.number, c.checks]),
    ).toEqual([
      [
        second.number,
        [
          { name: 'lint', status: 'pending' },
          { name: 'render', status: 'failure' },
        ],
      ],
      [first.number, []],
    ]);

    const merged = await git.merge('shop-apps', first.number, { method: 'merge-commit', mergedBy: 'bob' });
    expect(merged.method).toBe('merge-commit');
    expect(await git.headOf('shop-apps', 'main')).toBe(merged.sha);
    expect(merged.sha).not.toBe(await git.headOf('shop-apps', 'scale-2'));
    expect((await git.readFile('shop-apps', 'main', file))?.toString()).toBe('replicas: 2\n');

    const conflicting = await git.getChangeRequest('shop-apps', second.number);
    expect(conflicting).toMatchObject({ mergeable: false, conflicts: [file], fastForward: false });
    await expect(git.merge('shop-apps', second.number, { mergedBy: 'bob' })).rejects.toMatchObject({
      status: 409,
      errors: [{ path: file }],
    });
    await expect(
      git.merge('shop-apps', second.number, { method: 'fast-forward', mergedBy: 'bob' }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it('makes a merge commit with both parents when the target moved without conflict', async () => {
    await git.commit('shop-apps', {
      branch: 'add-worker',
      message: 'worker',
      author: alice,
      changes: [{ path: 'apps/retail/worker/dev/w.yaml', content: 'kind: Deployment\n' }],
    });
    await git.commit('shop-apps', {
      branch: 'main',
      message: 'direct',
      author: alice,
      changes: [{ path: 'NOTES', content: 'n\n' }],
    });
    const cr = await git.openChangeRequest('shop-apps', {
      title: 'worker',
      description: '',
      sourceBranch: 'add-worker',
      author: 'alice',
    });
    // main moved: no fast-forward, though it merges cleanly.
    expect(await git.getChangeRequest('shop-apps', cr.number)).toMatchObject({
      mergeable: true,
      fastForward: false,
    });
    await expect(
      git.merge('shop-apps', cr.number, { method: 'fast-forward', mergedBy: 'bob' }),
    ).rejects.toMatchObject({ status: 409 });
    const merged = await git.merge('shop-apps', cr.number, { mergedBy: 'bob' });
    const tree = (await git.readTree('shop-apps', merged.sha)).map((e) => e.path);
    expect(tree).toEqual(expect.arrayContaining(['NOTES', 'apps/retail/worker/dev/w.yaml']));
  });

  it('closes a change request without touching the target, and deletes files through a commit', async () => {
    const main = await git.headOf('shop-apps', 'main');
    await git.commit('shop-apps', {
      branch: 'remove-web',
      message: 'rm',
      author: alice,
      changes: [{ path: 'apps/retail/web/dev/deployment.yaml', delete: true }],
    });
    const cr = await git.openChangeRequest('shop-apps', {
      title: 'remove',
      description: '',
      sourceBranch: 'remove-web',
      author: 'alice',
    });
    expect((await git.getChangeRequest('shop-apps', cr.number)).diff).toMatchObject([
      { path: 'apps/retail/web/dev/deployment.yaml', status: 'deleted' },
    ]);
    const closed = await git.close('shop-apps', cr.number, { closedBy: 'alice' });
    expect(closed.state).toBe('closed');
    expect(await git.headOf('shop-apps', 'main')).toBe(main);
    await expect(git.merge('shop-apps', cr.number, { mergedBy: 'bob' })).rejects.toMatchObject({
      status: 409,
    });
    expect((await git.listChangeRequests('shop-apps', { state: 'open' })).map((c) => c.number)).toEqual([3]);
  });

  it('records the application environment a change request delivers, in the list and the detail', async () => {
    await git.commit('shop-apps', {
      branch: 'berth/shop-prod-r4',
      message: 'deploy',
      author: alice,
      changes: [{ path: 'CHANGELOG', content: 'r4\n' }],
    });
    const app = { workspace: 'retail', name: 'shop', environment: 'prod' };
    const cr = await git.openChangeRequest('shop-apps', {
      title: 'Deploy shop revision 4 to prod',
      description: '',
      sourceBranch: 'berth/shop-prod-r4',
      author: 'alice',
      app,
    });
    expect(cr.app).toEqual(app);
    expect((await git.listChangeRequests('shop-apps')).find((c) => c.number === cr.number)?.app).toEqual(app);
    // What was recorded wins over the paths (CHANGELOG is not in the app's directory).
    expect((await git.getChangeRequest('shop-apps', cr.number)).app).toEqual(app);
    const closed = await git.close('shop-apps', cr.number, { closedBy: 'alice' });
    expect(closed.app).toEqual(app);
  });
});
