import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedGitProvider } from '../../src/git/embedded/embedded-provider.js';
import { RepositoryReadTokens } from '../../src/git/embedded/read-tokens.js';
import { gitMigration, type GitTables } from '../../src/git/migration.js';
import { registerGitHttp } from '../../src/git/smart-http.js';
import { RoleAuthorizer } from '../../src/iam/authorizer.js';
import { checkDestination, forbiddenReason } from '../../src/repocheck/address-policy.js';
import { validateRepo } from '../../src/repocheck/validate-repo.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { GOOD_CHART } from './fixtures.js';

describe('validate repo: remote repositories and SSRF', () => {
  let dir: string;
  let store: Store;
  let server: FastifyInstance;
  let redirector: Server;
  let base: string;
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'berth-remote-'));
    store = await openStore({ dataDir: dir, sqliteFile: ':memory:' }, { migrations: [gitMigration] });
    const db = store.db as unknown as Kysely<GitTables>;
    const root = path.join(dir, 'git');
    const git = new EmbeddedGitProvider({ db, root });
    await git.createRepository({ name: 'target', workspace: 'retail' });
    await git.commit('target', {
      branch: 'main',
      message: 'chart',
      author: { name: 'A', email: 'a@example.com' },
      changes: Object.entries(GOOD_CHART).map(([p, content]) => ({ path: p, content })),
    });
    const readTokens = new RepositoryReadTokens(db);
    token = (await readTokens.create('target', 'repocheck')).token;
    server = Fastify();
    await registerGitHttp(server, {
      root,
      workspaceOf: async (name) => (name === 'target' ? 'retail' : undefined),
      authenticate: async () => undefined,
      authorizer: new RoleAuthorizer({ roleIn: async () => undefined, rolesOf: async () => [] }),
      readTokens,
    });
    base = await server.listen({ host: '127.0.0.1', port: 0 });
    redirector = createServer((_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await server.close();
    redirector.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const chart = { chartPath: 'charts/shop', environments: ['dev', 'prod'] };

  it.each([
    ['https://127.0.0.1/acme/chart.git', /127\.0\.0\.1.*loopback/],
    ['https://169.254.169.254/latest/meta-data', /169\.254\.169\.254.*link-local.*metadata/],
    ['https://[::1]/repo.git', /::1.*loopback/],
    ['https://[fd00::1]/repo.git', /unique local/],
    ['http://github.com/acme/chart.git', /only https:\/\//],
    ['file:///etc/passwd', /only https:\/\//],
    ['https://user:secret@github.com/acme/chart.git', /no credentials/],
  ])('refuses %s with a clear message', async (url, message) => {
    await expect(validateRepo({ repo: { url }, ...chart })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(message),
    });
  });

  it('refuses a host name that resolves to a private address', async () => {
    const resolve = async (host: string) =>
      host === 'charts.internal.example' ? ['10.0.0.1'] : ['140.82.112.3'];
    await expect(
      validateRepo(
        { repo: { url: 'https://charts.internal.example/acme/chart.git' }, ...chart },
        { policy: { resolve } },
      ),
    ).rejects.toMatchObject({
      status: 400,
      message:
        'refusing to fetch from 10.0.0.1 (charts.internal.example resolves to it): it is a private address (RFC 1918); an administrator can allowlist the host or range',
    });
    const mixed = async () => ['140.82.112.3', '192.168.1.10'];
    await expect(checkDestination('https://rebind.example/x.git', { resolve: mixed })).rejects.toMatchObject({
      status: 400,
    });
    const ok = await checkDestination('https://github.com/acme/chart.git', { resolve });
    expect(ok).toMatchObject({ host: 'github.com', port: 443, address: '140.82.112.3' });
  });

  it('classifies the special ranges', () => {
    expect(forbiddenReason('100.64.1.1')).toMatch(/carrier-grade NAT/);
    expect(forbiddenReason('0.0.0.0')).toMatch(/unspecified/);
    expect(forbiddenReason('224.0.0.1')).toMatch(/multicast/);
    expect(forbiddenReason('::ffff:10.1.2.3')).toMatch(/private/);
    expect(forbiddenReason('fe80::1')).toMatch(/link-local/);
    expect(forbiddenReason('8.8.8.8')).toBeUndefined();
    expect(forbiddenReason('2606:4700::1111')).toBeUndefined();
  });

  it('clones an allowlisted local host (over smart HTTP, with a read token) and validates it', async () => {
    const policy = { allow: ['127.0.0.0/8'], allowHttpForAllowlisted: true };
    const result = await validateRepo(
      {
        repo: { url: `${base}/git/target.git`, ref: 'main', token },
        ...chart,
        kustomizations: ['deploy/prod'],
      },
      { policy },
    );
    expect(result).toEqual({ ok: true, problems: [] });
    // the same host without the allowlist is refused before any connection
    await expect(
      validateRepo({ repo: { url: `${base}/git/target.git`, token }, ...chart }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('reports a wrong ref and a missing token as clone failures, not server errors', async () => {
    const policy = { allow: ['127.0.0.1'], allowHttpForAllowlisted: true };
    await expect(
      validateRepo({ repo: { url: `${base}/git/target.git`, ref: 'nope', token }, ...chart }, { policy }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/cannot clone .* at nope/) });
    await expect(
      validateRepo({ repo: { url: `${base}/git/target.git` }, ...chart }, { policy }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/cannot clone/) });
  });

  it('does not follow a redirect (to the metadata service)', async () => {
    const port = (redirector.address() as { port: number }).port;
    const policy = { allow: ['127.0.0.1'], allowHttpForAllowlisted: true };
    await expect(
      validateRepo(
        { repo: { url: `http://127.0.0.1:${port}/acme/chart.git` }, ...chart },
        { policy, limits: { timeoutMs: 10_000 } },
      ),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/cannot clone/) });
  });

  it('kills a clone that passes the size cap', async () => {
    const policy = { allow: ['127.0.0.1'], allowHttpForAllowlisted: true };
    await expect(
      validateRepo(
        { repo: { url: `${base}/git/target.git`, token }, ...chart },
        { policy, limits: { maxBytes: 1000 } },
      ),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/larger than 1000 bytes/) });
  });
});
