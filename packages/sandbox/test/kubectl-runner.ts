/**
 * Runs the real kubectl against a sandbox, always asynchronously: the API server lives in the
 * test's process, so a synchronous spawn would block it.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

/** True when a kubectl binary is on the PATH. */
export const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

/** The outcome of one kubectl command. */
export interface KubectlResult {
  code: number;
  out: string;
  err: string;
}

/** A kubectl bound to one kubeconfig: `run(...args)` waits for exit, `stream(...args)` returns the live process. */
export interface Kubectl {
  run(...args: string[]): Promise<KubectlResult>;
  stream(...args: string[]): ChildProcessWithoutNullStreams & { output(): string };
}

/** kubectl with `KUBECONFIG=kubeconfigPath`, its cache and HOME under `dir`. */
export function kubectlFor(kubeconfigPath: string, dir: string): Kubectl {
  const env = { ...process.env, KUBECONFIG: kubeconfigPath, KUBECACHEDIR: join(dir, 'cache'), HOME: dir };
  const stream = (...args: string[]) => {
    const child = spawn('kubectl', args, { env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    return Object.assign(child, { output: () => out });
  };
  return {
    stream,
    run: (...args) =>
      new Promise((resolve) => {
        const child = spawn('kubectl', args, { env });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
      }),
  };
}

/** Polls `check` every 100 ms until it returns a value other than undefined/false, or fails after `ms`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
