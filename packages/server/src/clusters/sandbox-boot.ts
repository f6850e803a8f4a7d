import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FleetSpec, SandboxOptions, Sandbox } from '@berth/sandbox';
import type { Logger } from 'pino';
import { loadKubeconfig } from '../kube/kubeconfig.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { KUBECONFIG_SECRET_SCOPE } from './cluster-connections.js';
import type { ClusterService } from './cluster-service.js';
import type { ClusterStore } from './cluster-store.js';
import { GPU_RESOURCE, NODE_GROUP_LABEL } from './node-groups.js';

/** Name of the sandbox cluster Berth registers on first start. */
export const SANDBOX_CLUSTER = 'sandbox';

/** The sandbox's fleet: 3 general nodes and a 2-node `gpu` pool with 4 GPUs each. */
export const SANDBOX_FLEET: FleetSpec = {
  pools: [
    { name: 'general', count: 3, labels: { [NODE_GROUP_LABEL]: 'general' } },
    {
      name: 'gpu',
      count: 2,
      capacity: { cpu: '16', memory: '64Gi', pods: 110, [GPU_RESOURCE]: 4 },
      labels: { [NODE_GROUP_LABEL]: 'gpu' },
      taints: [{ key: GPU_RESOURCE, value: 'present', effect: 'NoSchedule' }],
    },
  ],
};

/** What {@link bootSandbox} needs. */
export interface SandboxBootDeps {
  sandbox: 'auto' | 'off';
  dataDir: string;
  logger: Logger;
  secrets: SecretStore;
  clusters: ClusterStore;
  service: ClusterService;
  /** `startSandbox` of @berth/sandbox (injected so tests can pass options). */
  startSandbox: (options: SandboxOptions) => Promise<Sandbox>;
  /** Extra options for the sandbox (e.g. a simulation). */
  options?: Partial<SandboxOptions>;
}

/** The outcome: the running sandbox (stop it at shutdown) and whether it was registered now. */
export interface SandboxBoot {
  sandbox?: Sandbox;
  /** True when this start registered the sandbox cluster (first start: seed sample data). */
  firstRun: boolean;
  /** `<dataDir>/sandbox/kubeconfig` (mode 0600): kubectl into the sandbox as its admin. */
  kubeconfigPath?: string;
}

/**
 * With `BERTH_SANDBOX=auto`: on a first start (no cluster registered at all) starts a sandbox
 * cluster in-process and registers it as `sandbox` (simulated); on later starts, when the
 * registered `sandbox` is simulated, starts it again on the port and with the token of its
 * stored kubeconfig, restoring its objects from `<dataDir>/sandbox/state.json`.
 */
export async function bootSandbox(deps: SandboxBootDeps): Promise<SandboxBoot> {
  if (deps.sandbox !== 'auto') return { firstRun: false };
  const dir = path.join(deps.dataDir, 'sandbox');
  await mkdir(dir, { recursive: true });
  const base: SandboxOptions = {
    nodes: SANDBOX_FLEET,
    snapshotPath: path.join(dir, 'state.json'),
    ...deps.options,
  };
  const existing = await deps.clusters.find(SANDBOX_CLUSTER);
  if (!existing) {
    if ((await deps.clusters.count()) > 0) return { firstRun: false };
    const sandbox = await deps.startSandbox(base);
    try {
      await deps.service.register({
        name: SANDBOX_CLUSTER,
        displayName: 'Sandbox (simulated)',
        kubeconfig: sandbox.kubeconfig,
        simulated: true,
      });
    } catch (error) {
      await sandbox.stop();
      throw error;
    }
    const kubeconfigPath = await writeKubeconfig(dir, sandbox.kubeconfig);
    deps.logger.info(
      { cluster: SANDBOX_CLUSTER, url: sandbox.url, kubeconfigPath },
      'started and registered the sandbox cluster',
    );
    return { sandbox, firstRun: true, kubeconfigPath };
  }
  if (existing.simulated !== 1) return { firstRun: false };
  const text = (await deps.secrets.get(KUBECONFIG_SECRET_SCOPE, SANDBOX_CLUSTER))?.toString('utf8');
  if (!text) return { firstRun: false };
  const { config, summary } = loadKubeconfig(text);
  const url = new URL(summary.server);
  const token = config.getCurrentUser()?.token;
  const sandbox = await deps.startSandbox({
    ...base,
    host: url.hostname,
    port: Number(url.port),
    ...(token ? { tokens: { [token]: { user: 'sandbox-admin', groups: ['system:masters'] } } } : {}),
  });
  const kubeconfigPath = await writeKubeconfig(dir, text);
  deps.logger.info(
    { cluster: SANDBOX_CLUSTER, url: sandbox.url, kubeconfigPath },
    'restarted the sandbox cluster',
  );
  return { sandbox, firstRun: false, kubeconfigPath };
}

/** The sandbox's admin kubeconfig beside its state, readable by its owner only. */
async function writeKubeconfig(dir: string, kubeconfig: string): Promise<string> {
  const file = path.join(dir, 'kubeconfig');
  await writeFile(file, kubeconfig, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}
