import { spawn } from 'node:child_process';

/** Options of one {@link runGit} call. */
export interface GitRunOptions {
  /** Working directory (a bare repository is addressed with `--git-dir` in `args` or here). */
  cwd?: string;
  /** `GIT_DIR`: the repository the command acts on. */
  gitDir?: string;
  /** Written to stdin, then stdin is closed. */
  input?: string | Buffer;
  /** Extra environment (merged over the safe base). */
  env?: Record<string, string>;
  /** Wall-clock limit; the whole process group is killed when it passes. */
  timeoutMs?: number;
  /** Aborting kills the whole process group (e.g. a clone that grew past its size cap). */
  signal?: AbortSignal;
  /** Exit codes that are not failures (e.g. `[0, 1]` for `merge-tree`). Default `[0]`. */
  okCodes?: readonly number[];
}

/** What a git process produced. */
export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** A git command failed; `stderr` says why (never includes credentials we pass by env). */
export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly code: number | null,
    readonly stderr: string,
    readonly timedOut = false,
  ) {
    super(
      timedOut
        ? `git ${args[0] ?? ''} timed out`
        : `git ${args
            .filter((a) => !a.startsWith('-c'))
            .slice(0, 3)
            .join(' ')} failed (${code}): ${stderr.trim().slice(0, 500)}`,
    );
    this.name = 'GitCommandError';
  }
}

/**
 * Config every invocation carries: nothing from a repository may run code on this machine
 * (no hooks, no `file://` transport, no submodules, no filters on the paths we touch).
 */
export const SAFE_GIT_CONFIG: readonly string[] = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'protocol.file.allow=never',
  '-c',
  'protocol.ext.allow=never',
  '-c',
  'submodule.recurse=false',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.symlinks=false',
];

/** The environment of every git process: no prompts, no system or user config, a fixed locale. */
export function safeGitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: '/nonexistent',
    LANG: 'C',
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ASKPASS: '/bin/false',
    SSH_ASKPASS: '/bin/false',
    GIT_PROTOCOL_FROM_USER: '0',
    ...extra,
  };
}

/**
 * Runs `git <SAFE_GIT_CONFIG> <args>` without a shell and collects its output. Throws
 * {@link GitCommandError} when the exit code is not in `okCodes` or the timeout passes.
 */
export function runGit(args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
  const okCodes = options.okCodes ?? [0];
  const env = safeGitEnv({ ...(options.gitDir ? { GIT_DIR: options.gitDir } : {}), ...options.env });
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...SAFE_GIT_CONFIG, ...args], {
      cwd: options.cwd ?? '/',
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: options.timeoutMs !== undefined || options.signal !== undefined,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            killGroup(child.pid);
          }, options.timeoutMs)
        : undefined;
    const abort = () => killGroup(child.pid);
    options.signal?.addEventListener('abort', abort, { once: true });
    if (options.signal?.aborted) abort();
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      const stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) return reject(new GitCommandError(args, code, stderr, true));
      if (code === null || !okCodes.includes(code)) return reject(new GitCommandError(args, code, stderr));
      resolve({ code, stdout: Buffer.concat(out), stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Kills a detached git process and its children (e.g. `git-remote-https`) by process group id. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** `runGit` returning trimmed stdout as text. */
export async function gitText(args: readonly string[], options: GitRunOptions = {}): Promise<string> {
  return (await runGit(args, options)).stdout.toString('utf8').trim();
}
