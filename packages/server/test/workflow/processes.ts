import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planWorkflow } from '@berth/core';
import type { RunStore } from '../../src/workflow/run-store.js';
import { appWith } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Starts `worker-process.ts` in a child process; resolves once it prints `ready`. */
export async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'worker-process.ts')], {
    cwd: path.resolve(here, '../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  child.removeAllListeners('exit');
  return child;
}

/** Sends `signal` and waits for the process to exit. */
export async function stopWorker(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** One line of the workers' execution log. */
export interface Execution {
  kind: 'start' | 'done';
  run: string;
  step: string;
  attempt: number;
  holder: string;
}

/** The execution log, in append order. */
export function readExecutions(file: string): Execution[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Execution);
}

/** The diamond a → (b, c) → d as an explicit DAG workflow. */
export const DIAMOND = [
  { name: 'a', type: 'job', component: 'migrate' },
  { name: 'b', type: 'deploy', components: ['web'], dependsOn: ['a'] },
  { name: 'c', type: 'deploy', components: ['web'], dependsOn: ['a'] },
  { name: 'd', type: 'deploy', components: ['web'], dependsOn: ['b', 'c'] },
];

/** Creates `count` runs of the diamond. */
export async function createRuns(runs: RunStore, count: number): Promise<string[]> {
  const spec = appWith(DIAMOND, { mode: 'dag' });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const run = await runs.create(
      { workspace: 'retail', revision: 1, cluster: 'sandbox', namespace: 'shop', spec, plan: planWorkflow(spec, 'dev') },
      Date.now(),
    );
    ids.push(run.id);
  }
  return ids;
}
