/**
 * Deleting an application: one run of a single `undeploy` step per environment the application
 * is deployed to (from the deployment history), and the application removed once every one of
 * them succeeded. A failed run leaves the application `deleting` with the run visible among its
 * runs; deleting it again starts new runs for the environments still deployed.
 */
import { type Application, isRunFinished } from '@berth/core';
import type { Logger } from 'pino';
import type { AppService, DeletionRequest, DeletionStarted } from '../apps/app-service.js';
import type { Deployment, DeploymentHistory } from '../delivery/deployments.js';
import { DomainError } from '../http/errors.js';
import type { RunService } from '../workflow/run-service.js';
import type { RunStore, StoredRun } from '../workflow/run-store.js';
import { isUndeployPlan, singleStepPlan } from './plans.js';

/** What {@link installAppDeletion} needs. */
export interface AppDeletionDeps {
  apps: Pick<AppService, 'onDeletionRequested' | 'finalizeDeletion'>;
  /** The spec of a revision (the current one when absent), also of an application being deleted. */
  specOf(workspace: string, app: string, revision?: number): Promise<Application | undefined>;
  /** True while the application exists and is marked `deleting`. */
  isDeleting(workspace: string, app: string): Promise<boolean>;
  deployments: Pick<DeploymentHistory, 'history'>;
  runs: RunStore;
  service: Pick<RunService, 'startPlanned'>;
  logger: Logger;
}

/** Registers the deletion listener and the watcher that finalizes deletions. */
export function installAppDeletion(deps: AppDeletionDeps): void {
  deps.apps.onDeletionRequested((request) => startUndeploys(deps, request));
  deps.runs.onChange(({ run }) => {
    if (run.snapshot.state !== 'succeeded' || !isUndeployPlan(run.snapshot)) return;
    finishIfUndeployed(deps, run.workspace, run.application).catch((error: unknown) =>
      deps.logger.error({ err: error, workspace: run.workspace, app: run.application }, 'could not finish the deletion of an application'),
    );
  });
}

/** Starts (or finds running) one undeploy run per deployed environment; none deployed → removed now. */
export async function startUndeploys(deps: AppDeletionDeps, request: DeletionRequest): Promise<DeletionStarted> {
  const deployed = latestPerEnvironment(await deps.deployments.history(request.workspace, request.name));
  if (deployed.length === 0) {
    await deps.apps.finalizeDeletion(request.workspace, request.name);
    return { runs: [] };
  }
  const running = await unfinishedUndeploys(deps.runs, request.workspace, request.name);
  const ids: string[] = [];
  for (const deployment of deployed) {
    const existing = running.find((run) => run.environment === deployment.environment);
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    const spec = (await deps.specOf(request.workspace, request.name, deployment.revision)) ?? (await deps.specOf(request.workspace, request.name));
    if (!spec) throw new Error(`application ${request.name} has no spec to undeploy`);
    const run = await deps.service.startPlanned({
      workspace: request.workspace,
      revision: deployment.revision,
      cluster: deployment.cluster,
      namespace: deployment.namespace,
      spec,
      plan: singleStepPlan(request.name, deployment.environment, 'undeploy'),
      createdBy: request.requestedBy,
    });
    ids.push(run.id);
  }
  return { runs: ids };
}

/** Removes the application when it is being deleted, nothing is deployed and no undeploy runs. */
async function finishIfUndeployed(deps: AppDeletionDeps, workspace: string, app: string): Promise<void> {
  if (!(await deps.isDeleting(workspace, app))) return;
  if ((await deps.deployments.history(workspace, app)).length > 0) return;
  if ((await unfinishedUndeploys(deps.runs, workspace, app)).length > 0) return;
  try {
    await deps.apps.finalizeDeletion(workspace, app);
    deps.logger.info({ workspace, app }, 'application deleted: its objects are gone');
  } catch (error) {
    // Another replica finished it first.
    if (!(error instanceof DomainError)) throw error;
  }
}

function latestPerEnvironment(history: readonly Deployment[]): Deployment[] {
  const latest = new Map<string, Deployment>();
  for (const deployment of history) if (!latest.has(deployment.environment)) latest.set(deployment.environment, deployment);
  return [...latest.values()];
}

async function unfinishedUndeploys(runs: RunStore, workspace: string, app: string): Promise<StoredRun[]> {
  const found: StoredRun[] = [];
  let next: string | undefined;
  do {
    const page = await runs.list(workspace, { application: app }, { limit: 100, ...(next ? { continue: next } : {}) });
    found.push(...page.items.filter((run) => !isRunFinished(run.snapshot) && isUndeployPlan(run.snapshot)));
    next = page.continue;
  } while (next);
  return found;
}
