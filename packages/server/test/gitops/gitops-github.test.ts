/**
 * GitOps delivery into a GitHub repository, against the recorded GitHub REST fake (GitHub cannot
 * be reached from here): an environment names `https://github.com/acme/shop-apps`, a platform
 * admin set token credentials granting workspace retail; a run opens the pull request with the
 * manifest files, a signed `pull_request` closed+merged webhook arrives, the Argo CD Application
 * Berth installed points at the GitHub URL with its repository Secret, the test writes the
 * Application's status as Argo CD would, and the run succeeds. Tenancy and failures: a workspace
 * not granted gets 403, a repository without credentials or an unusable URL 422, GitHub's 401 a
 * 502 — never a 500.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signGitHubPayload } from '../../src/git/github/webhooks.js';
import { GitHubFake } from '../git/github-fake.js';
import { eventually, startGitOpsLoop, type GitOpsLoop } from './gitops-fixture.js';

const RECORDING = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../git/recordings/github-gitops-delivery.json',
);
const C = '7638417db6d59f3c431d3e1f261cc637155684cd';
const X = 'e5bd3914e2e596debea16f433f57875b5b90bcd6';
const TOKEN = 'ghp_shopAppsDeliveryToken00000000000000';
const WEBHOOK_SECRET = 'shop-apps-webhook-secret';

const specYaml = (workspace: string, name: string, repo: string) => `apiVersion: berth.dev/v1alpha1
kind: Application
metadata: { name: ${name}, workspace: ${workspace} }
spec:
  components:
    - name: web
      type: webservice
      image: ghcr.io/acme/shop:1.0.0
      ports: [{ port: 8080, expose: true }]
  environments:
    - { name: dev, cluster: sandbox, namespace: ${name}-dev, delivery: gitops, gitops: { repo: '${repo}' } }
`;

interface RunBody {
  id: string;
  state: string;
  steps: Array<{ name: string; type: string; state: string; message?: string }>;
}

describe('GitOps delivery into a GitHub repository (recorded GitHub fake)', () => {
  let fake: GitHubFake;
  let loop: GitOpsLoop;
  const request = (method: string, url: string, body?: unknown) =>
    loop.t.request(loop.t.adminToken, { method, url, ...(body !== undefined ? { body } : {}) });
  const createApp = async (workspace: string, name: string, repo: string) => {
    const created = await request('POST', `/api/v1/workspaces/${workspace}/apps`, {
      spec: specYaml(workspace, name, repo),
    });
    expect(created.statusCode, created.body).toBe(201);
  };
  const submit = (workspace: string, name: string) =>
    request('POST', `/api/v1/workspaces/${workspace}/apps/${name}/gitops/submit`, { env: 'dev' });

  beforeAll(async () => {
    fake = GitHubFake.fromFile(RECORDING);
    const apiUrl = await fake.start();
    // No webhook → GitHub is asked once a minute: the merge below must come from the webhook.
    loop = await startGitOpsLoop({
      workflow: true,
      agent: false,
      env: { BERTH_GITHUB_API_URL: apiUrl },
      gitHubPollMs: 60_000,
    });
    for (const name of ['retail', 'outlet']) await loop.t.deps.workspaces.create({ name, description: '' });
    const granted = await request(
      'PUT',
      '/api/v1/git/github/owners/acme/repositories/shop-apps/credentials',
      {
        token: TOKEN,
        webhookSecret: WEBHOOK_SECRET,
        workspaces: ['retail'],
      },
    );
    expect(granted.json()).toEqual({
      owner: 'acme',
      repository: 'shop-apps',
      kind: 'token',
      webhookSecret: true,
      workspaces: ['retail'],
    });
    await request('PUT', '/api/v1/git/github/owners/acme/repositories/locked/credentials', {
      token: 'ghp_revoked',
      workspaces: ['retail'],
    });
  }, 60_000);
  afterAll(async () => {
    await loop?.stop();
    await fake?.stop();
  });

  it('deploys: pull request with the manifests → signed merge webhook → Argo CD Application on the GitHub URL → synced → the run succeeds', async () => {
    await createApp('retail', 'shop', 'https://github.com/acme/shop-apps');
    const started = await request('POST', '/api/v1/workspaces/retail/apps/shop/runs', { environment: 'dev' });
    expect(started.statusCode, started.body).toBe(201);
    const run = async () =>
      (
        await request('GET', `/api/v1/workspaces/retail/apps/shop/runs/${started.json().id}`)
      ).json() as RunBody;

    // The pull request: files committed through the Git data API under apps/retail/shop/dev/.
    const opened = await eventually(
      async () => fake.received.find((r) => r.method === 'POST' && r.path === '/repos/acme/shop-apps/pulls'),
      'the pull request',
    );
    expect(opened.body).toMatchObject({
      title: 'Deploy shop revision 1 to dev',
      head: 'berth/shop-dev-r1',
      base: 'main',
    });
    const tree = fake.received.find(
      (r) => r.method === 'POST' && r.path === '/repos/acme/shop-apps/git/trees',
    )?.body as { tree: Array<{ path: string }> };
    const paths = tree.tree.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'apps/retail/shop/dev/kustomization.yaml',
        'apps/retail/shop/dev/berth.yaml',
        'apps/retail/shop/dev/deployment-web.yaml',
      ]),
    );
    expect(paths.every((p) => p.startsWith('apps/retail/shop/dev/'))).toBe(true);
    expect(
      fake.received.find((r) => r.method === 'POST' && r.path === '/repos/acme/shop-apps/git/refs')?.body,
    ).toEqual({ ref: 'refs/heads/berth/shop-dev-r1', sha: C });
    // The render check is set on the commit after the pull request is opened.
    const check = await eventually(
      async () =>
        fake.received.find(
          (r) =>
            r.path === `/repos/acme/shop-apps/statuses/${C}` &&
            (r.body as { context?: string } | undefined)?.context === 'berth/render',
        ),
      'the berth/render status',
    );
    expect(check.body).toMatchObject({ context: 'berth/render', state: 'success' });
    expect(new Set(fake.received.map((r) => r.authorization))).toEqual(new Set([`token ${TOKEN}`]));

    // The change-request routes address it as github:acme:shop-apps.
    const key = 'github:acme:shop-apps';
    const detail = await request(
      'GET',
      `/api/v1/workspaces/retail/git/repositories/${key}/change-requests/42`,
    );
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({
      repository: key,
      number: 42,
      state: 'open',
      app: { workspace: 'retail', name: 'shop', environment: 'dev' },
      fastForward: true,
    });

    // The Argo CD Application Berth installed, and its repository Secret in argocd.
    const application = await eventually(
      () =>
        loop.cluster.cluster.get({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          name: 'retail-shop-dev',
          namespace: 'argocd',
        }),
      'the Argo CD Application',
    );
    expect(application?.spec).toMatchObject({
      source: {
        repoURL: 'https://github.com/acme/shop-apps.git',
        path: 'apps/retail/shop/dev',
        targetRevision: 'main',
      },
    });
    const secret = await loop.cluster.cluster.get({
      apiVersion: 'v1',
      kind: 'Secret',
      name: 'berth-repo-github-acme-shop-apps',
      namespace: 'argocd',
    });
    expect(secret?.metadata.labels).toMatchObject({ 'argocd.argoproj.io/secret-type': 'repository' });
    const data = Object.fromEntries(
      Object.entries((secret as unknown as { data: Record<string, string> }).data).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString('utf8'),
      ]),
    );
    expect(data).toEqual({
      type: 'git',
      url: 'https://github.com/acme/shop-apps.git',
      username: 'x-access-token',
      password: TOKEN,
    });

    // Still waiting for the merge.
    await new Promise((r) => setTimeout(r, 400));
    expect((await run()).state).toBe('running');

    // GitHub's webhook: pull_request closed + merged, signed with the repository's secret.
    const payload = JSON.stringify({
      action: 'closed',
      number: 42,
      pull_request: {
        number: 42,
        merged: true,
        merge_commit_sha: X,
        base: { ref: 'main' },
        merged_by: { login: 'octocat' },
      },
      repository: { name: 'shop-apps', full_name: 'acme/shop-apps', owner: { login: 'acme' } },
    });
    const hook = (signature: string) =>
      loop.t.app.inject({
        method: 'POST',
        url: '/api/v1/git/github/webhooks',
        payload,
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-hub-signature-256': signature,
        },
      });
    expect((await hook(signGitHubPayload('another-secret-entirely', payload))).statusCode).toBe(401);
    const delivered = await hook(signGitHubPayload(WEBHOOK_SECRET, payload));
    expect(delivered.statusCode, delivered.body).toBe(202);
    expect(delivered.json()).toEqual({ accepted: true });

    // Argo CD reports the merge commit synced and healthy.
    // Recorded as merged at once (GitHub is asked only once a minute here): the step now waits for Argo CD.
    expect(await loop.gitops.deps.store.changeByNumber('github:acme:shop-apps', 42)).toMatchObject({
      state: 'merged',
      merge_sha: X,
    });
    await loop.cluster.cluster.apply(
      [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name: 'retail-shop-dev', namespace: 'argocd' },
          status: {
            sync: { status: 'Synced', revision: X },
            health: { status: 'Healthy' },
            operationState: { phase: 'Succeeded', syncResult: { revision: X } },
            history: [{ id: 0, revision: X, deployedAt: '2024-05-03T09:05:00Z' }],
          },
        } as never,
      ],
      { fieldManager: 'argocd-application-controller', force: true },
    );
    const finished = await eventually(async () => {
      const r = await run();
      return ['succeeded', 'failed'].includes(r.state) ? r : undefined;
    }, 'the run finished');
    expect(finished.state, JSON.stringify(finished)).toBe('succeeded');
    expect(finished.steps.map((s) => [s.type, s.state])).toEqual([
      ['deploy', 'succeeded'],
      ['finalize', 'succeeded'],
    ]);
    expect(fake.unmatched).toEqual([]);
  }, 60_000);

  it('refuses a workspace the credentials do not grant (403), saying who grants it and how', async () => {
    await createApp('outlet', 'kiosk', 'github.com/acme/shop-apps.git');
    const refused = await submit('outlet', 'kiosk');
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().detail).toBe(
      'workspace outlet may not use GitHub repository acme/shop-apps: a platform admin grants it by adding "outlet" to "workspaces" of its credentials with PUT /api/v1/git/github/owners/acme/repositories/shop-apps/credentials (or of the owner\'s, PUT /api/v1/git/github/owners/acme/credentials, when the repository has no record of its own)',
    );
    const read = await request(
      'GET',
      '/api/v1/workspaces/outlet/git/repositories/github:acme:shop-apps/change-requests/42',
    );
    expect(read.statusCode).toBe(403);
  });

  it('answers 422 for a repository without credentials and for a URL that is not a repository', async () => {
    await createApp('retail', 'ledger', 'https://github.com/globex/ledger-apps');
    const missing = await submit('retail', 'ledger');
    expect(missing.statusCode, missing.body).toBe(422);
    expect(missing.json().detail).toMatch(
      /^no GitHub credentials for globex\/ledger-apps: a platform admin adds them with PUT \/api\/v1\/git\/github\/owners\/globex\/repositories\/ledger-apps\/credentials/,
    );
    await createApp('retail', 'wiki', 'https://gitlab.com/acme/wiki-apps');
    const elsewhere = await submit('retail', 'wiki');
    expect(elsewhere.statusCode, elsewhere.body).toBe(422);
    expect(elsewhere.json().errors).toEqual([
      {
        path: 'spec.environments[0].gitops.repo',
        message: expect.stringContaining('https://github.com/<owner>/<repo>'),
      },
    ]);
  });

  it('turns GitHub’s 401 into a 502 naming the credentials to replace — never a 500, never the token', async () => {
    await createApp('retail', 'vault', 'https://github.com/acme/locked');
    const refused = await submit('retail', 'vault');
    expect(refused.statusCode, refused.body).toBe(502);
    expect(refused.json().detail).toBe(
      "GitHub refused Berth's credentials for acme/locked (401 Bad credentials): a platform admin replaces them with PUT /api/v1/git/github/owners/acme/repositories/locked/credentials",
    );
    expect(refused.body).not.toContain('ghp_revoked');
  });
});
