import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubCredentialStore } from '../../src/git/github/credentials.js';
import { GitHubProvider } from '../../src/git/github/github-provider.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appJwtProblem } from './github-app-jwt.js';
import { GitHubFake } from './github-fake.js';

const recording = (name: string) =>
  path.join(path.dirname(fileURLToPath(import.meta.url)), 'recordings', name);
const APP_ID = 123456;
const INSTALLATION_TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';
const C = '7638417db6d59f3c431d3e1f261cc637155684cd';

/** A fresh RSA key pair; the private key as GitHub hands it out (PKCS#1 PEM). */
function appKeyPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
}

// GitHub cannot be reached from here: the provider runs against the recorded fake, which checks
// the app JWT of the installation-token exchange as GitHub does.
describe('github provider with GitHub App credentials (against the recorded fake)', () => {
  const keys = appKeyPair();
  let fake: GitHubFake;
  let t: TestApp;
  let credentials: GitHubCredentialStore;
  let github: GitHubProvider;

  beforeAll(async () => {
    fake = new GitHubFake(
      [
        ...GitHubFake.load(recording('github-app-installation-token.json')),
        ...GitHubFake.load(recording('github-pull-request-flow.json')),
      ],
      { app: { appId: APP_ID, publicKey: createPublicKey(keys.publicKey) } },
    );
    const baseUrl = await fake.start();
    t = await startTestApp(eachDatabase()[0]!);
    credentials = new GitHubCredentialStore({ secrets: t.deps.secrets, owner: 'acme', baseUrl });
    await credentials.put('shop-apps', {
      app: { appId: APP_ID, installationId: 4242, privateKey: keys.privateKey },
      webhookSecret: 'a-webhook-secret-of-length',
    });
    github = new GitHubProvider({ owner: 'acme', octokitFor: (repo) => credentials.octokitFor(repo) });
  });
  afterAll(async () => {
    await fake.stop();
    await t.close();
  });

  it('keeps the private key sealed at rest and says only which kind is configured', async () => {
    const row = await t.deps.store.db
      .selectFrom('secrets')
      .selectAll()
      .where('scope', '=', 'github-repository')
      .where('name', '=', 'acme/shop-apps')
      .executeTakeFirstOrThrow();
    const keyBody = keys.privateKey.split('\n')[1]!;
    const pkcs8Body = createPrivateKey(keys.privateKey)
      .export({ type: 'pkcs8', format: 'pem' })
      .toString()
      .split('\n')[1]!;
    const raw = JSON.stringify(row);
    for (const secret of ['PRIVATE KEY', keyBody, pkcs8Body, 'a-webhook-secret'])
      expect(raw).not.toContain(secret);
    expect(await credentials.describe('shop-apps')).toEqual({
      kind: 'app',
      appId: APP_ID,
      installationId: 4242,
      webhookSecret: true,
      workspaces: [],
    });
  });

  it('opens a pull request with an installation token fetched once by a verified app JWT', async () => {
    await github.commit('shop-apps', {
      branch: 'berth/web-dev',
      message: 'Deploy web to dev',
      author: { name: 'Alice', email: 'alice@example.com' },
      changes: [
        { path: 'apps/retail/web/dev/kustomization.yaml', content: 'resources:\n  - deployment.yaml\n' },
      ],
    });
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
    await github.comment('shop-apps', 7, { author: 'berth', body: 'Validation passed' });

    const exchanges = fake.received.filter((r) => r.path.startsWith('/app/'));
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({
      method: 'POST',
      path: '/app/installations/4242/access_tokens',
      status: 201,
      authorization: expect.stringMatching(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/),
    });
    const calls = fake.received.filter((r) => r.path.startsWith('/repos/'));
    // repo, refs, commit, blob, tree, commit, ref, repo, pulls, comment: all with the one token.
    expect(calls.length).toBeGreaterThanOrEqual(8);
    expect(new Set(calls.map((r) => r.authorization))).toEqual(new Set([`token ${INSTALLATION_TOKEN}`]));
    expect(calls.find((r) => r.method === 'POST' && r.path.endsWith('/git/refs'))?.body).toEqual({
      ref: 'refs/heads/berth/web-dev',
      sha: C,
    });
    expect(fake.unmatched).toEqual([]);
  });

  it('fails when GitHub refuses the app JWT: another key, or another app ID (401 → 502)', async () => {
    const other = appKeyPair();
    await credentials.put('wrong-key', {
      app: { appId: APP_ID, installationId: 4242, privateKey: other.privateKey },
    });
    await credentials.put('wrong-app', {
      app: { appId: 999, installationId: 4242, privateKey: keys.privateKey },
    });
    const before = fake.received.length;
    // GitHub's 401 is not the caller's: a 502 saying who replaces the credentials, and where.
    for (const repository of ['wrong-key', 'wrong-app'])
      await expect(github.getRepository(repository)).rejects.toMatchObject({
        status: 502,
        message: expect.stringMatching(
          new RegExp(`^GitHub refused Berth's credentials for acme/${repository} \\(401 .+\\): a platform admin replaces them with PUT /api/v1/git/github/owners/acme/repositories/${repository}/credentials$`),
        ),
      });
    const seen = fake.received.slice(before);
    // Only the refused exchanges: no repository call went out without an installation token.
    expect(seen.map((r) => `${r.status} ${r.path}`)).toEqual([
      '401 /app/installations/4242/access_tokens',
      '401 /app/installations/4242/access_tokens',
    ]);
  });
});

describe('the fake’s app JWT check', () => {
  const keys = appKeyPair();
  const publicKey = createPublicKey(keys.publicKey);
  const now = 1_750_000_000;
  const jwt = (claims: object, alg = 'RS256') => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg, typ: 'JWT' })}.${part(claims)}`;
    return `Bearer ${unsigned}.${sign('sha256', Buffer.from(unsigned), keys.privateKey).toString('base64url')}`;
  };
  const check = (authorization: string | undefined) =>
    appJwtProblem(authorization, { appId: APP_ID, publicKey, now: () => now });

  it('accepts a JWT GitHub accepts, and refuses expired, too long-lived or unsigned ones', () => {
    expect(check(jwt({ iss: APP_ID, iat: now - 60, exp: now + 540 }))).toBeUndefined();
    expect(check(jwt({ iss: String(APP_ID), iat: now - 30, exp: now + 570 }))).toBeUndefined();
    expect(check(jwt({ iss: APP_ID, iat: now - 700, exp: now - 100 }))).toMatch(/'exp'/);
    expect(check(jwt({ iss: APP_ID, iat: now, exp: now + 601 }))).toMatch(/too far in the future/);
    expect(check(jwt({ iss: APP_ID, iat: now + 300, exp: now + 500 }))).toMatch(/'iat'/);
    expect(check(jwt({ iss: 7, iat: now, exp: now + 500 }))).toMatch(/'iss'/);
    expect(check(jwt({ iss: APP_ID, iat: now, exp: now + 500 }, 'HS256'))).toMatch(/RS256/);
    expect(check(undefined)).toBeDefined();
    const [head, body] = jwt({ iss: APP_ID, iat: now, exp: now + 500 }).split('.');
    expect(check(`${head}.${body}.AAAA`)).toBeDefined();
  });
});
