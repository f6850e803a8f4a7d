/**
 * `startSandbox`: a simulated Kubernetes cluster in-process — the object store, the API server
 * over HTTP, the admission plugins, the bootstrap namespaces and RBAC policy, and the simulated
 * controllers (nodes, scheduler, kubelet, workloads) — with a kubeconfig for kubectl and clients.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdmission, type AdmissionDeps, type QuotaDecision } from './api/admission.js';
import { createAuthenticator, type Authenticator, type TokenIdentity } from './api/authn.js';
import { bootstrapPolicy } from './api/bootstrap-policy.js';
import { systemPriorityClasses } from './resources/priority-classes.js';
import type { LogRequest, PodLogSource } from './api/context.js';
import { createOpenApiSource } from './api/openapi.js';
import { createAuthorizer } from './api/rbac.js';
import { createApiServer } from './api/server.js';
import { selfSignedCertificate } from './api/tls.js';
import { startControllers, type ControllerOptions, type RunningCluster } from './controllers/index.js';
import { isApiError } from './machinery/errors.js';
import { createResourceRegistry, type MutableResourceRegistry } from './resources/registry.js';
import type { Clock } from './sim/clock.js';
import { realClock } from './sim/clock.js';
import { FaultSet, type FaultSpec } from './sim/faults.js';
import type { FleetSpec } from './sim/fleet.js';
import { createObjectStore } from './store/memory-store.js';
import type { PodLogOptions } from './sim/logs.js';
import type { KubeObject, ObjectStore, StoreSnapshot } from './store/types.js';

/** What a simulation (controllers, scheduler, kubelet, nodes) receives from the sandbox. */
export interface SimulationDeps {
  store: ObjectStore;
  registry: MutableResourceRegistry;
  clock: Clock;
  faults: FaultSet;
  nodes: FleetSpec | number | undefined;
}

/** A running simulation: stop it, and (optionally) read pod logs from its kubelet and check quotas. */
export interface RunningSimulation {
  stop(): void | Promise<void>;
  logs?: PodLogSource;
  /** ResourceQuota admission on create. */
  checkQuota?(namespace: string, object: KubeObject): QuotaDecision;
}

/** Tunables of the built-in simulation (see `startControllers`). */
export type SimulationTuning = Pick<ControllerOptions, 'readyAfterMs' | 'timings' | 'events' | 'onError'>;

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** The node fleet: a count of default nodes or a pool spec (default: the simulation's default fleet). */
  nodes?: FleetSpec | number;
  /** Faults declared at start; replaceable at runtime through `PUT /sandbox/v1/faults`. */
  faults?: FaultSpec;
  /**
   * Serve HTTPS with a throwaway self-signed certificate (the kubeconfig skips verification).
   * kubectl sends bearer tokens only over TLS, so use it for RBAC with kubectl. Default false.
   */
  tls?: boolean;
  /** Enforce RBAC (default false: every authenticated request is allowed). */
  rbac?: boolean;
  /** Extra static bearer tokens: token → identity. */
  tokens?: Record<string, TokenIdentity>;
  /** Answer 401 to requests without credentials (default: true when rbac is on). */
  requireAuthentication?: boolean;
  /** The clock of the simulation (default: real time). */
  clock?: Clock;
  /** Restore the store from this file at start (when it exists) and save it there at stop. */
  snapshotPath?: string;
  /**
   * The simulated cluster: `true` (default) runs `startControllers` (nodes, scheduler, kubelet,
   * workload controllers, quota); `false` serves the API alone (pods stay Pending); a function
   * starts a simulation of your own.
   */
  simulation?: boolean | ((deps: SimulationDeps) => RunningSimulation);
  /** Timings of the built-in simulation (e.g. `{ readyAfterMs: 200 }`). */
  tuning?: SimulationTuning;
  /** Log each request to stderr. */
  logRequests?: boolean;
}

/** A running sandbox cluster. */
export interface Sandbox {
  /** Base URL of the API server, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** A kubeconfig (YAML) with cluster `sandbox`, an admin user and context `sandbox`. */
  kubeconfig: string;
  /** The kubeconfig written to a temporary file (removed by `stop`). */
  kubeconfigPath: string;
  /** The admin bearer token (user `sandbox-admin`, group `system:masters`). */
  adminToken: string;
  store: ObjectStore;
  registry: MutableResourceRegistry;
  faults: FaultSet;
  /** The clock of the store and the simulation. */
  clock: Clock;
  /** The built-in simulation (fleet, pod logs, quota), when it runs. */
  simulation?: RunningCluster;
  /** Signs a token for a ServiceAccount (it must exist when the token is used). */
  serviceAccountToken(namespace: string, name: string, expirationSeconds?: number): string;
  /** Stops the server and the simulation, saves the snapshot when configured. */
  stop(): Promise<void>;
}

const initialNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Render a kubeconfig for `server` with a bearer token. */
export function renderKubeconfig(server: string, token: string, user = 'sandbox-admin'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: sandbox',
    '  cluster:',
    `    server: ${server}`,
    // The sandbox's certificate is self-signed; @kubernetes/client-node also wants this for plain http.
    '    insecure-skip-tls-verify: true',
    'users:',
    `- name: ${user}`,
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: sandbox',
    '  context:',
    '    cluster: sandbox',
    `    user: ${user}`,
    '    namespace: default',
    'current-context: sandbox',
    'preferences: {}',
    '',
  ].join('\n');
}

function seed(store: ObjectStore, registry: MutableResourceRegistry): void {
  const create = (obj: KubeObject): void => {
    const type = registry.byKind(obj.apiVersion, obj.kind);
    if (!type) return;
    try {
      store.create(type, obj, { fieldManager: 'kube-apiserver' });
    } catch (e) {
      if (!isApiError(e, 409)) throw e;
    }
  };
  for (const name of initialNamespaces) create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } });
  for (const obj of bootstrapPolicy()) create(obj);
  for (const obj of systemPriorityClasses()) create(obj);
}

async function restore(store: ObjectStore, registry: MutableResourceRegistry, path: string): Promise<void> {
  const snapshot = JSON.parse(await readFile(path, 'utf8')) as StoreSnapshot;
  store.restore(snapshot);
  const crds = registry.byKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
  if (crds) for (const crd of store.list(crds).items) registry.serveCrd(crd);
}

function logOptions(request: LogRequest): PodLogOptions {
  const options: PodLogOptions = { container: request.container, previous: request.previous, timestamps: request.timestamps };
  if (request.tailLines !== undefined) options.tailLines = request.tailLines;
  if (request.sinceSeconds !== undefined) options.sinceSeconds = request.sinceSeconds;
  return options;
}

/** The `/log` subresource served from the simulation's synthetic container logs. */
function podLogSource(cluster: RunningCluster): PodLogSource {
  const at = (pod: KubeObject) => [pod.metadata.namespace ?? '', pod.metadata.name ?? ''] as const;
  return {
    read: (pod, request) => cluster.podLogs(...at(pod), logOptions(request)),
    follow: (pod, request, signal) => cluster.followPodLogs(...at(pod), { ...logOptions(request), follow: true }, signal),
  };
}

/**
 * Start a sandbox cluster.
 * @example
 * const cluster = await startSandbox({ nodes: 3 });
 * process.env.KUBECONFIG = cluster.kubeconfigPath;
 * // ... kubectl or @kubernetes/client-node against cluster.url ...
 * await cluster.stop();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? realClock();
  const registry = createResourceRegistry();
  const builtin = (options.simulation ?? true) === true;
  const admission: AdmissionDeps = { registry };
  // With the built-in kubelet, pods on a node terminate gracefully (it finishes their deletion).
  const store = createObjectStore(registry, { clock: () => new Date(clock.now()), gracefulPodDeletion: builtin, admission: createAdmission(admission) });
  admission.store = store;
  if (options.snapshotPath && existsSync(options.snapshotPath)) await restore(store, registry, options.snapshotPath);
  seed(store, registry);
  const faults = new FaultSet(options.faults ?? {});
  const adminToken = randomBytes(24).toString('hex');
  const tokens: Record<string, TokenIdentity> = { ...(options.tokens ?? {}), [adminToken]: { user: 'sandbox-admin', groups: ['system:masters'] } };
  const authenticator: Authenticator = createAuthenticator({ tokens, store, registry, now: () => clock.now() });
  const rbac = options.rbac ?? false;
  const running = builtin ? startControllers(store, registry, { ...options.tuning, clock, faults, fleet: options.nodes }) : undefined;
  const custom = typeof options.simulation === 'function' ? options.simulation({ store, registry, clock, faults, nodes: options.nodes }) : undefined;
  const simulation: RunningSimulation | undefined = running ? { stop: () => running.stop(), logs: podLogSource(running), checkQuota: (ns, o) => running.checkQuota(ns, o) } : custom;
  if (simulation?.checkQuota) admission.checkQuota = (ns, o) => simulation.checkQuota!(ns, o);
  let address = '';
  const server = createApiServer({
    store,
    registry,
    authenticator,
    authorizer: createAuthorizer({ store, registry, enabled: rbac }),
    requireAuthentication: options.requireAuthentication ?? rbac,
    faults,
    logs: simulation?.logs,
    now: () => clock.now(),
    serverAddress: () => address,
    openapi: createOpenApiSource(registry),
    logRequests: options.logRequests ?? false,
  }, options.tls ? selfSignedCertificate() : undefined);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  address = `${host}:${port}`;
  const url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const kubeconfig = renderKubeconfig(url, adminToken);
  const dir = await mkdtemp(join(tmpdir(), 'berth-sandbox-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  await writeFile(kubeconfigPath, kubeconfig, { mode: 0o600 });

  let stopped: Promise<void> | undefined;
  return {
    url,
    kubeconfig,
    kubeconfigPath,
    adminToken,
    store,
    registry,
    faults,
    clock,
    simulation: running,
    serviceAccountToken: (namespace, name, seconds) => authenticator.issueServiceAccountToken(namespace, name, seconds),
    stop() {
      stopped ??= (async () => {
        await simulation?.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        if (options.snapshotPath) await writeFile(options.snapshotPath, JSON.stringify(store.snapshot()));
        await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
