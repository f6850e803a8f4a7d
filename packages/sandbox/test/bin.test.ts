/**
 * The `berth-sandbox` command as a real process: it prints the kubeconfig, serves kubectl with
 * the requested number of nodes, and exits 0 on SIGTERM.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, hasKubectl, kubectlFor } from './kubectl-runner.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'berth-sandbox.js');
const running: ChildProcessWithoutNullStreams[] = [];

/** Starts the command and waits for its `export KUBECONFIG=` line. */
async function startCommand(...args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; out: () => string; kubeconfig: string }> {
  const child = spawn(process.execPath, [bin, ...args]);
  running.push(child);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const kubeconfig = await eventually('the export KUBECONFIG line', async () => /^export KUBECONFIG=(.+)$/m.exec(out)?.[1], 30_000);
  return { child, out: () => out, kubeconfig };
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code))));
}

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe.skipIf(!hasKubectl)('berth-sandbox command', () => {
  it('starts with 2 nodes, prints the kubeconfig and stops on SIGTERM with exit code 0', async () => {
    const { child, out, kubeconfig } = await startCommand('--nodes', '2', '--port', '0');
    expect(out()).toMatch(/^sandbox cluster listening on http:\/\/127\.0\.0\.1:\d+\nkubeconfig: .+\nexport KUBECONFIG=.+\n/);
    const k = kubectlFor(kubeconfig, mkdtempSync(join(tmpdir(), 'sandbox-bin-')));
    const nodes = await eventually('2 Ready nodes', async () => {
      const r = await k.run('get', 'nodes', '--no-headers');
      const lines = r.out.trim().split('\n');
      return lines.length === 2 && lines.every((l) => /\sReady\s/.test(l)) ? lines : undefined;
    });
    expect(nodes).toHaveLength(2);
    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
  });

  it('with --nodes 0, leaves pods Pending', async () => {
    const { child, kubeconfig } = await startCommand('--nodes', '0');
    const k = kubectlFor(kubeconfig, mkdtempSync(join(tmpdir(), 'sandbox-bin-')));
    expect((await k.run('get', 'nodes')).err).toBe('No resources found\n');
    expect(await k.run('run', 'lonely', '--image=nginx:1.25')).toMatchObject({ code: 0, out: 'pod/lonely created\n' });
    const reason = await eventually('PodScheduled=False', async () =>
      (await k.run('get', 'pod', 'lonely', '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].reason}')).out || undefined,
    );
    expect(reason).toBe('Unschedulable');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await k.run('get', 'pod', 'lonely', '-o', 'jsonpath={.status.phase}')).out).toBe('Pending');
    const wait = await k.run('wait', '--for=condition=Ready', 'pod/lonely', '--timeout=1s');
    expect(wait.code).toBe(1);
    expect(wait.err).toContain('timed out waiting for the condition on pods/lonely');
    child.kill('SIGINT');
    expect(await exitOf(child)).toBe(0);
  });
});
