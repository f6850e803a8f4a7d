/**
 * The wiring of the control plane's capabilities: workflow ↔ apps (run source), workflow ↔
 * delivery (executors per delivery mode, and the `finalize` step ending every delivery run —
 * direct or gitops, each with its own `finalize` executor), deletion and rollback as runs, and
 * the first deploy of the sample application.
 */
import { withFinalizeStep } from '@berth/core';
import type { Capability, PlatformDeps } from '../app.js';
import { appsOf } from '../apps/capability.js';
import { applicationOf } from '../apps/revision-diff.js';
import { clustersOf } from '../clusters/capability.js';
import { DeploymentHistory } from '../delivery/deployments.js';
import { deliveryExecutors } from '../delivery/direct-executors.js';
import type { StepExecutor } from '../workflow/executor.js';
import { workflowOf } from '../workflow/capability.js';
import { installAppDeletion } from './deletion.js';
import { executorsByDeliveryMode } from './delivery-modes.js';
import { registerRollbackRoute } from './rollback.js';
import { appRunSource } from './run-source.js';
import { seedAndDeploySample } from './sample-deploy.js';

/** Tuning and extension points of the wiring. */
export interface WiringOptions {
  /** Direct delivery timings (production defaults: 60 s Degraded grace, 1 s polls). */
  delivery?: { degradedGraceMs?: number; pollMs?: number };
  /** The executors of `delivery: gitops` environments (the gitops capability); without them such steps fail with a reason. */
  gitopsExecutorsFor?(deps: PlatformDeps): readonly StepExecutor[];
}

/** The executors of the delivery job types for a platform, dispatched by the environment's delivery mode. */
export function deliveryExecutorsFor(deps: PlatformDeps, options: WiringOptions = {}): StepExecutor[] {
  const clusters = clustersOf(deps);
  const direct = deliveryExecutors({
    clusters: clusters.connections,
    deployments: new DeploymentHistory(deps),
    ensureNamespace: async (_cluster, target) => {
      await clusters.ensureWorkspaceNamespace(target.workspace, target.cluster, target.namespace);
    },
    ...options.delivery,
  });
  const gitops = options.gitopsExecutorsFor?.(deps);
  return executorsByDeliveryMode({ direct, ...(gitops ? { gitops } : {}) });
}

/** Where runs read application revisions: the apps capability. */
export function runSourceFor(deps: PlatformDeps) {
  return appRunSource(appsOf(deps).store);
}

/**
 * Delivery finalization, deletion and rollback as runs, and the sample's first deploy. List it
 * after `workflow`, `apps` and `clusters`.
 */
export function wiringCapability(): Capability {
  return {
    name: 'wiring',
    register(app, deps) {
      const apps = appsOf(deps);
      const clusters = clustersOf(deps);
      const workflow = workflowOf(deps);
      // Recording the deployed revision (and, direct, pruning) is a step of the run, after every
      // other: only a run that wholly succeeded is recorded, and the engine finishes the step
      // after a crash. Dispatched by delivery mode: gitops records only, its agent prunes.
      workflow.service.addPlanHook(withFinalizeStep);
      installAppDeletion({
        apps: apps.service,
        async specOf(workspace, name, revision) {
          const found = await apps.store.find(workspace, name);
          if (!found) return undefined;
          const row = revision === undefined ? found.current : await apps.store.revision(found.row.id, revision);
          return row ? applicationOf(row) : undefined;
        },
        isDeleting: async (workspace, name) => (await apps.store.find(workspace, name))?.row.status === 'deleting',
        deployments: new DeploymentHistory(deps),
        runs: workflow.runs,
        service: workflow.service,
        logger: deps.logger.child({ component: 'app-deletion' }),
      });
      registerRollbackRoute(app, {
        source: runSourceFor(deps),
        service: workflow.service,
        requireWorkspace: (name) => deps.workspaces.require(name),
      });
      deps.lifecycle.onStarted('sample application', async () => {
        if (!clusters.sandbox.firstRun) return;
        await seedAndDeploySample({
          workspaces: deps.workspaces,
          apps: apps.service,
          connections: clusters.connections,
          ensureWorkspaceNamespace: (ws, cluster, ns) => clusters.ensureWorkspaceNamespace(ws, cluster, ns),
          runs: workflow.service,
          logger: deps.logger,
        });
      });
    },
  };
}
