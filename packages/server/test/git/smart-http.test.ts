import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedGitProvider } from '../../src/git/embedded/embedded-provider.js';
import { RepositoryReadTokens } from '../../src/git/embedded/read-tokens.js';
import { gitMigrations, type GitTables } from '../../src/git/migration.js';
import { registerGitHttp } from '../../src/git/smart-http.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const exec = promisify(execFile);
const gitEnv = {
  PATH: process.env.PATH!,
  HOME: '/nonexistent',
  GIT_TERMINAL_PROMPT: '0',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Runs the real git client; resolves with its exit code and stderr. */
async function gitClient(args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await exec('git', args, { cwd, env: gitEnv, timeout: 30_000 });
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code?: number; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stderr: e.stderr ?? '' };
  }
}

describe('git smart HTTP (read-only, token auth)', () => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  let work: string;
  let viewerToken: string;
  let strangerToken: string;
  let readToken: string;

  beforeAll(async () => {
    t = await startTestApp(eachDatabase()[0]!, {
      capabilities: [{ name: 'git', migrations: gitMigrations, register() {} }],
    });
    const db = t.deps.store.db as unknown as Kysely<GitTables>;
    const root = path.join(t.deps.config.dataDir, 'git');
    const git = new EmbeddedGitProvider({ db, root });
    const readTokens = new RepositoryReadTokens(db);
    await t.deps.workspaces.create({ name: 'retail', description: '' });
    await git.createRepository({ name: 'shop-apps', workspace: 'retail' });
    await git.commit('shop-apps', {
      branch: 'main',
      message: 'Add web',
      author: { name: 'Alice', email: 'alice@example.com' },
      changes: [{ path: 'apps/retail/web/dev/kustomization.yaml', content: 'resources: []\n' }],
    });
    viewerToken = await t.userToken('vera');
    await t.deps.workspaces.setMember('retail', 'vera', 'viewer');
    strangerToken = await t.userToken('sam');
    readToken = (await readTokens.create('shop-apps', 'argocd')).token;

    server = Fastify();
    await registerGitHttp(server, {
      root,
      workspaceOf: async (name) =>
        (await git.listRepositories()).find((r) => r.name === name)?.workspace ?? undefined,
      authenticate: (c) => t.deps.authentication.authenticate(c),
      authorizer: t.deps.authorizer,
      readTokens,
    });
    base = await server.listen({ host: '127.0.0.1', port: 0 });
    work = mkdtempSync(path.join(tmpdir(), 'berth-clone-'));
  });
  afterAll(async () => {
    await server.close();
    await t.close();
    rmSync(work, { recursive: true, force: true });
  });

  const urlWith = (password?: string) =>
    password
      ? `${base.replace('http://', `http://x:${encodeURIComponent(password)}@`)}/git/shop-apps.git`
      : `${base}/git/shop-apps.git`;

  it('clones with a workspace viewer’s personal access token', async () => {
    const result = await gitClient(['clone', '--quiet', urlWith(viewerToken), 'by-viewer'], work);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(work, 'by-viewer/apps/retail/web/dev/kustomization.yaml'), 'utf8')).toBe(
      'resources: []\n',
    );
  });

  it('clones with a repository read token (what a GitOps agent uses)', async () => {
    const result = await gitClient(
      ['clone', '--quiet', '--depth', '1', urlWith(readToken), 'by-agent'],
      work,
    );
    expect(result.code).toBe(0);
  });

  it('asks anonymous clients for credentials (401 with a Basic challenge) and refuses the clone', async () => {
    const response = await fetch(`${base}/git/shop-apps.git/info/refs?service=git-upload-pack`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="Berth"/);
    const result = await gitClient(['clone', '--quiet', urlWith(), 'anonymous'], work);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Authentication failed|could not read Username/);
  });

  it('refuses a wrong token and a user outside the workspace', async () => {
    expect((await gitClient(['clone', '--quiet', urlWith('berth_pat_nope'), 'wrong'], work)).code).not.toBe(
      0,
    );
    const stranger = await fetch(`${base}/git/shop-apps.git/info/refs?service=git-upload-pack`, {
      headers: { authorization: `Basic ${Buffer.from(`sam:${strangerToken}`).toString('base64')}` },
    });
    expect(stranger.status).toBe(404);
  });

  it('refuses pushes with 403, even with a valid token', async () => {
    const clone = path.join(work, 'by-viewer');
    writeFileSync(path.join(clone, 'evil.yaml'), 'x: 1\n');
    await gitClient(['-c', 'user.name=v', '-c', 'user.email=v@x', 'commit', '-qam', 'x'], clone);
    await gitClient(['add', 'evil.yaml'], clone);
    await gitClient(['-c', 'user.name=v', '-c', 'user.email=v@x', 'commit', '-qm', 'x'], clone);
    const push = await gitClient(['push', 'origin', 'HEAD:main'], clone);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(/403/);
    const info = await fetch(`${base}/git/shop-apps.git/info/refs?service=git-receive-pack`, {
      headers: { authorization: `Basic ${Buffer.from(`v:${viewerToken}`).toString('base64')}` },
    });
    expect(info.status).toBe(403);
  });
});
