/**
 * A sandbox cluster (with its built-in simulation) for delivery and status tests, a connection
 * to it, a cluster registry naming it `sandbox`, and a driver that polls an executor the way
 * the workflow engine does.
 */
import { startSandbox, type FleetSpec, type Sandbox, type SandboxOptions } from '@berth/sandbox';
import { deliversRevision, FINALIZE_JOB_TYPE, loadApplication, type Application } from '@berth/core';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { connectToCluster, type ClusterConnection, type ClusterRegistry } from '../../src/kube/index.js';
import type { DeliveryTarget, StepExecutor, StepReport } from '../../src/workflow/executor.js';

/** A running sandbox, a connection, and a registry that knows it as `sandbox`. */
export interface DeliveryCluster {
  sandbox: Sandbox;
  cluster: ClusterConnection;
  clusters: ClusterRegistry;
  stop(): Promise<void>;
}

/** Start a sandbox (3 nodes unless a fleet is given). */
export async function startDeliveryCluster(options: SandboxOptions = {}): Promise<DeliveryCluster> {
  const sandbox = await startSandbox({ nodes: 3, tuning: { readyAfterMs: 200, onError: () => undefined }, ...options });
  const cluster = connectToCluster(sandbox.kubeconfig, { requestTimeoutMs: 10_000, informer: { initialDelayMs: 50, maxDelayMs: 1000 } });
  const clusters: ClusterRegistry = {
    async get(name) {
      if (name !== 'sandbox') throw new Error(`no cluster ${name}`);
      return cluster;
    },
    forget() {},
  };
  return {
    sandbox,
    cluster,
    clusters,
    async stop() {
      cluster.close();
      await sandbox.stop();
    },
  };
}

/** A fleet with a general pool and a pool of GPU nodes (each with `gpus` nvidia.com/gpu). */
export function gpuFleet(gpus = 4): FleetSpec {
  return {
    pools: [
      { name: 'general', count: 2, labels: { 'berth.dev/node-group': 'general' } },
      {
        name: 'gpu-a100',
        count: 1,
        labels: { 'berth.dev/node-group': 'gpu-a100' },
        capacity: { 'nvidia.com/gpu': gpus },
        taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
      },
    ],
  };
}

/** The shop example, parsed and validated (web autoscaled: the sandbox simulates its metrics). */
export function shopSpec(): Application {
  const result = loadApplication(readFileSync(new URL('../../../../examples/shop/berth.yaml', import.meta.url), 'utf8'));
  if (!result.application) throw new Error(JSON.stringify(result.problems));
  return result.application;
}

/** A target of the shop's `dev` environment on the sandbox. */
export function target(spec: Application, revision: number, environment = 'dev'): DeliveryTarget {
  const env = spec.spec.environments?.find((e) => e.name === environment);
  return {
    workspace: 'retail',
    application: spec.metadata.name,
    revision,
    spec,
    environment,
    cluster: 'sandbox',
    namespace: env?.namespace ?? spec.metadata.name,
  };
}

/** Every report of one step, polled like the engine does until it is no longer running. */
export async function runStep(
  executor: StepExecutor,
  options: { target: DeliveryTarget; step: string; properties: Record<string, unknown>; runId: string; timeoutMs?: number },
): Promise<StepReport & { polls: number }> {
  const logger = pino({ level: 'silent' });
  const startedAt = Date.now();
  let state: Record<string, unknown> | undefined;
  for (let poll = 0; ; poll++) {
    const report = await executor.execute({
      runId: options.runId,
      step: options.step,
      properties: options.properties,
      attempt: 1,
      poll,
      startedAt,
      state,
      target: options.target,
      logger,
      signal: new AbortController().signal,
      now: () => Date.now(),
    });
    if (report.status !== 'running') return { ...report, polls: poll + 1 };
    if (report.state !== undefined) state = report.state;
    if (Date.now() - startedAt > (options.timeoutMs ?? 60_000)) throw new Error(`step ${options.step} still running: ${report.message}`);
    await new Promise((r) => setTimeout(r, Math.min(report.pollAfterMs, 200)));
  }
}

/**
 * Run every step of a plan in order (dependencies first), stopping at the first that does not
 * succeed. As in a run the control plane plans, steps that deliver a revision end with Berth's
 * `finalize` step (prune and record) when `executors` has one and `steps` do not.
 */
export async function runPlan(
  executors: readonly StepExecutor[],
  steps: ReadonlyArray<{ name: string; type: string; properties: Record<string, unknown> }>,
  deliveryTarget: DeliveryTarget,
  runId: string,
): Promise<Array<{ step: string } & StepReport>> {
  const finalize =
    executors.some((e) => e.type === FINALIZE_JOB_TYPE) && deliversRevision(steps) && !steps.some((s) => s.type === FINALIZE_JOB_TYPE)
      ? [{ name: FINALIZE_JOB_TYPE, type: FINALIZE_JOB_TYPE, properties: {} }]
      : [];
  const reports: Array<{ step: string } & StepReport> = [];
  for (const step of [...steps, ...finalize]) {
    const executor = executors.find((e) => e.type === step.type);
    if (!executor) throw new Error(`no executor for ${step.type}`);
    const report = await runStep(executor, { target: deliveryTarget, step: step.name, properties: step.properties, runId });
    reports.push({ step: step.name, ...report });
    if (report.status !== 'succeeded') break;
  }
  return reports;
}
