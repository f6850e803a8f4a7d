/**
 * The four user scenarios of seed 000 end to end — deploy (validate repo → change request →
 * merge → synced → Healthy with the hash), update, status query with the hash, delete — plus a
 * conflicting change request, promotion (dev on Argo CD → staging on Flux) and rollback, on the
 * embedded git provider, a sandbox cluster and the simulated GitOps agent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedGitOf } from '../../src/git/capability.js';
import { GOOD_CHART } from '../repocheck/fixtures.js';
import { eventually, shopYaml, startGitOpsLoop, type GitOpsLoop } from './gitops-fixture.js';

const author = { name: 'Dev', email: 'dev@example.com' };

describe('GitOps loop: change requests into the application repository, synced by the simulated agent', () => {
  let loop: GitOpsLoop;
  const api = '/api/v1/workspaces/retail';
  const request = (method: string, url: string, body?: unknown) =>
    loop.t.request(loop.t.adminToken, { method, url, ...(body !== undefined ? { body } : {}) });
  const status = async (env: string) => (await request('GET', `${api}/apps/shop/gitops?env=${env}`)).json();
  const merge = async (number: number) => {
    const merged = await request(
      'POST',
      `${api}/git/repositories/retail-apps/change-requests/${number}/merge`,
      {},
    );
    expect(merged.statusCode, merged.body).toBe(200);
    return merged.json().sha as string;
  };
  const deployment = (namespace: string) =>
    loop.cluster.cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace });
  const synced = (env: string, commit: string) =>
    eventually(
      async () => {
        const s = await status(env);
        if (process.env.GITOPS_DEBUG) console.log(JSON.stringify(s).slice(0, 600));
        return s.deployedCommit === commit && s.inSync && s.health === 'Healthy' ? s : undefined;
      },
      `${env} synced at ${commit.slice(0, 7)}`,
    );
  const update = async (yaml: string) => {
    const current = (await request('GET', `${api}/apps/shop`)).json();
    const updated = await request('PUT', `${api}/apps/shop`, {
      spec: yaml,
      resourceVersion: current.resourceVersion,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    return updated.json().revision as number;
  };
  let firstMerge = '';

  beforeAll(async () => {
    loop = await startGitOpsLoop();
    await loop.t.deps.workspaces.create({ name: 'retail', description: '' });
    const { git } = embeddedGitOf(loop.t.deps);
    await git.createRepository({ name: 'shop-chart', workspace: 'retail' });
    await git.commit('shop-chart', {
      branch: 'main',
      message: 'chart',
      author,
      changes: Object.entries({
        ...GOOD_CHART,
        'charts/shop/overlays/dev/values.yaml': 'replicaCount: 1\n',
      }).map(([path, content]) => ({ path, content })),
    });
  }, 60_000);
  afterAll(async () => loop?.stop());

  it('deploys: validate repo → change request (diff + checks) → merge → Synced, Healthy, with the hash', async () => {
    const created = await request('POST', `${api}/apps`, { spec: shopYaml('ghcr.io/acme/shop:1.0.0') });
    expect(created.statusCode, created.body).toBe(201);
    const submitted = await request('POST', `${api}/apps/shop/gitops/submit`, {
      env: 'dev',
      repoCheck: { repo: { embedded: 'shop-chart' }, chartPath: 'charts/shop', environments: ['dev'] },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const proposal = submitted.json();
    expect(proposal).toMatchObject({
      repository: 'retail-apps',
      path: 'apps/retail/shop/dev',
      branch: 'berth/shop-dev-r1',
      targetBranch: 'main',
    });
    const cr = (
      await request(
        'GET',
        `${api}/git/repositories/retail-apps/change-requests/${proposal.changeRequest.number}`,
      )
    ).json();
    expect(cr.description).toContain('added: Deployment/web');
    expect(cr.description).toContain('+        - image: ghcr.io/acme/shop:1.0.0');
    expect(cr.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'berth/render', status: 'success' }),
        expect.objectContaining({ name: 'berth/validate-repo', status: 'success' }),
      ]),
    );
    expect(cr.diff.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining([
        'apps/retail/shop/dev/kustomization.yaml',
        'apps/retail/shop/dev/berth.yaml',
        'apps/retail/shop/dev/deployment-web.yaml',
      ]),
    );
    // Submitting again finds the same change request.
    expect(
      (await request('POST', `${api}/apps/shop/gitops/submit`, { env: 'dev' })).json().changeRequest.number,
    ).toBe(proposal.changeRequest.number);
    // Before the merge nothing is deployed, and the change request is listed as open.
    const before = await status('dev');
    expect(before.inSync).toBe(false);
    expect(before.openChangeRequests).toHaveLength(1);
    // It says which application environment it delivers — in the list too, with its checks.
    const shopDev = { workspace: 'retail', name: 'shop', environment: 'dev' };
    expect(cr.app).toEqual(shopDev);
    expect(
      (await request('GET', `${api}/git/repositories/retail-apps/change-requests?state=open`)).json().items,
    ).toEqual([
      expect.objectContaining({
        number: proposal.changeRequest.number,
        app: shopDev,
        checks: [
          { name: 'berth/render', status: 'success' },
          { name: 'berth/validate-repo', status: 'success' },
        ],
      }),
    ]);
    // BERTH_PORT=0 and no public URL: the agent is told the port the server really listens on.
    expect(loop.t.deps.config.port).toBe(0);
    const application = await loop.cluster.cluster.get({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      name: 'retail-shop-dev',
      namespace: 'argocd',
    });
    expect(loop.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect(
      (application as { spec?: { source?: { repoURL?: string } } } | undefined)?.spec?.source?.repoURL,
    ).toBe(`${loop.baseUrl}/git/retail-apps.git`);

    firstMerge = await merge(proposal.changeRequest.number);
    const after = await synced('dev', firstMerge);
    expect(after).toMatchObject({
      repo: 'retail-apps',
      branch: 'main',
      mergedHead: firstMerge,
      mergedRevision: 1,
      syncStatus: 'Synced',
      openChangeRequests: [],
    });
    expect(after.history[0].revision).toBe(firstMerge);
    const live = await deployment('shop-dev');
    expect(live?.metadata.annotations?.['argocd.argoproj.io/tracking-id']).toBe(
      'retail-shop-dev:apps/Deployment:shop-dev/web',
    );
    expect(JSON.stringify(live?.metadata.managedFields)).toContain('argocd-controller');
  }, 60_000);

  it('updates: a new revision → change request with the changed object → merge → the new hash is deployed', async () => {
    const revision = await update(shopYaml('ghcr.io/acme/shop:1.1.0'));
    const proposal = (await request('POST', `${api}/apps/shop/gitops/submit`, { env: 'dev' })).json();
    expect(proposal.branch).toBe(`berth/shop-dev-r${revision}`);
    expect(proposal.changeRequest.description).toContain('changed: Deployment/web');
    expect(proposal.changeRequest.description).toContain('-        - image: ghcr.io/acme/shop:1.0.0');
    const sha = await merge(proposal.changeRequest.number);
    const s = await synced('dev', sha);
    expect(s.history.map((h: { revision: string }) => h.revision)).toEqual([sha, firstMerge]);
    expect((await deployment('shop-dev'))?.spec).toMatchObject({
      template: { spec: { containers: [expect.objectContaining({ image: 'ghcr.io/acme/shop:1.1.0' })] } },
    });
  }, 60_000);

  it('reports a change request that conflicts with the target branch, and refuses to merge it', async () => {
    const r3 = await update(shopYaml('ghcr.io/acme/shop:1.2.0'));
    const first = (
      await request('POST', `${api}/apps/shop/gitops/submit`, { env: 'dev', revision: r3 })
    ).json();
    await update(shopYaml('ghcr.io/acme/shop:1.3.0'));
    const second = (await request('POST', `${api}/apps/shop/gitops/submit`, { env: 'dev' })).json();
    const sha = await merge(second.changeRequest.number);
    const stale = (
      await request(
        'GET',
        `${api}/git/repositories/retail-apps/change-requests/${first.changeRequest.number}`,
      )
    ).json();
    expect(stale.mergeable).toBe(false);
    expect(stale.conflicts).toContain('apps/retail/shop/dev/deployment-web.yaml');
    const refused = await request(
      'POST',
      `${api}/git/repositories/retail-apps/change-requests/${first.changeRequest.number}/merge`,
      {},
    );
    expect(refused.statusCode).toBe(409);
    await request(
      'POST',
      `${api}/git/repositories/retail-apps/change-requests/${first.changeRequest.number}/close`,
      {},
    );
    await synced('dev', sha);
  }, 60_000);

  it('rolls back through a change request restoring the directory of an earlier commit', async () => {
    const rollback = await request('POST', `${api}/apps/shop/gitops/rollback`, {
      env: 'dev',
      commit: firstMerge,
    });
    expect(rollback.statusCode, rollback.body).toBe(201);
    expect(rollback.json().changeRequest.title).toContain('revision 1');
    const sha = await merge(rollback.json().changeRequest.number);
    const s = await synced('dev', sha);
    expect(s.mergedRevision).toBe(1);
    expect((await deployment('shop-dev'))?.spec).toMatchObject({
      template: { spec: { containers: [expect.objectContaining({ image: 'ghcr.io/acme/shop:1.0.0' })] } },
    });
  }, 60_000);

  it('promotes what dev runs to staging (Flux), re-rendered for staging', async () => {
    const promoted = await request('POST', `${api}/apps/shop/gitops/promote`, { from: 'dev', to: 'staging' });
    expect(promoted.statusCode, promoted.body).toBe(201);
    expect(promoted.json()).toMatchObject({
      path: 'apps/retail/shop/staging',
      branch: 'berth/shop-staging-r1-from-dev',
    });
    const sha = await merge(promoted.json().changeRequest.number);
    const s = await synced('staging', sha);
    expect(s).toMatchObject({
      agent: 'flux',
      agentObject: { kind: 'Kustomization', namespace: 'flux-system' },
    });
    const ks = await loop.cluster.cluster.get({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      name: 'retail-shop-staging',
      namespace: 'flux-system',
    });
    expect(ks?.status).toMatchObject({
      lastAppliedRevision: `main@sha1:${sha}`,
      conditions: expect.arrayContaining([
        expect.objectContaining({
          type: 'Ready',
          status: 'True',
          reason: 'ReconciliationSucceeded',
          message: `Applied revision: main@sha1:${sha}`,
        }),
      ]),
    });
    const live = await deployment('shop-staging');
    expect(live?.metadata.labels?.['kustomize.toolkit.fluxcd.io/name']).toBe('retail-shop-staging');
    expect(live?.spec).toMatchObject({
      template: { spec: { containers: [expect.objectContaining({ image: 'ghcr.io/acme/shop:1.0.0' })] } },
    });
  }, 60_000);

  it('deletes through a change request: merge → the agent object and the synced objects are gone', async () => {
    const removal = await request('POST', `${api}/apps/shop/gitops/delete`, { env: 'dev' });
    expect(removal.statusCode, removal.body).toBe(201);
    expect(removal.json().changeRequest.description).toContain('removed: Deployment/web');
    await merge(removal.json().changeRequest.number);
    await status('dev'); // follows the merged deletion
    await eventually(
      async () => ((await deployment('shop-dev')) ? undefined : true),
      'Deployment web removed from shop-dev',
    );
    await eventually(
      async () =>
        (await loop.cluster.cluster.get({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          name: 'retail-shop-dev',
          namespace: 'argocd',
        }))
          ? undefined
          : true,
      'Application retail-shop-dev deleted',
    );
    expect((await status('dev')).agentObject).toMatchObject({ name: 'retail-shop-dev' });
    expect(await deployment('shop-staging')).toBeDefined();
  }, 60_000);

  it('refuses to deliver into another workspace’s embedded repository, as if it did not exist', async () => {
    await loop.t.deps.workspaces.create({ name: 'other', description: '' });
    const yaml = shopYaml('ghcr.io/evil/shop:1.0.0', 1, 'intruder')
      .replace('workspace: retail', 'workspace: other')
      .replace('delivery: gitops }', 'delivery: gitops, gitops: { repo: retail-apps } }');
    const created = await request('POST', '/api/v1/workspaces/other/apps', { spec: yaml });
    expect(created.statusCode, created.body).toBe(201);
    const { git } = embeddedGitOf(loop.t.deps);
    const branchesBefore = (await git.listBranches('retail-apps')).map((b) => b.name).sort();
    const submitted = await request('POST', '/api/v1/workspaces/other/apps/intruder/gitops/submit', {
      env: 'dev',
    });
    expect(submitted.statusCode, submitted.body).toBe(404);
    expect(submitted.json().detail).toBe('repository retail-apps not found in workspace other');
    expect((await request('GET', '/api/v1/workspaces/other/apps/intruder/gitops?env=dev')).statusCode).toBe(
      404,
    );
    expect((await git.listBranches('retail-apps')).map((b) => b.name).sort()).toEqual(branchesBefore);
  }, 60_000);
});
