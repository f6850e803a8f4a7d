/**
 * The whole GitOps loop for tests and the benchmark: the control plane (clusters, apps, git,
 * gitops; with `workflow`, also delivery, workflow and wiring — runs, deletion as runs — with
 * its runner started) listening on 127.0.0.1, a sandbox cluster, and the simulated GitOps agent
 * syncing from Berth's smart HTTP into the sandbox.
 */
import { appsCapability } from '../../src/apps/capability.js';
import { clustersCapability } from '../../src/clusters/capability.js';
import { createGitCapability } from '../../src/git/capability.js';
import { deliveryCapability } from '../../src/delivery/capability.js';
import { DeploymentHistory } from '../../src/delivery/deployments.js';
import { createGitOpsCapability, gitopsExecutors, gitopsOf, type GitOps } from '../../src/gitops/index.js';
import { deliveryExecutorsFor, runSourceFor, wiringCapability } from '../../src/wiring/capability.js';
import { workflowCapability } from '../../src/workflow/capability.js';
import {
  startGitOpsAgentSimulation,
  type GitOpsAgentSimulation,
} from '../../../sandbox/src/gitops-agent/index.js';
import { startDeliveryCluster, type DeliveryCluster } from '../delivery/cluster-fixture.js';
import { eachDatabase, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A running loop. */
export interface GitOpsLoop {
  t: TestApp;
  cluster: DeliveryCluster;
  agent: GitOpsAgentSimulation;
  gitops: GitOps;
  baseUrl: string;
  stop(): Promise<void>;
}

/** Options of {@link startGitOpsLoop}. */
export interface GitOpsLoopOptions {
  agentIntervalMs?: number;
  database?: TestDatabase;
  workflow?: boolean;
  /** Start the simulated agent (default true; false when the test writes the agent's status itself). */
  agent?: boolean;
  /** Extra settings (e.g. `BERTH_GITHUB_API_URL` of a GitHub fake). */
  env?: Record<string, string>;
  /** How often GitHub is asked about an open change request without a webhook (default 30 s). */
  gitHubPollMs?: number;
}

/** Starts everything; `agentIntervalMs` paces the simulated agent; `database` defaults to SQLite. */
export async function startGitOpsLoop(options: GitOpsLoopOptions = {}): Promise<GitOpsLoop> {
  const cluster = await startDeliveryCluster();
  const workflow = options.workflow
    ? [
        deliveryCapability,
        workflowCapability({
          sourceFor: runSourceFor,
          executorsFor: (deps) =>
            deliveryExecutorsFor(deps, {
              gitopsExecutorsFor: (platform) =>
                gitopsExecutors({
                  ...gitopsOf(platform),
                  deployments: new DeploymentHistory(platform),
                  pollMs: 100,
                  ...(options.gitHubPollMs !== undefined ? { gitHubPollMs: options.gitHubPollMs } : {}),
                }),
            }),
          runner: { pollIntervalMs: 100 },
        }),
        wiringCapability(),
      ]
    : [];
  // BERTH_PORT=0 and no cloneUrl seam: agents clone from the address the server listens on.
  const t = await startTestApp(options.database ?? eachDatabase()[0]!, {
    env: { BERTH_SANDBOX: 'off', BERTH_PORT: '0', ...options.env },
    capabilities: [
      clustersCapability,
      appsCapability,
      createGitCapability(),
      createGitOpsCapability({
        clusters: cluster.clusters,
        settleIntervalMs: 0,
        ...(options.gitHubPollMs !== undefined ? { gitHubPollMs: options.gitHubPollMs } : {}),
      }),
      ...workflow,
    ],
  });
  const baseUrl = await t.app.listen({ host: '127.0.0.1', port: t.deps.config.port });
  await t.deps.lifecycle.started({ url: baseUrl });
  const agent = options.agent === false ? { stop: async () => undefined } as GitOpsAgentSimulation : await startGitOpsAgentSimulation({
    kube: { url: cluster.sandbox.url, token: cluster.sandbox.adminToken },
    intervalMs: options.agentIntervalMs ?? 250,
    ...(process.env.GITOPS_DEBUG
      ? { onError: (error: Error) => console.error('agent:', error.message) }
      : {}),
  });
  return {
    t,
    cluster,
    agent,
    gitops: gitopsOf(t.deps),
    baseUrl,
    async stop() {
      await agent.stop();
      await t.deps.lifecycle.shutdown();
      await t.close();
      await cluster.stop();
    },
  };
}

/** Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The spec of a small application with three gitops environments (dev: Argo CD, staging: Flux, prod: Argo CD). */
export function shopYaml(image: string, replicas = 1, name = 'shop'): string {
  return `apiVersion: berth.dev/v1alpha1
kind: Application
metadata: { name: ${name}, workspace: retail }
spec:
  components:
    - name: web
      type: webservice
      image: ${image}
      replicas: ${replicas}
      ports: [{ port: 8080, expose: true }]
  environments:
    - { name: dev, cluster: sandbox, namespace: ${name}-dev, delivery: gitops }
    - { name: staging, cluster: sandbox, namespace: ${name}-staging, delivery: gitops, gitops: { agent: flux } }
    - { name: prod, cluster: sandbox, namespace: ${name}-prod, delivery: gitops, overrides: { components: { web: { replicas: 2 } } } }
`;
}
