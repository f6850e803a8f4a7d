import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BareRepository } from '../git/embedded/bare-repository.js';
import { GitCommandError, runGit } from '../git/git-cli.js';
import type { GitProvider } from '../git/provider.js';
import { InputError } from '../http/errors.js';
import { type CheckedDestination, checkDestination, type DestinationPolicy } from './address-policy.js';

/**
 * The files of one commit of a repository, read without a checkout: their paths, and their text.
 * `read` returns `undefined` for a path that is listed but could not be fetched (a blob over the
 * clone's size filter).
 */
export interface RepoFiles {
  readonly paths: ReadonlySet<string>;
  read(file: string): Promise<string | undefined>;
  /** Removes anything on disk (a temporary clone). */
  dispose(): Promise<void>;
}

/** True when `dir` holds at least one file. */
export function hasDirectory(files: RepoFiles, dir: string): boolean {
  const prefix = dir === '' || dir === '.' ? '' : `${dir.replace(/\/+$/, '')}/`;
  for (const p of files.paths) if (p.startsWith(prefix)) return true;
  return false;
}

/** The files of `ref` (default: the default branch) of an embedded (or any provider's) repository. */
export async function providerFiles(
  provider: GitProvider,
  repository: string,
  ref?: string,
): Promise<RepoFiles> {
  const at = ref ?? (await provider.getRepository(repository)).defaultBranch;
  const tree = await provider.readTree(repository, at);
  return {
    paths: new Set(tree.map((e) => e.path)),
    read: async (file) => (await provider.readFile(repository, at, file))?.toString('utf8'),
    dispose: async () => undefined,
  };
}

/** Limits of a remote clone. */
export interface CloneLimits {
  /** Wall-clock limit of the clone (default 60 s). */
  timeoutMs?: number;
  /** The clone may not grow past this many bytes on disk (default 50 MiB). */
  maxBytes?: number;
}

/** What fetching a remote repository needs. */
export interface RemoteSource {
  url: string;
  ref?: string;
  /** A token for a private repository, sent as HTTP Basic password (never on the command line). */
  token?: string;
}

/**
 * Clones a remote repository safely: the URL must pass {@link checkDestination}; git connects
 * only to the checked address (`http.curloptResolve`), follows no redirects, clones one commit
 * of one branch without tags or checkout, skips blobs over 1 MiB, is killed after the timeout or
 * when the clone passes the size cap, and runs no hooks, filters or submodules.
 */
export async function cloneRemote(
  source: RemoteSource,
  policy: DestinationPolicy,
  limits: CloneLimits = {},
): Promise<RepoFiles> {
  const destination = await checkDestination(source.url, policy);
  const timeoutMs = limits.timeoutMs ?? 60_000;
  const maxBytes = limits.maxBytes ?? 50 * 1024 * 1024;
  const scratch = await mkdtemp(path.join(tmpdir(), 'berth-repocheck-'));
  const dir = path.join(scratch, 'repo');
  const dispose = () => rm(scratch, { recursive: true, force: true });
  try {
    await cloneWithin(destination, source, dir, { timeoutMs, maxBytes });
    const gitDir = path.join(dir, '.git');
    // Without a remote, a missing (filtered) blob can never be fetched lazily later.
    await runGit(['remote', 'remove', 'origin'], { gitDir });
    const bare = new BareRepository(gitDir);
    const tree = await bare.readTree('HEAD');
    return {
      paths: new Set(tree.map((e) => e.path)),
      read: async (file) => {
        try {
          return (await bare.readFile('HEAD', file))?.toString('utf8');
        } catch {
          return undefined;
        }
      },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

async function cloneWithin(
  destination: CheckedDestination,
  source: RemoteSource,
  dir: string,
  limits: Required<CloneLimits>,
): Promise<void> {
  const { host, port, address, url } = destination;
  const pinned = address.includes(':') ? `[${address}]` : address;
  const config: [string, string][] = [
    ['http.followRedirects', 'false'],
    ['http.curloptResolve', `${host}:${port}:${pinned}`],
    ['http.proxy', ''],
  ];
  if (source.token) {
    const basic = Buffer.from(`x-access-token:${source.token}`).toString('base64');
    config.push(['http.extraHeader', `Authorization: Basic ${basic}`]);
  }
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(config.length) };
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  const args = ['clone', '--quiet', '--depth', '1', '--single-branch', '--no-tags', '--no-checkout'];
  args.push('--filter=blob:limit=1m');
  if (source.ref) args.push('--branch', source.ref);
  args.push('--', url.toString(), dir);

  let tooBig = false;
  let done = false;
  const abort = new AbortController();
  const clone = runGit(args, { env, timeoutMs: limits.timeoutMs, signal: abort.signal });
  const watcher = (async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, 200));
      if (!done && (await sizeOf(dir)) > limits.maxBytes) {
        tooBig = true;
        abort.abort();
        return;
      }
    }
  })();
  try {
    await clone;
  } catch (error) {
    if (tooBig) throw refusal(`the repository is larger than ${limits.maxBytes} bytes`);
    if (error instanceof GitCommandError) {
      if (error.timedOut)
        throw refusal(`cloning ${url.origin}${url.pathname} took longer than ${limits.timeoutMs} ms`);
      throw refusal(
        `cannot clone ${url.origin}${url.pathname}${source.ref ? ` at ${source.ref}` : ''}: ${explain(error.stderr)}`,
      );
    }
    throw error;
  } finally {
    done = true;
    await watcher;
  }
  if (tooBig || (await sizeOf(dir)) > limits.maxBytes)
    throw refusal(`the repository is larger than ${limits.maxBytes} bytes`);
}

function explain(stderr: string): string {
  const line = stderr
    .split('\n')
    .map((l) => l.replace(/^(fatal|error|warning):\s*/, '').trim())
    .find((l) => l !== '');
  if (/redirect/i.test(stderr)) return 'the server redirected, and redirects are not followed';
  return line ?? 'git failed';
}

function refusal(message: string): InputError {
  return new InputError(message, [{ path: 'repo', message }]);
}

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    try {
      total += (await stat(path.join(entry.parentPath, entry.name))).size;
    } catch {
      // removed meanwhile
    }
  }
  return total;
}
