/**
 * Starts a sandbox cluster for an integration test — with its simulated nodes, scheduler,
 * kubelet and controllers — and a connection to it built from the kubeconfig text.
 */
import { startSandbox, type Sandbox, type SandboxOptions } from '@berth/sandbox';
import { connectToCluster, type ClusterConnection, type ConnectionOptions } from '../../src/kube/index.js';

/** A running sandbox and a connection to it. */
export interface TestCluster {
  sandbox: Sandbox;
  cluster: ClusterConnection;
  stop(): Promise<void>;
}

/** Start a sandbox (3 nodes by default) and connect to it. */
export async function startTestCluster(
  options: SandboxOptions = {},
  connection: ConnectionOptions = {},
): Promise<TestCluster> {
  const sandbox = await startSandbox({ nodes: 3, ...options });
  const cluster = connectToCluster(sandbox.kubeconfig, { requestTimeoutMs: 10_000, ...connection });
  return {
    sandbox,
    cluster,
    async stop() {
      cluster.close();
      await sandbox.stop();
    },
  };
}

/** A Deployment as Berth renders one: labelled with the application and component. */
export function deployment(name: string, namespace: string, image: string, replicas = 1) {
  const labels = { 'berth.dev/app': 'shop', 'berth.dev/component': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name, image }] } },
    },
  };
}

/** Poll `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
