/**
 * Local mirrors of the repositories the simulated agent syncs from, kept with the git CLI
 * (`clone --mirror`, `fetch --prune`), like Argo CD's repo-server or Flux's source-controller.
 * Credentials travel as an HTTP Basic header through `-c http.extraHeader`, never in a URL.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** HTTP Basic credentials of a repository. */
export interface GitCredentials {
  username: string;
  password: string;
}

function git(args: readonly string[], options: { gitDir?: string; header?: string } = {}): Promise<Buffer> {
  const full = [
    '-c', 'core.hooksPath=/dev/null',
    '-c', 'protocol.file.allow=never',
    ...(options.header ? ['-c', `http.extraHeader=${options.header}`] : []),
    ...(options.gitDir ? ['--git-dir', options.gitDir] : []),
    ...args,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('git', full, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent', GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`git ${args[0]} failed (${code}): ${err.trim().slice(0, 300)}`));
    });
  });
}

/** Mirrors under `cacheDir`, one per repository URL. */
export class GitMirrors {
  readonly #fetching = new Map<string, Promise<string>>();
  /** Directory contents by `gitDir sha path` (a commit's tree never changes), like Argo CD's manifest cache. */
  readonly #directories = new Map<string, Promise<Map<string, string> | undefined>>();

  constructor(private readonly cacheDir: string) {}

  /** Clone (first time) or fetch the repository; resolves to the mirror's git dir. */
  refresh(url: string, credentials?: GitCredentials): Promise<string> {
    const key = createHash('sha256').update(url).digest('hex').slice(0, 16);
    const running = this.#fetching.get(key);
    if (running) return running;
    const dir = join(this.cacheDir, `${key}.git`);
    const header = credentials
      ? `Authorization: Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
      : undefined;
    const work = (async () => {
      if (!existsSync(dir)) await git(['clone', '--quiet', '--mirror', url, dir], header ? { header } : {});
      else await git(['fetch', '--quiet', '--prune', url, '+refs/heads/*:refs/heads/*'], { gitDir: dir, ...(header ? { header } : {}) });
      return dir;
    })().finally(() => this.#fetching.delete(key));
    this.#fetching.set(key, work);
    return work;
  }

  /** The commit `revision` (branch, tag, `HEAD` or sha) names in a mirror, or undefined. */
  async resolve(gitDir: string, revision: string): Promise<string | undefined> {
    const ref = !revision || revision === 'HEAD' ? 'HEAD' : revision;
    try {
      return (await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { gitDir })).toString().trim();
    } catch {
      return undefined;
    }
  }

  /** Files below `path` at `sha` (path relative to the repository root), or undefined when it does not exist. */
  readDirectory(gitDir: string, sha: string, path: string): Promise<Map<string, string> | undefined> {
    const key = `${gitDir} ${sha} ${path}`;
    let cached = this.#directories.get(key);
    if (!cached) {
      if (this.#directories.size > 5000) this.#directories.clear();
      cached = this.#read(gitDir, sha, path);
      cached.catch(() => this.#directories.delete(key));
      this.#directories.set(key, cached);
    }
    return cached;
  }

  async #read(gitDir: string, sha: string, path: string): Promise<Map<string, string> | undefined> {
    const dir = path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    const names = (await git(['ls-tree', '-r', '--name-only', sha, '--', dir ? `${dir}/` : '.'], { gitDir }))
      .toString()
      .split('\n')
      .filter(Boolean);
    if (names.length === 0) return undefined;
    const files = new Map<string, string>();
    for (const name of names) {
      const text = (await git(['cat-file', 'blob', `${sha}:${name}`], { gitDir })).toString('utf8');
      files.set(dir ? name.slice(dir.length + 1) : name, text);
    }
    return files;
  }
}
