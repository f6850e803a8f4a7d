/**
 * The first start with a fresh sandbox: the `demo` workspace with the shop application, the
 * Secret and ConfigMap the shop reads in each of its namespaces (through the cluster port), and
 * a first run delivering it to `dev`, so the first screen shows a live application.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { AppService } from '../apps/app-service.js';
import { SAMPLE_WORKSPACE, seedSampleApplication } from '../apps/sample.js';
import type { App } from '../apps/schemas.js';
import type { Subject } from '../iam/authorizer.js';
import type { KubeObject } from '../kube/cluster-connection.js';
import type { ClusterRegistry } from '../kube/cluster-connection.js';
import type { RunService } from '../workflow/run-service.js';
import type { WorkspaceService } from '../workspaces/workspace-service.js';

/** The environment the sample is first deployed to. */
export const SAMPLE_ENVIRONMENT = 'dev';

const BERTH: Subject = { userId: '', username: 'berth', platformAdmin: true, credential: 'token' };

/** What {@link seedAndDeploySample} needs. */
export interface SampleDeployDeps {
  workspaces: WorkspaceService;
  apps: AppService;
  connections: ClusterRegistry;
  ensureWorkspaceNamespace(workspace: string, cluster: string, namespace: string): Promise<unknown>;
  runs: Pick<RunService, 'create'>;
  logger: Logger;
  file?: string;
}

/** The objects the shop expects in its namespace: `db-credentials` and `shop-settings`. */
export function sampleNamespaceObjects(namespace: string, environment: string): KubeObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db-credentials', namespace },
      type: 'Opaque',
      stringData: { username: 'shop', password: randomBytes(18).toString('base64url') },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'shop-settings', namespace },
      data: { SHOP_ENV: environment, LOG_LEVEL: 'info', CURRENCY: 'EUR' },
    },
  ];
}

/**
 * Seeds the sample (when `demo` does not exist yet), provisions its namespaces and starts the
 * first run to `dev`. Returns the run id, or undefined when nothing was seeded.
 */
export async function seedAndDeploySample(deps: SampleDeployDeps): Promise<string | undefined> {
  const app = await seedSampleApplication(deps);
  if (!app) return undefined;
  await provisionNamespaces(deps, app);
  if (!app.environments.some((e) => e.name === SAMPLE_ENVIRONMENT)) return undefined;
  const run = await deps.runs.create(SAMPLE_WORKSPACE, app.name, { environment: SAMPLE_ENVIRONMENT }, BERTH);
  deps.logger.info({ workspace: SAMPLE_WORKSPACE, app: app.name, run: run.id }, 'deploying the sample application to dev');
  return run.id;
}

async function provisionNamespaces(deps: SampleDeployDeps, app: App): Promise<void> {
  for (const env of app.environments) {
    try {
      await deps.ensureWorkspaceNamespace(SAMPLE_WORKSPACE, env.cluster, env.namespace);
      const cluster = await deps.connections.get(env.cluster);
      const missing: KubeObject[] = [];
      for (const obj of sampleNamespaceObjects(env.namespace, env.name)) {
        const found = await cluster.get({ apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: env.namespace });
        if (!found) missing.push(obj);
      }
      if (missing.length > 0) await cluster.apply(missing, { fieldManager: 'berth-sample' });
    } catch (error) {
      deps.logger.warn({ err: error, env: env.name }, 'could not prepare the namespace of the sample application');
    }
  }
}
